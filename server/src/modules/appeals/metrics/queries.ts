/**
 * The raw counts behind the appeal metrics, straight from the cases: one SQL aggregation per grouping and
 * period (the raw path). Rates are not computed here but in `definitions.ts` from these counts, so each
 * definition lives in one place. The routes read `rollup/read.ts`, which gives the same counts from the
 * pre-aggregated days and months plus these sources over the rest of the period; the rollup's refresh
 * (`rollup/refresh.ts`) groups the cases with these same sources, and the tests use `rawCountsByUnit` and
 * `rawBounceCounts` as the oracle.
 *
 * Which cases count, and for which unit:
 * - A case counts in the period when `received_at` lies in [from, to), and in the caller's scope when its
 *   `region_path` lies under one of the caller's roots (or, for department handlers, when one of their
 *   departments leads it — department rows only).
 * - Area units (grid, community, street, district, city) by the materialised path: a case's `region_path` is
 *   its grid's path `/city/district/street/community/grid/`, so its community is the prefix with 4 segments,
 *   its street the one with 3, and so on. A case located in no grid carries the city's path: it counts in the
 *   city row and in a row with `key: null` (unlocated) for every finer grouping.
 * - Departments by their lead assignments (appeal_assignments, role lead). Each dispatch to a department (or
 *   a joint case's lead department) writes the lead of the case's round; a return ends the round. A case
 *   counts fully (every count) for the department leading its current round: that is `lead_department_id`
 *   while `mode` is `department` or `joint` (both are written by the same transition; after an approved
 *   return `mode` is null until the next dispatch). In addition, a department that led an earlier round
 *   which ended in an approved return counts the case in `dispatched` and `returned` only: it was given the
 *   case and returned it. Grid-handled cases (网格直派) have no lead assignment and no department row.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { pathInRoots } from '../../../platform/access/scope.js';
import { appeals } from '../schema.js';
import type { RawCounts } from './definitions.js';
import {
  countColumns,
  HOLDER_MODES,
  inRanges,
  instant,
  prefixPattern,
  readTx,
  RETURN_COMMANDS,
  rowsOf,
  SUMS,
  TERMINAL,
  toCounts,
  uuidList,
  zerosExcept,
  type Range,
} from './count-sql.js';

export const AREA_GROUPINGS = ['grid', 'community', 'street', 'district', 'city'] as const;
export const GROUPINGS = ['grid', 'community', 'street', 'district', 'department', 'city'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export type AreaGrouping = Exclude<Grouping, 'department'>;

/** Path segments of each area level's prefix: '/city/' has 1, a grid's path 5. */
export const SEGMENTS: Record<AreaGrouping, number> = { city: 1, district: 2, street: 3, community: 4, grid: 5 };

export interface MetricsScope {
  cityId: string;
  /** Region subtrees the caller reads (area roles). Empty: none. */
  roots: readonly string[];
  /** Departments whose cases the caller reads (department handlers); only used by department rows. */
  departmentIds: readonly string[];
}

export interface Period {
  from: Date;
  to: Date;
}

export interface UnitCounts {
  /** Region path (area units) or department id; null for cases in no unit of the level (unlocated). */
  key: string | null;
  id: string | null;
  name: string | null;
  code: string | null;
  counts: RawCounts;
}

type CountRow = Record<string, unknown> & { key: string | null; id: string | null; name: string | null; code: string | null };

/** The scope predicate over `appeals`, with `deptColumn` naming the department a department row counts for. */
function inScope(scope: MetricsScope, deptColumn: SQL | null): SQL {
  const area = pathInRoots(appeals.regionPath, scope.roots);
  if (!deptColumn || scope.departmentIds.length === 0) return area;
  return sql`(${area} or ${deptColumn} in (${uuidList(scope.departmentIds)}))`;
}

/**
 * Which cases a raw source reads: received in `ranges` in the city, and in the reader's scope (null: the whole
 * city, for the rollup's refresh). `byDay` adds the Shanghai day of receipt and the region path to the rows
 * (as `day` and `path`), so the rollup's refresh can store them per bucket and level.
 */
