import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { maskName } from '../../platform/pii/index.js';
import { subtreeEnd } from '../../platform/access/scope.js';
import type { LedgerKind } from './rules.js';
import { pointsEntries } from './schema.js';
import { presentEntry } from './present.js';

/** An account's entries, newest first, with the ids of those already corrected. */
export async function entriesOf(db: DbOrTx, kind: LedgerKind, userId: string, page: number, pageSize: number) {
  const where = and(eq(pointsEntries.kind, kind), eq(pointsEntries.userId, userId));
  const [rows, [total]] = await Promise.all([
    db.select().from(pointsEntries).where(where).orderBy(desc(pointsEntries.seq)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(pointsEntries).where(where),
  ]);
  return { items: rows.map(presentEntry), total: Number(total?.n ?? 0), page, pageSize };
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/**
 * Top N of a region's subtree by yearly standing (points_year_totals: one row per account and year, range-scanned
 * on (kind, city, year, region_path)); ties share a rank. Names are masked.
 */
export async function personRanking(db: DbOrTx, q: { kind: LedgerKind; cityId: string; year: number; regionPath: string; limit: number }) {
  const rows = rowsOf<{ user_id: string; total: number | string; rank: number | string; region_path: string; display_name: string | null }>(
    await db.execute(sql`
      with r as (
        select user_id, total, region_path, rank() over (order by total desc) as rank
        from points_year_totals
        where kind = ${q.kind} and city_id = ${q.cityId}::uuid and year = ${q.year}
          and region_path >= ${q.regionPath} and region_path < ${subtreeEnd(q.regionPath)}
        order by total desc, user_id limit ${q.limit}
      )
      select r.user_id::text as user_id, r.total, r.rank, r.region_path, u.display_name
      from r left join users u on u.id = r.user_id order by r.rank, r.user_id`),
  );
  return rows.map((r) => ({
    rank: Number(r.rank),
    userId: r.user_id,
    name: r.display_name ? maskName(r.display_name) : null,
    total: Number(r.total),
    regionPath: r.region_path,
  }));
}

/** The standing of the region's children (streets, communities, grids …): sum and number of accounts, best first. */
export async function regionRanking(db: DbOrTx, q: { kind: LedgerKind; cityId: string; year: number; regionId: string }) {
  const rows = rowsOf<{ id: string; name: string; total: number | string | null; accounts: number | string }>(
    await db.execute(sql`
      select c.id::text as id, c.name, sum(t.total) as total, count(t.user_id) as accounts
      from regions c
      left join points_year_totals t on t.kind = ${q.kind} and t.city_id = ${q.cityId}::uuid and t.year = ${q.year}
        and t.region_path >= c.path and t.region_path < c.path || '~'
      where c.parent_id = ${q.regionId}::uuid
      group by c.id, c.name order by 3 desc nulls last, c.name`),
  );
  return rows.map((r, i) => ({ rank: i + 1, regionId: r.id, name: r.name, total: Number(r.total ?? 0), accounts: Number(r.accounts) }));
}
