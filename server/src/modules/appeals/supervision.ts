import type { AppealRow } from './access.js';

export type SupervisionLevel = NonNullable<AppealRow['supervision']>;

/** Levels of supervision, mildest first: 催办 (urge), 督办 (supervise), 挂牌督办 (listed). */
export const SUPERVISION_LEVELS: readonly SupervisionLevel[] = ['urge', 'supervise', 'listed'];

/** How many departments touching a case counts as passing it around (推诿扯皮). */
export const BOUNCE_DEPARTMENTS = 3;

/**
 * The level a case earns by itself (a dispatcher may always raise it by hand):
 * - 挂牌 listed: overdue and returned twice or more;
 * - 督办 supervise: overdue, or an unsatisfied return visit;
 * - 催办 urge: returned twice or more, or three or more departments touched.
 * Null when none applies. Levels only ever go up.
 */
export function autoSupervision(
  row: Pick<AppealRow, 'overdueAt' | 'bounceCount' | 'satisfaction' | 'status'>,
  departmentsTouched: number,
): SupervisionLevel | null {
  const overdue = row.overdueAt !== null;
  const bounced = row.bounceCount >= 2;
  if (overdue && bounced) return 'listed';
  if (overdue || row.satisfaction === 'unsatisfied') return 'supervise';
  if (bounced || departmentsTouched >= BOUNCE_DEPARTMENTS) return 'urge';
  return null;
}