export interface CaseFilter {
  cityId: string;
  ranges: readonly Range[];
  scope: MetricsScope | null;
  byDay?: boolean;
}

const casesOf = (f: CaseFilter, deptColumn: SQL | null) =>
  sql`${appeals.cityId} = ${f.cityId} and ${inRanges(sql`${appeals.receivedAt}`, f.ranges)} and ${f.scope ? inScope(f.scope, deptColumn) : sql`true`}`;
const dayColumns = (f: CaseFilter) => (f.byDay ? sql`shanghai_day(${appeals.receivedAt}) as day, ${appeals.regionPath} as path, ` : sql``);
const dayGroup = (f: CaseFilter) => (f.byDay ? sql`shanghai_day(${appeals.receivedAt}), ${appeals.regionPath}, ` : sql``);

/**
 * The raw counts from `appeals` per region path (k) of the cases the filter selects: one source of an area
 * statement. `extendedSince` is the period's start (see `countColumns`).
 */
export function rawAreaSource(f: CaseFilter, extendedSince: SQL): SQL {
  return sql`select ${dayColumns(f)}${appeals.regionPath} as k, ${countColumns(extendedSince)}
    from ${appeals}
    where ${casesOf(f, null)}
    group by ${dayGroup(f)}${appeals.regionPath}`;
}

/**
 * Area units from sources of (k = a region path or a prefix of one with at least the level's segments, counts):
 * cut to the level's prefix (few thousand rows at most, not every case), summed and named from `regions`.
 */
export function areaStatement(grouping: AreaGrouping, scope: MetricsScope, sources: readonly SQL[]): SQL {
  const prefix = sql.raw(`substring(k from '${prefixPattern(SEGMENTS[grouping])}')`);
  return sql`
    with src as (${sql.join(sources.map((s) => sql`(${s})`), sql` union all `)}),
    per_unit as (select ${prefix} as key, ${SUMS} from src group by 1)
    select u.*, r.id::text as id, r.name, r.code
    from per_unit u left join regions r on r.path = u.key and r.city_id = ${scope.cityId}
    order by u.key nulls last`;
}

/**
 * The raw department counts (k = department id) of the cases the filter selects: the holders' counts, plus
 * `dispatched` and `returned` for earlier leads that returned the case.
 */
export function rawDepartmentSource(f: CaseFilter, extendedSince: SQL): SQL {
  const holder = sql`(${appeals.mode} in ${HOLDER_MODES} and ${appeals.leadDepartmentId} = x.department_id)`;
  return sql`
      select ${dayColumns(f)}${appeals.leadDepartmentId} as k, ${countColumns(extendedSince, { dispatched: sql`count(*)::int`, returned: sql`0` })}
      from ${appeals}
      where ${casesOf(f, sql`${appeals.leadDepartmentId}`)} and ${appeals.mode} in ${HOLDER_MODES}
      group by ${dayGroup(f)}${appeals.leadDepartmentId}
      union all
      select ${dayColumns(f)}x.department_id as k, ${zerosExcept({
        dispatched: sql`(count(distinct ${appeals.id}) filter (where not ${holder}))::int`,
        returned: sql`count(distinct ${appeals.id})::int`,
      })}
      from ${appeals}
      -- a look-up per returned case on the assignments' primary key (appeal_id first), not a scan of them all
      cross join lateral (
        select distinct y.department_id from appeal_assignments y
        where y.appeal_id = ${appeals.id} and y.role = 'lead' and y.round % 100 < ${appeals.bounceCount}
      ) x
      where ${casesOf(f, sql`x.department_id`)} and ${appeals.bounceCount} > 0
      group by ${dayGroup(f)}x.department_id`;
}

/** Department rows from sources of (k = department id, counts): summed and named from `departments`. */
export function departmentStatement(sources: readonly SQL[]): SQL {
  return sql`
    with src as (${sql.join(sources.map((s) => sql`(${s})`), sql` union all `)}),
    per_unit as (select k::text as key, ${SUMS} from src group by k)
    select u.*, d.id::text as id, d.name, d.code
    from per_unit u left join departments d on d.id = u.key::uuid
    order by d.code nulls last, u.key`;
}

