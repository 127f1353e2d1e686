/**
 * The refresh of the statistics rollup (job `appeals.stats-rollup`): recomputes the buckets marked stale in
 * `appeal_stats_dirty` (the triggers of migration 0007 mark them in the transaction of every change that can
 * move a count) and deletes their marks, in the job's one transaction.
 *
 * Why the answers stay exact with any number of processes:
 * - Refreshes run one at a time (a transaction-level advisory lock), each after the previous one committed.
 * - The marks are deleted first, and the buckets recomputed by later statements: a change whose mark was
 *   deleted committed before the delete's snapshot, so the recomputation sees it; a change committing later
 *   leaves its mark for the next run. The rows are grouped with the same SQL as the raw path (`queries.ts`).
 * - Readers skip every bucket with a mark in their snapshot (rollup/read.ts), and a refresh's new rows and its
 *   deleted marks become visible together at its commit.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../../platform/db/client.js';
import { COUNT_LIST, instant, rowsOf, STORED_SUMS } from '../count-sql.js';
import { rawAreaSource, rawDepartmentSource, rawReturnSource } from '../queries.js';
import { bucketOf, dateDay, dayDate, dayStart, SPANS } from './periods.js';
import { appeals } from '../../schema.js';

/** Advisory lock of the refresh (the 72727400x family: migrations 1, audit sealing 2, demo seeding 3). */
export const ROLLUP_LOCK = 727274010;
/**
 * Levels of the region tree stored per table (1 city … 5 grid). Area rows go down to grids (grouping by grid needs
 * them). Department and return rows are read at the reader's root, and stop at communities: a grid holds few cases,
 * which the raw path reads quickly, and rows per (grid, department) would make those tables about twice as large.
 */
export const LEVELS: Record<Table, number> = { appeal_stats_area: 5, appeal_stats_department: 4, appeal_stats_returns: 4 };
/** How often the job runs. Between runs the days changed since the last one are read from the cases. */
export const ROLLUP_EVERY_SECONDS = 15;
/**
 * Days recomputed per run at most (the rest stay marked, and are read from the cases, until the next run). A day
 * of 2,700 cases takes about 0.1 s, so a run stays short and does not hold up the process's other jobs; a backlog
 * (a database upgraded with its cases) is worked off over a few minutes.
 */
export const DEFAULT_BATCH = 60;

export interface RefreshResult {
  /** Days recomputed: counts by receipt, and return events. */
  receivedDays: number;
  returnDays: number;
  /** Dekad, month and quarter buckets recomputed from the finer ones. */
  coarser: number;
}

type Kind = 'received' | 'returns';

