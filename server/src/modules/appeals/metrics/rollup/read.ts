/**
 * The statistics as the routes read them: whole days, dekads, months and quarters from the rollup, the rest of
 * the period (its partial days at the ends, and every day marked stale) from the cases, summed in one statement. The answer
 * is the raw path's answer exactly (`rawCountsByUnit`, `rawBounceCounts`): the counts are additive, each case
 * is in exactly one bucket, and a bucket is read from the rollup only when no mark in the same snapshot says
 * a change since its refresh. So nothing is ever stale; a refresh only makes reading faster.
 *
 * Levels: rollup rows exist per region level 1–5 (city … grid). A reader's roots are read at their own level
 * (area rows at the grouping's level when it is finer), so a district reader reads a district's rows, not every
 * grid's. Department and return rows stop at communities (see LEVELS): a grid worker's department rows and
 * returns, and a root deeper than a grid (not granted to area readers today), are read by the raw path.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../../platform/db/client.js';
import { subtreeEnd } from '../../../../platform/access/scope.js';
import { instant, NAMED_SUMS, readTx, rowsOf, uuidList } from '../count-sql.js';
import {
  areaStatement,
  caseInScope,
  departmentStatement,
  isSmallArea,
  rawAreaSource,
  rawBounceCounts,
  rawCountsByUnit,
  rawDepartmentSource,
  rawReturnSource,
  returnsStatement,
  runCounts,
  runReturns,
  SEGMENTS,
  type BounceRow,
  type Grouping,
  type MetricsScope,
  type Period,
  type UnitCounts,
} from '../queries.js';
import { dayDate, planPeriod, wholeDays, type PeriodPlan } from './periods.js';
import { LEVELS } from './refresh.js';

/** Segments of a region path: '/1/' has 1. */
export const segments = (path: string) => path.split('/').length - 2;

/** The roots without duplicates and without any root inside another (those add nothing, and must not count twice). */
export function disjointRoots(roots: readonly string[]): string[] {
  const sorted = [...new Set(roots)].sort();
  return sorted.filter((r) => !sorted.some((o) => o !== r && r.startsWith(o)));
}

/** The days (YYYY-MM-DD) of the period with a stale mark of this kind, in the transaction's snapshot. */
async function staleDays(tx: DbOrTx, cityId: string, kind: 'received' | 'returns', period: Period): Promise<Set<string>> {
  const { first, end } = wholeDays(period);
  if (first >= end) return new Set();
  const rows = await rowsOf<{ day: string }>(
    tx,
    sql`select distinct to_char(day, 'YYYY-MM-DD') as day from appeal_stats_dirty
        where city_id = ${cityId} and kind = ${kind} and day >= ${dayDate(first)}::date and day < ${dayDate(end)}::date`,
  );
  return new Set(rows.map((r) => r.day));
}

const hasBuckets = (p: PeriodPlan) => p.buckets.length > 0;

/** The rollup rows of the plan's buckets. */
function inBuckets(p: PeriodPlan): SQL {
  return sql`(${sql.join(
    p.buckets.map((b) => sql`(span = ${b.span} and start >= ${b.from}::date and start < ${b.to}::date)`),
    sql` or `,
  )})`;
}

/** Rollup rows of the roots, each at its own level (`minLevel`: never coarser than this). */
function atRoots(roots: readonly string[], minLevel: number, exact: boolean): SQL {
  if (roots.length === 0) return sql`false`;
  return sql`(${sql.join(
    roots.map((r) => {
      const level = Math.max(minLevel, segments(r));
      return exact ? sql`(level = ${level} and key = ${r})` : sql`(level = ${level} and key >= ${r} and key < ${subtreeEnd(r)})`;
    }),
    sql` or `,
  )})`;
}

/** The raw counts of every unit of a grouping with cases in the period and scope (see the file's comment). */
export async function countsByUnit(db: DbOrTx, grouping: Grouping, period: Period, scope: MetricsScope): Promise<UnitCounts[]> {
  const roots = disjointRoots(scope.roots);
  const levels = LEVELS[grouping === 'department' ? 'appeal_stats_department' : 'appeal_stats_area'];
  if (roots.some((r) => segments(r) > levels)) return rawCountsByUnit(db, grouping, period, scope);
  return readTx(
    db,
    async (tx) => {
      const plan = planPeriod(period, await staleDays(tx, scope.cityId, 'received', period));
      const f = { cityId: scope.cityId, ranges: plan.raw, scope };
      const since = instant(period.from);
      const sources: SQL[] = [];
      if (grouping === 'department') {
        if (plan.raw.length) sources.push(rawDepartmentSource(f, since));
        if (hasBuckets(plan)) {
          const mine = scope.departmentIds.length ? sql`department_id in (${uuidList(scope.departmentIds)})` : sql`false`;
          sources.push(sql`
            select department_id as k, ${NAMED_SUMS} from appeal_stats_department
            where city_id = ${scope.cityId} and ${inBuckets(plan)}
              and ((${atRoots(roots, 1, true)} and not ${mine}) or (level = 1 and ${mine}))
            group by department_id`);
        }
        return runCounts(tx, departmentStatement(sources));
      }
      if (plan.raw.length) sources.push(rawAreaSource(f, since));
      if (hasBuckets(plan)) {
        sources.push(sql`
          select key as k, ${NAMED_SUMS} from appeal_stats_area
          where city_id = ${scope.cityId} and ${inBuckets(plan)} and ${atRoots(roots, SEGMENTS[grouping], false)}
          group by key`);
      }
      return runCounts(tx, areaStatement(grouping, scope, sources));
    },
    { snapshot: true },
  );
}

/** Return events in the period (by the time of the transition), in scope; see `rawBounceCounts` for the rules. */
export async function bounceCounts(db: DbOrTx, period: Period, scope: MetricsScope): Promise<BounceRow[]> {
  const roots = disjointRoots(scope.roots);
  if (roots.some((r) => segments(r) > LEVELS.appeal_stats_returns)) return rawBounceCounts(db, period, scope);
  return readTx(
    db,
    async (tx) => {
      const plan = planPeriod(period, await staleDays(tx, scope.cityId, 'returns', period));
      const sources: SQL[] = [];
      if (plan.raw.length) sources.push(rawReturnSource(plan.raw, caseInScope(scope), { casesFirst: isSmallArea(scope) }));
      if (hasBuckets(plan)) {
        sources.push(sql`
          select command, from_id, to_id, n from appeal_stats_returns
          where city_id = ${scope.cityId} and ${inBuckets(plan)} and ${atRoots(roots, 1, true)}`);
      }
      return runReturns(tx, returnsStatement(sources));
    },
    { snapshot: true },
  );
}