export const toUnits = (rows: CountRow[]): UnitCounts[] => rows.map((r) => ({ key: r.key, id: r.id, name: r.name, code: r.code, counts: toCounts(r) }));

export async function runCounts(db: DbOrTx, statement: SQL): Promise<UnitCounts[]> {
  return toUnits(await rowsOf<CountRow>(db, statement));
}

/**
 * The raw counts of every unit of a grouping with cases in the period and scope, straight from the cases: one
 * SQL statement. The statistics read `countsByUnit` (rollup/read.ts), which gives the same answer from the rollup;
 * this path serves the parts of a period the rollup does not hold and is the oracle of the tests.
 */
export async function rawCountsByUnit(db: DbOrTx, grouping: Grouping, period: Period, scope: MetricsScope): Promise<UnitCounts[]> {
  const f: CaseFilter = { cityId: scope.cityId, ranges: [period], scope };
  const statement =
    grouping === 'department'
      ? departmentStatement([rawDepartmentSource(f, instant(period.from))])
      : areaStatement(grouping, scope, [rawAreaSource(f, instant(period.from))]);
  return readTx(db, (tx) => runCounts(tx, statement));
}

// ---- the supervision list (督办清单) ------------------------------------------------------------

export const SUPERVISION_REASONS = ['supervised', 'overdue', 'bounced', 'unsatisfied'] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];

/** Returned (退单) this many times or more puts a case on the list (as autoSupervision counts it). */
export const LIST_BOUNCES = 2;

export interface SupervisionItem {
  id: string;
  number: string;
  title: string;
  status: string;
  regionPath: string;
  gridId: string | null;
  gridName: string | null;
  leadDepartmentId: string | null;
  departmentName: string | null;
  supervision: string | null;
  overdueAt: Date | null;
  bounceCount: number;
  satisfaction: string | null;
  receivedAt: Date;
  dueBy: Date | null;
  reasons: SupervisionReason[];
}

/**
 * The supervision list: unfinished cases in scope that are supervised (催办 / 督办 / 挂牌), marked overdue,
 * returned twice or more, or visited with an unsatisfied result; each with the reasons that put it there.
 * Most pressing first: supervision level, then overdue, then the oldest deadline.
 */
