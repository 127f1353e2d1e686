import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import type { AppealState, Transition } from './machine.js';
import type { DeadlineRules } from './deadlines.js';
import { appeals, appealTransitions } from './schema.js';
import type { AppealRow } from './access.js';

const TERMINAL_AT = new Set(['closed', 'answered', 'not_accepted', 'merged']);

/** The stored state: the machine's state and the rules the case runs by. */
export interface StoredState extends AppealState {
  rules: DeadlineRules;
}

export const storedState = (row: AppealRow): StoredState => row.state as unknown as StoredState;

/**
 * Writes one accepted transition: the new state and the columns copied from it, guarded by the row's
 * version (a concurrent change makes this fail with 409 instead of being overwritten), and the
 * transition record whose sequence number is the new version.
 */
export async function persistTransition(
  tx: Tx,
  row: AppealRow,
  next: { state: AppealState; transition: Transition },
  meta: { actorId: string | null; actorRole: string; attachments?: string[]; data?: Record<string, unknown> },
  columns: Partial<Pick<AppealRow, 'mode' | 'assigneeUserId' | 'leadDepartmentId' | 'supervision'>> = {},
): Promise<AppealRow> {
  const s = next.state;
  const t = next.transition;
  const at = new Date(t.at);
  const rules = storedState(row).rules;
  const [updated] = await tx
    .update(appeals)
    .set({
      status: s.status,
      mode: columns.mode !== undefined ? columns.mode : s.mode,
      bounceCount: s.bounceCount,
      reopenCount: s.reopenCount,
      mergedIntoId: s.mergedInto,
      satisfaction: s.satisfaction,
      state: { ...s, rules } as unknown as Record<string, unknown>,
      acceptBy: new Date(s.deadlines.acceptBy),
      onSiteBy: s.deadlines.onSiteBy === null ? null : new Date(s.deadlines.onSiteBy),
      dueBy: new Date(s.deadlines.dueBy),
      warnAt: new Date(s.deadlines.warnAt),
      ...(t.command === 'dispatch' ? { dispatchedAt: at } : {}),
      ...(t.command === 'accept' ? { acceptedAt: at } : {}),
      ...(t.command === 'reply' ? { repliedAt: at } : {}),
      ...(TERMINAL_AT.has(s.status) ? { closedAt: at } : {}),
      ...(columns.assigneeUserId !== undefined ? { assigneeUserId: columns.assigneeUserId } : {}),
      ...(columns.leadDepartmentId !== undefined ? { leadDepartmentId: columns.leadDepartmentId } : {}),
      ...(columns.supervision !== undefined ? { supervision: columns.supervision } : {}),
      version: row.version + 1,
      updatedAt: at,
    })
    .where(and(eq(appeals.id, row.id), eq(appeals.version, row.version)))
    .returning();
  if (!updated) throw new AppError(409, 'appeal_changed', 'the case changed meanwhile');
  await tx.insert(appealTransitions).values({
    appealId: row.id,
    seq: updated.version,
    at,
    actorId: meta.actorId,
    actorRole: meta.actorRole,
    command: t.command,
    fromStatus: t.from,
    toStatus: t.to,
    note: t.note ?? null,
    attachments: [...(t.attachments ?? []), ...(meta.attachments ?? [])],
    data: meta.data ?? null,
  });
  return updated;
}