/** Recomputes up to `batch` stale buckets (most recent first). Run inside a transaction. */
export async function refreshRollup(tx: DbOrTx, opts: { batch?: number } = {}): Promise<RefreshResult> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ROLLUP_LOCK})`);
  await tx.execute(sql`set local jit = off`);
  const taken = await rowsOf<{ city_id: string; kind: Kind; day: string }>(
    tx,
    sql`
    with picked as (
      select city_id, kind, day from appeal_stats_dirty group by 1, 2, 3 order by day desc limit ${opts.batch ?? DEFAULT_BATCH})
    delete from appeal_stats_dirty d using picked p
    where d.city_id = p.city_id and d.kind = p.kind and d.day = p.day
    returning d.city_id, d.kind, to_char(d.day, 'YYYY-MM-DD') as day`,
  );
  const byCity = new Map<string, Record<Kind, Set<number>>>();
  for (const t of taken) {
    const c = byCity.get(t.city_id) ?? { received: new Set<number>(), returns: new Set<number>() };
    c[t.kind].add(dateDay(t.day));
    byCity.set(t.city_id, c);
  }
  const result: RefreshResult = { receivedDays: 0, returnDays: 0, coarser: 0 };
  for (const [cityId, kinds] of byCity) {
    const received = [...kinds.received].sort((a, b) => a - b);
    const returns = [...kinds.returns].sort((a, b) => a - b);
    if (received.length) {
      result.coarser += await refreshTable(tx, 'appeal_stats_area', cityId, received);
      await refreshTable(tx, 'appeal_stats_department', cityId, received);
      result.receivedDays += received.length;
    }
    if (returns.length) {
      result.coarser += await refreshTable(tx, 'appeal_stats_returns', cityId, returns);
      result.returnDays += returns.length;
    }
  }
  return result;
}

/** Marks every day of every case stale (a full rebuild by the next runs), e.g. after restoring a backup. */
export async function markAllStale(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`
    insert into appeal_stats_dirty (city_id, kind, day)
    select distinct city_id, 'received', shanghai_day(received_at) from appeals`);
  await tx.execute(sql`
    insert into appeal_stats_dirty (city_id, kind, day)
    select distinct a.city_id, 'returns', shanghai_day(e.at) from appeal_transitions e join appeals a on a.id = e.appeal_id
    where e.command in ('requestReturn','approveReturn','rejectReturn')`);
}

export type Table = 'appeal_stats_area' | 'appeal_stats_department' | 'appeal_stats_returns';

/** The key columns of each table after (city_id, span, start, level, key), and its value columns. */
const SHAPE: Record<Table, { extra: string; values: SQL; sums: SQL }> = {
  appeal_stats_area: { extra: '', values: COUNT_LIST, sums: STORED_SUMS },
  appeal_stats_department: { extra: ', department_id', values: COUNT_LIST, sums: STORED_SUMS },
  appeal_stats_returns: { extra: ', command, from_id, to_id', values: sql.raw('n'), sums: sql.raw('sum(n)::int') },
};

/** Contiguous runs of day numbers as instant ranges. */
function dayRanges(days: number[]) {
  const out: Array<{ from: Date; to: Date }> = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    out.push({ from: dayStart(days[i]!), to: dayStart(days[j]! + 1) });
    i = j + 1;
  }
  return out;
}

const dates = (days: number[]) => sql.join(days.map((d) => sql`${dayDate(d)}::date`), sql`, `);

/** The key at a level: the path's prefix with `level` segments (area rows: the path itself when it has fewer). */
const levelKey = (table: Table) =>
  table === 'appeal_stats_area'
    ? sql.raw(`coalesce(substring(s.path from ${levelPattern}), s.path)`)
    : sql.raw(`substring(s.path from ${levelPattern})`);
const levelPattern = `'^(/(?:[^/]+/){' || lv || '})'`;

/** Recomputes the day buckets of one table for the given days of a city, then the coarser buckets holding them. */
async function refreshTable(tx: DbOrTx, table: Table, cityId: string, days: number[]): Promise<number> {
  const t = sql.raw(table);
  const shape = SHAPE[table];
  const extra = sql.raw(shape.extra);
  await tx.execute(sql`delete from ${t} where city_id = ${cityId} and span = 'day' and start in (${dates(days)})`);
  const ranges = dayRanges(days);
  const since = instant(ranges[0]!.from);
  const filter = { cityId, ranges, scope: null, byDay: true };
  // Per (day, path[, department | command, from, to]) first, then one row per level whose prefix exists.
  const source =
    table === 'appeal_stats_area'
      ? sql`select day, path, ${COUNT_LIST} from (${rawAreaSource(filter, since)}) x`
      : table === 'appeal_stats_department'
        ? sql`select day, path, k as department_id, ${COUNT_LIST} from (${rawDepartmentSource(filter, since)}) x`
        : sql`select day, path, command, from_id, to_id, n from (${rawReturnSource(ranges, sql`${appeals.cityId} = ${cityId}`, { byDay: true })}) x`;
  await tx.execute(sql`
    insert into ${t} (city_id, span, start, level, key${extra}, ${shape.values})
    select ${cityId}::uuid, 'day', s.day, lv, ${levelKey(table)} as key${extra}, ${shape.sums}
    from (${source}) s cross join generate_series(1, ${LEVELS[table]}) lv
    where ${levelKey(table)} is not null
    group by s.day, lv, key${extra}`);
  // Each coarser span from the next finer one: dekads from days, months from dekads, quarters from months.
  let coarser = 0;
  for (let i = 1; i < SPANS.length; i++) {
    const span = SPANS[i]!;
    const buckets = [...new Map(days.map((d) => bucketOf(span, d)).map((b) => [b.start, b])).values()];
    coarser += buckets.length;
    await tx.execute(sql`delete from ${t} where city_id = ${cityId} and span = ${span} and start in (${dates(buckets.map((b) => b.start))})`);
    const bounds = sql.join(
      buckets.map((b) => sql`(${dayDate(b.start)}::date, ${dayDate(b.end)}::date)`),
      sql`, `,
    );
    await tx.execute(sql`
      insert into ${t} (city_id, span, start, level, key${extra}, ${shape.values})
      select city_id, ${span}, b.s, level, key${extra}, ${shape.sums}
      from ${t} join (values ${bounds}) b(s, e) on start >= b.s and start < b.e
      where city_id = ${cityId} and span = ${SPANS[i - 1]!}
      group by city_id, b.s, level, key${extra}`);
  }
  return coarser;
}