export async function supervisionList(
  db: DbOrTx,
  scope: MetricsScope,
  opts: { reason?: SupervisionReason; limit: number; offset: number },
): Promise<{ items: SupervisionItem[]; total: number }> {
  const reasonSql: Record<SupervisionReason, SQL> = {
    supervised: sql`${appeals.supervision} is not null`,
    overdue: sql`${appeals.overdueAt} is not null`,
    bounced: sql`${appeals.bounceCount} >= ${sql.raw(String(LIST_BOUNCES))}`,
    unsatisfied: sql`${appeals.satisfaction} = 'unsatisfied'`,
  };
  const any = sql`(${sql.join(SUPERVISION_REASONS.map((r) => reasonSql[r]), sql` or `)})`;
  const order = (t: string) =>
    sql.raw(
      `case ${t}.supervision when 'listed' then 3 when 'supervise' then 2 when 'urge' then 1 else 0 end desc, ` +
        `(${t}.overdue_at is not null) desc, ${t}.due_by asc nulls last, ${t}.received_at asc, ${t}.id`,
    );
  // Two steps: the matches are sorted and counted from the columns an index can carry (see the proposed
  // partial index appeals_supervision_list_idx), and only the page's rows are read in full.
  const res = await readTx(db, (tx) => rowsOf<Record<string, unknown>>(
    tx,
    sql`
    with page as (
      select ${appeals.id} as id, ${appeals.supervision} as supervision, ${appeals.overdueAt} as overdue_at, ${appeals.dueBy} as due_by,
        ${appeals.receivedAt} as received_at, count(*) over ()::int as total
      from ${appeals}
      where ${appeals.cityId} = ${scope.cityId} and ${inScope(scope, null)}
        and ${appeals.status} not in ${TERMINAL} and ${any}
        ${opts.reason ? sql`and ${reasonSql[opts.reason]}` : sql``}
      order by ${order('appeals')}
      limit ${opts.limit} offset ${opts.offset}
    )
    select a.id, a.number, a.title, a.status, a.region_path, a.grid_id, g.name as grid_name, a.lead_department_id, d.name as department_name,
      a.supervision, a.overdue_at, a.bounce_count, a.satisfaction, a.received_at, a.due_by, page.total
    from page
    join appeals a on a.id = page.id
    left join regions g on g.id = a.grid_id
    left join departments d on d.id = a.lead_department_id and a.mode in ${HOLDER_MODES}
    order by ${order('page')}`,
  ));
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
  const items = res.map((r): SupervisionItem => {
    const bounceCount = Number(r.bounce_count);
    const reasons: SupervisionReason[] = [];
    if (r.supervision !== null) reasons.push('supervised');
    if (r.overdue_at !== null) reasons.push('overdue');
    if (bounceCount >= LIST_BOUNCES) reasons.push('bounced');
    if (r.satisfaction === 'unsatisfied') reasons.push('unsatisfied');
    return {
      id: String(r.id),
      number: String(r.number),
      title: String(r.title),
      status: String(r.status),
      regionPath: String(r.region_path),
      gridId: (r.grid_id as string | null) ?? null,
      gridName: (r.grid_name as string | null) ?? null,
      leadDepartmentId: (r.lead_department_id as string | null) ?? null,
      departmentName: (r.department_name as string | null) ?? null,
      supervision: (r.supervision as string | null) ?? null,
      overdueAt: date(r.overdue_at),
      bounceCount,
      satisfaction: (r.satisfaction as string | null) ?? null,
      receivedAt: date(r.received_at)!,
      dueBy: date(r.due_by),
      reasons,
    };
  });
  // A page past the end has no rows to carry the total: count alone then.
  let total = res.length ? Number(res[0]!.total) : 0;
  if (!res.length && opts.offset > 0) {
    const [c] = await readTx(db, (tx) => rowsOf<{ n: number }>(
      tx,
      sql`select count(*)::int as n from ${appeals} where ${appeals.cityId} = ${scope.cityId} and ${inScope(scope, null)} and ${appeals.status} not in ${TERMINAL} and ${any}
        ${opts.reason ? sql`and ${reasonSql[opts.reason]}` : sql``}`,
    ));
    total = Number(c?.n ?? 0);
  }
  return { items, total };
}

// ---- returns between departments (退单) --------------------------------------------------------

export interface BounceRow {
  command: 'requestReturn' | 'approveReturn' | 'rejectReturn';
  /** The department leading the case when the return was asked or decided; null for a grid case (网格直派). */
  fromId: string | null;
  fromName: string | null;
  /** Approved returns: the department the case was dispatched to next; null if none (yet) or the grid. */
  toId: string | null;
  toName: string | null;
  n: number;
}

/**
 * Return events whose transition time lies in `ranges`, of cases in scope, counted by command, the department
 * that held the case, and (approved returns) the department that got it next: (command, from_id, to_id, n), one
 * source of a returns statement. `byDay` adds the Shanghai day of the event and the case's region path (the
 * rollup's refresh).
 *
 * The holder is read from the lead assignments, not from the transition's payload: the k-th approved
 * return of a case ends the rounds whose bounce part (`round % 100`, rounds being reopenings × 100 +
 * returns) is k − 1 — a reopening keeps the department, so every round with that bounce part has the same
 * lead — and a request or rejection happens at the bounce part equal to the number of approved returns
 * before it. The next department is the lead of bounce part k.
 */
