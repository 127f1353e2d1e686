import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { roleGrants } from '../../platform/access/schema.js';
import { departmentByCode, type DepartmentRow } from '../departments/queries.js';
import type { CategoryRow } from './categories.js';
import { appealRoutingRules } from './schema.js';

export interface Route {
  mode: 'grid' | 'joint' | 'department';
  leadDepartmentId: string | null;
  assistDepartmentIds: string[];
  /** The grid worker for grid cases (the first worker granted at the case's grid), if any. */
  assigneeUserId: string | null;
  /** Which rule decided, for the record: a rule id, or 'category'. */
  decidedBy: string;
}

/**
 * Category × area → who handles the case. The most specific routing rule wins: the deepest area above the
 * case, then the category nearest the case's own, then the highest priority. Without a rule, the
 * category's own handling and department apply. A grid case without a grid (the point lies in no grid)
 * goes to the category's department instead.
 */
export async function resolveRoute(
  db: DbOrTx,
  input: { cityId: string; chain: CategoryRow[]; regionPath: string; gridId: string | null },
  /** The city's routing rules and departments when the caller has them at hand (intake caches them per process). */
  preloaded?: { rules: readonly RoutingRuleRow[]; departments: readonly DepartmentRow[]; gridWorkers: ReadonlyMap<string, string> },
): Promise<Route> {
  const ids = input.chain.map((c) => c.id);
  const rules = !ids.length
    ? []
    : preloaded
      ? preloaded.rules.filter((r) => r.cityId === input.cityId && ids.includes(r.categoryId))
      : await db.select().from(appealRoutingRules).where(and(eq(appealRoutingRules.cityId, input.cityId), inArray(appealRoutingRules.categoryId, ids)));
  const byCode = (code: string) =>
    preloaded ? Promise.resolve(nearestDepartment(preloaded.departments, input.cityId, code, input.regionPath)) : departmentByCode(db, input.cityId, code, input.regionPath);
  const applicable = rules
    .filter((r) => input.regionPath.startsWith(r.regionPath))
    .sort(
      (a, b) =>
        b.regionPath.length - a.regionPath.length || ids.indexOf(a.categoryId) - ids.indexOf(b.categoryId) || b.priority - a.priority,
    );
  const rule = applicable[0];
  const category = input.chain[0]!;
  let mode = rule?.mode ?? category.handling;
  let lead = rule?.leadDepartmentId ?? null;
  let assists = rule?.assistDepartmentIds ?? [];
  if (!rule) {
    const code = input.chain.find((c) => c.departmentCode)?.departmentCode;
    lead = code ? ((await byCode(code))?.id ?? null) : null;
    if (mode === 'joint') {
      const codes = input.chain.find((c) => c.assistDepartmentCodes.length > 0)?.assistDepartmentCodes ?? [];
      const found = await Promise.all(codes.map((c) => byCode(c)));
      assists = found.filter((d): d is NonNullable<typeof d> => Boolean(d)).map((d) => d.id);
    }
  }
  let assignee: string | null = null;
  if (mode === 'grid') {
    if (input.gridId && preloaded) {
      assignee = preloaded.gridWorkers.get(input.gridId) ?? null;
    } else if (input.gridId) {
      const [w] = await db
        .select({ userId: roleGrants.userId })
        .from(roleGrants)
        .where(and(eq(roleGrants.regionId, input.gridId), eq(roleGrants.role, 'grid_worker')))
        .orderBy(roleGrants.createdAt, roleGrants.id)
        .limit(1);
      assignee = w?.userId ?? null;
    }
    if (!assignee) mode = 'department';
  }
  return { mode, leadDepartmentId: lead, assistDepartmentIds: assists, assigneeUserId: assignee, decidedBy: rule?.id ?? 'category' };
}

export type RoutingRuleRow = typeof appealRoutingRules.$inferSelect;

/** `departmentByCode` over rows at hand: the active department of that code at the deepest node above the case. */
export function nearestDepartment(rows: readonly DepartmentRow[], cityId: string, code: string, regionPath: string): DepartmentRow | undefined {
  return rows
    .filter((d) => d.cityId === cityId && d.code === code && d.active && regionPath.startsWith(d.regionPath))
    .sort((a, b) => b.regionPath.length - a.regionPath.length)[0];
}
