import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { AppealRow } from './access.js';
import { categoryChain } from './categories.js';
import { resolveRoute, type RoutingRuleRow } from './routing.js';
import { appealRoutingRules } from './schema.js';

/** What routing would decide for a case now: the dispatcher's one-click suggestion. */
export interface SuggestedRoute {
  mode: 'grid' | 'joint' | 'department';
  leadDepartmentId: string | null;
  assistDepartmentIds: string[];
  assigneeUserId: string | null;
  /** The routing rule that decided, or null when the category's own handling did. */
  rule: Pick<RoutingRuleRow, 'id' | 'categoryId' | 'regionId' | 'regionPath' | 'priority'> | null;
}

/** The routing suggestion for a case waiting for dispatch (待派单), by the same resolution as intake; null otherwise. */
export async function suggestedRoute(db: DbOrTx, a: AppealRow): Promise<SuggestedRoute | null> {
  if (a.status !== 'pending_dispatch') return null;
  const chain = await categoryChain(db, a.categoryId);
  if (chain.length === 0) return null;
  const route = await resolveRoute(db, { cityId: a.cityId, chain, regionPath: a.regionPath, gridId: a.gridId });
  const [rule] =
    route.decidedBy === 'category'
      ? []
      : await db
          .select({ id: appealRoutingRules.id, categoryId: appealRoutingRules.categoryId, regionId: appealRoutingRules.regionId, regionPath: appealRoutingRules.regionPath, priority: appealRoutingRules.priority })
          .from(appealRoutingRules)
          .where(eq(appealRoutingRules.id, route.decidedBy))
          .limit(1);
  return {
    mode: route.mode,
    leadDepartmentId: route.leadDepartmentId,
    assistDepartmentIds: route.assistDepartmentIds,
    assigneeUserId: route.assigneeUserId,
    rule: rule ?? null,
  };
}