export function rawReturnSource(ranges: readonly Range[], caseFilter: SQL, opts: { byDay?: boolean; casesFirst?: boolean } = {}): SQL {
  const byDay = opts.byDay ?? false;
  // casesFirst (a small area: a community or a grid) looks the events up from the area's cases, not the reverse.
  const seed = opts.casesFirst
    ? sql`select y.appeal_id from ${appeals} join appeal_transitions y on y.appeal_id = ${appeals.id}
          where ${caseFilter} and y.command in ${RETURN_COMMANDS} and ${inRanges(sql`y.at`, ranges)}`
    : sql`select y.appeal_id from appeal_transitions y where y.command in ${RETURN_COMMANDS} and ${inRanges(sql`y.at`, ranges)}`;
  return sql`
    with ev as (
      select t.appeal_id, t.at, t.command,
        count(*) filter (where t.command = 'approveReturn')
          over (partition by t.appeal_id order by t.seq rows between unbounded preceding and 1 preceding) as b
      from appeal_transitions t
      where t.command in ${RETURN_COMMANDS} and t.appeal_id in (${seed})
    ), inp as (
      -- the events in the ranges, per case, round (bounce part) and command
      select ev.appeal_id, ev.b, ev.command, ${byDay ? sql`shanghai_day(ev.at) as day,` : sql``} count(*)::int as n from ev
      where ${inRanges(sql`ev.at`, ranges)}
      group by 1, 2, 3 ${byDay ? sql`, 4` : sql``}
    ), cases as materialized (
      -- each case in scope once, with the lead department of each bounce part: {"0": dept, "1": dept, …}
      select c.appeal_id, ${appeals.cityId} as city_id, ${appeals.regionPath} as path,
        (select jsonb_object_agg((y.round % 100)::text, y.department_id) from appeal_assignments y
         where y.appeal_id = c.appeal_id and y.role = 'lead') as leads
      from (select distinct appeal_id from inp) c
      join ${appeals} on ${appeals.id} = c.appeal_id
      where ${caseFilter}
    )
    select ${byDay ? sql`inp.day, cases.path,` : sql``} inp.command, (cases.leads ->> inp.b::text)::uuid as from_id,
      case when inp.command = 'approveReturn' then (cases.leads ->> (inp.b + 1)::text)::uuid end as to_id,
      sum(inp.n)::int as n
    from inp join cases on cases.appeal_id = inp.appeal_id
    group by ${byDay ? sql`inp.day, cases.path,` : sql``} inp.command, from_id, to_id`;
}

/** The case filter of a reader: the city and the region subtrees of the scope. */
export const caseInScope = (scope: MetricsScope) => sql`${appeals.cityId} = ${scope.cityId} and ${inScope(scope, null)}`;

/** Return rows from sources of (command, from_id, to_id, n), summed and named. */
export function returnsStatement(sources: readonly SQL[]): SQL {
  return sql`
    with src as (${sql.join(sources.map((s) => sql`(${s})`), sql` union all `)}),
    agg as (select command, from_id, to_id, sum(n)::int as n from src group by 1, 2, 3)
    select agg.command, agg.from_id::text as from_id, f.name as from_name, agg.to_id::text as to_id, g.name as to_name, agg.n
    from agg left join departments f on f.id = agg.from_id left join departments g on g.id = agg.to_id
    order by agg.n desc, f.name nulls last, g.name nulls last`;
}

type ReturnRow = { command: BounceRow['command']; from_id: string | null; from_name: string | null; to_id: string | null; to_name: string | null; n: number };

export async function runReturns(db: DbOrTx, statement: SQL): Promise<BounceRow[]> {
  const res = await rowsOf<ReturnRow>(db, statement);
  return res.map((r) => ({ command: r.command, fromId: r.from_id, fromName: r.from_name, toId: r.to_id, toName: r.to_name, n: Number(r.n) }));
}

/** Return events in the period (by the time of the transition), in scope, straight from the transitions. */
export async function rawBounceCounts(db: DbOrTx, period: Period, scope: MetricsScope): Promise<BounceRow[]> {
  const casesFirst = isSmallArea(scope);
  return readTx(db, (tx) => runReturns(tx, returnsStatement([rawReturnSource([period], caseInScope(scope), { casesFirst })])));
}

/** Roots no coarser than a community, and no department of a handler (which reaches the whole city). */
export const isSmallArea = (scope: MetricsScope) =>
  scope.roots.length > 0 && scope.departmentIds.length === 0 && scope.roots.every((r) => r.split('/').length - 2 >= SEGMENTS.community);
