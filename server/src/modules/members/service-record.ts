import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { memberVisits } from './schema.js';

/** The quarter [from, to) containing a day, as YYYY-MM-DD (Asia/Shanghai dates). */
export function quarterOf(day: string): { from: string; to: string } {
  const y = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  const from = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  const to = q === 3 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 4).padStart(2, '0')}-01`;
  return { from, to };
}

export const todayInShanghai = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Sources of community service for a member over a period [from, to): each returns counts by member id. The
 * register counts its own visits (1+10, 四必访); other modules (activities: an approved attendance) register theirs
 * with `addServiceSource` from their manifest.
 */
export type ServiceSource = (db: DbOrTx, memberIds: readonly string[], from: string, to: string) => Promise<Map<string, number>>;
const sources: ServiceSource[] = [];
export const addServiceSource = (s: ServiceSource) => void sources.push(s);

/** Services per member over [from, to), summed over every source. */
export async function serviceCounts(db: DbOrTx, memberIds: readonly string[], from: string, to: string): Promise<Map<string, number>> {
  const total = new Map<string, number>();
  if (memberIds.length === 0) return total;
  for (let i = 0; i < memberIds.length; i += 5000) {
    const rows = await db
      .select({ id: memberVisits.memberId, n: sql<number>`count(*)::int` })
      .from(memberVisits)
      .where(and(inArray(memberVisits.memberId, memberIds.slice(i, i + 5000)), gte(memberVisits.visitedOn, from), lt(memberVisits.visitedOn, to)))
      .groupBy(memberVisits.memberId);
    for (const r of rows) total.set(r.id, Number(r.n));
  }
  for (const s of sources) for (const [id, n] of await s(db, memberIds, from, to)) total.set(id, (total.get(id) ?? 0) + n);
  return total;
}
