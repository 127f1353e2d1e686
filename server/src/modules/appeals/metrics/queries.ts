/**
 * The raw counts behind the appeal metrics: one SQL aggregation per grouping and period. Rates are not
 * computed here but in `definitions.ts` from these counts, so each definition lives in one place.
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
import { RAW_COUNT_KEYS, type RawCounts } from './definitions.js';

export const AREA_GROUPINGS = ['grid', 'community', 'street', 'district', 'city'] as const;
export const GROUPINGS = ['grid', 'community', 'street', 'district', 'department', 'city'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** Path segments of each area level's prefix: '/city/' has 1, a grid's path 5. */
const SEGMENTS: Record<Exclude<Grouping, 'department'>, number> = { city: 1, district: 2, street: 3, community: 4, grid: 5 };

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

const TERMINAL = sql.raw(`('closed','answered','not_accepted','merged')`);
const HOLDER_MODES = sql.raw(`('department','joint')`);

/**
 * Runs one statistics statement in its own transaction with JIT compilation off: these aggregations carry many
 * expressions and cross PostgreSQL's JIT cost thresholds, and compiling them took longer than running them
 * (measured: 0.3–2.3 s of JIT on 0.4–1.5 s queries). One transaction also gives every count one snapshot.
 */
async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
  });
}

const list = (ids: readonly string[]) => sql.join(ids.map((d) => sql`${d}::uuid`), sql`, `);

/** The scope predicate over `appeals`, with `deptColumn` naming the department a department row counts for. */
function inScope(scope: MetricsScope, deptColumn: SQL | null): SQL {
  const area = pathInRoots(appeals.regionPath, scope.roots);
  if (!deptColumn || scope.departmentIds.length === 0) return area;
  return sql`(${area} or ${deptColumn} in (${list(scope.departmentIds)}))`;
}

const inPeriod = (scope: MetricsScope, p: Period) =>
  sql`${appeals.cityId} = ${scope.cityId} and ${appeals.receivedAt} >= ${p.from.toISOString()}::timestamptz and ${appeals.receivedAt} < ${p.to.toISOString()}::timestamptz`;

/**
 * Every count of `RawCounts` over the `appeals` rows of the enclosing query, as select-list items named in
 * snake case. `dispatched` and `returned` can be replaced (department rows).
 */
function countColumns(period: Period, over: { dispatched?: SQL; returned?: SQL } = {}): SQL {
  return sql`
    count(*)::int as received,
    count(*) filter (where ${appeals.status} not in ('merged','not_accepted'))::int as valid,
    count(*) filter (where ${appeals.status} = 'answered')::int as answered,
    ${over.dispatched ?? sql`count(*) filter (where ${appeals.dispatchedAt} is not null)::int`} as dispatched,
    count(*) filter (where ${appeals.acceptedAt} is not null)::int as signed,
    count(*) filter (where ${appeals.acceptedAt} <= ${appeals.acceptBy})::int as signed_on_time,
    count(*) filter (where ${appeals.status} in ('closed','answered'))::int as completed,
    count(*) filter (where ${appeals.status} = 'closed')::int as closed,
    count(*) filter (where ${appeals.status} = 'closed' and ${appeals.repliedAt} <= ${appeals.dueBy})::int as closed_on_time,
    count(*) filter (where ${appeals.satisfaction} is not null)::int as visited,
    count(*) filter (where ${appeals.satisfaction} = 'satisfied')::int as satisfied,
    count(*) filter (where ${appeals.satisfaction} = 'basic')::int as basic,
    count(*) filter (where ${appeals.satisfaction} = 'unsatisfied')::int as unsatisfied,
    count(*) filter (where ${appeals.satisfaction} is not null or ${appeals.reopenCount} > 0)::int as visited_ever,
    count(*) filter (where ${appeals.reopenCount} > 0)::int as reopened,
    ${over.returned ?? sql`count(*) filter (where ${appeals.bounceCount} > 0)::int`} as returned,
    count(*) filter (where ${appeals.id} in (select x.appeal_id from appeal_transitions x
                       where x.command = 'approveExtension' and x.at >= ${period.from.toISOString()}::timestamptz))::int as extended,
    count(*) filter (where ${appeals.status} not in ('merged','not_accepted')
                       and ${appeals.id} in (select m.merged_into_id from appeals m where m.status = 'merged'))::int as repeated,
    count(*) filter (where ${appeals.overdueAt} is not null)::int as overdue,
    count(*) filter (where ${appeals.supervision} is not null)::int as supervised,
    count(*) filter (where ${appeals.status} not in ${TERMINAL})::int as open,
    coalesce(sum(date_part('epoch', ${appeals.closedAt} - ${appeals.receivedAt})) filter (where ${appeals.status} = 'closed'), 0) / 3600 as handling_hours`;
}

const SNAKE: Record<keyof RawCounts, string> = {
  received: 'received',
  valid: 'valid',
  answered: 'answered',
  dispatched: 'dispatched',
  signed: 'signed',
  signedOnTime: 'signed_on_time',
  completed: 'completed',
  closed: 'closed',
  closedOnTime: 'closed_on_time',
  visited: 'visited',
  satisfied: 'satisfied',
  basic: 'basic',
  unsatisfied: 'unsatisfied',
  visitedEver: 'visited_ever',
  reopened: 'reopened',
  returned: 'returned',
  extended: 'extended',
  repeated: 'repeated',
  overdue: 'overdue',
  supervised: 'supervised',
  open: 'open',
  handlingHours: 'handling_hours',
};

/** `sum(x)::int as x` for every count (handling hours as float8), over a derived table. */
const SUMS = sql.raw(RAW_COUNT_KEYS.map((k) => (k === 'handlingHours' ? `sum(handling_hours)::float8 as handling_hours` : `sum(${SNAKE[k]})::int as ${SNAKE[k]}`)).join(',\n    '));
/** Zeros for every count but the ones given, for a union branch that contributes only those. */
const zerosExcept = (given: Partial<Record<keyof RawCounts, SQL>>) =>
  sql.join(
    RAW_COUNT_KEYS.map((k) => (given[k] ? sql`${given[k]} as ${sql.raw(SNAKE[k])}` : sql.raw(k === 'handlingHours' ? `0::float8 as handling_hours` : `0 as ${SNAKE[k]}`))),
    sql`, `,
  );

type CountRow = Record<string, unknown> & { key: string | null; id: string | null; name: string | null; code: string | null };

const toCounts = (r: Record<string, unknown>): RawCounts =>
  Object.fromEntries(RAW_COUNT_KEYS.map((k) => [k, Number(r[SNAKE[k]] ?? 0)])) as unknown as RawCounts;

/** The raw counts of every unit of a grouping with cases in the period and scope. One SQL statement. */
export async function countsByUnit(db: DbOrTx, grouping: Grouping, period: Period, scope: MetricsScope): Promise<UnitCounts[]> {
  const result = grouping === 'department' ? await byDepartment(db, period, scope) : await byArea(db, grouping, period, scope);
  return result.map((r) => ({ key: r.key, id: r.id, name: r.name, code: r.code, counts: toCounts(r) }));
}

/**
 * Area units: counts per grid path first (few thousand rows at most, so the prefix is cut from those and
 * not from every case), then summed per prefix and named from `regions`.
 */
async function byArea(db: DbOrTx, grouping: Exclude<Grouping, 'department'>, period: Period, scope: MetricsScope) {
  const n = SEGMENTS[grouping];
  const prefix = sql.raw(`substring(k from '^(/(?:[^/]+/){${n}})')`);
  return rows<CountRow>(
    db,
    sql`
    with per_path as (
      select ${appeals.regionPath} as k, ${countColumns(period)}
      from ${appeals}
      where ${inPeriod(scope, period)} and ${inScope(scope, null)}
      group by ${appeals.regionPath}
    ), per_unit as (
      select ${prefix} as key, ${SUMS}
      from per_path
      group by 1
    )
    select u.*, r.id::text as id, r.name, r.code
    from per_unit u left join regions r on r.path = u.key and r.city_id = ${scope.cityId}
    order by u.key nulls last`,
  );
}

/** Departments: the holders' counts, plus `dispatched` and `returned` for earlier leads that returned the case. */
async function byDepartment(db: DbOrTx, period: Period, scope: MetricsScope) {
  const holder = sql`(${appeals.mode} in ${HOLDER_MODES} and ${appeals.leadDepartmentId} = x.department_id)`;
  return rows<CountRow>(
    db,
    sql`
    with per_dept as (
      select ${appeals.leadDepartmentId} as k, ${countColumns(period, { dispatched: sql`count(*)::int`, returned: sql`0` })}
      from ${appeals}
      where ${inPeriod(scope, period)} and ${appeals.mode} in ${HOLDER_MODES} and ${inScope(scope, sql`${appeals.leadDepartmentId}`)}
      group by ${appeals.leadDepartmentId}
      union all
      select x.department_id as k, ${zerosExcept({
        dispatched: sql`(count(distinct ${appeals.id}) filter (where not ${holder}))::int`,
        returned: sql`count(distinct ${appeals.id})::int`,
      })}
      from ${appeals}
      -- a look-up per returned case on the assignments' primary key (appeal_id first), not a scan of them all
      cross join lateral (
        select distinct y.department_id from appeal_assignments y
        where y.appeal_id = ${appeals.id} and y.role = 'lead' and y.round % 100 < ${appeals.bounceCount}
      ) x
      where ${inPeriod(scope, period)} and ${appeals.bounceCount} > 0 and ${inScope(scope, sql`x.department_id`)}
      group by x.department_id
    ), per_unit as (
      select k::text as key, ${SUMS} from per_dept group by k
    )
    select u.*, d.id::text as id, d.name, d.code
    from per_unit u left join departments d on d.id = u.key::uuid
    order by d.code nulls last, u.key`,
  );
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
  const res = await rows<Record<string, unknown>>(
    db,
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
  );
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
    const [c] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${appeals} where ${appeals.cityId} = ${scope.cityId} and ${inScope(scope, null)} and ${appeals.status} not in ${TERMINAL} and ${any}
        ${opts.reason ? sql`and ${reasonSql[opts.reason]}` : sql``}`,
    );
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
 * Return events in the period (by the time of the transition), in scope, counted by command, the
 * department that held the case, and (approved returns) the department that got it next.
 *
 * The holder is read from the lead assignments, not from the transition's payload: the k-th approved
 * return of a case ends the rounds whose bounce part (`round % 100`, rounds being reopenings × 100 +
 * returns) is k − 1 — a reopening keeps the department, so every round with that bounce part has the same
 * lead — and a request or rejection happens at the bounce part equal to the number of approved returns
 * before it. The next department is the lead of bounce part k.
 */
export async function bounceCounts(db: DbOrTx, period: Period, scope: MetricsScope): Promise<BounceRow[]> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const res = await rows<{ command: BounceRow['command']; from_id: string | null; from_name: string | null; to_id: string | null; to_name: string | null; n: number }>(
    db,
    sql`
    with ev as (
      select t.appeal_id, t.at, t.command,
        count(*) filter (where t.command = 'approveReturn')
          over (partition by t.appeal_id order by t.seq rows between unbounded preceding and 1 preceding) as b
      from appeal_transitions t
      where t.command in ('requestReturn','approveReturn','rejectReturn')
        and t.appeal_id in (select y.appeal_id from appeal_transitions y
                            where y.command in ('requestReturn','approveReturn','rejectReturn')
                              and y.at >= ${from}::timestamptz and y.at < ${to}::timestamptz)
    ), inp as (
      -- the events in the period, per case, round (bounce part) and command
      select ev.appeal_id, ev.b, ev.command, count(*)::int as n from ev
      where ev.at >= ${from}::timestamptz and ev.at < ${to}::timestamptz
      group by 1, 2, 3
    ), cases as materialized (
      -- each case in scope once, with the lead department of each bounce part: {"0": dept, "1": dept, …}
      select c.appeal_id,
        (select jsonb_object_agg((y.round % 100)::text, y.department_id) from appeal_assignments y
         where y.appeal_id = c.appeal_id and y.role = 'lead') as leads
      from (select distinct appeal_id from inp) c
      join ${appeals} on ${appeals.id} = c.appeal_id
      where ${appeals.cityId} = ${scope.cityId} and ${inScope(scope, null)}
    ), agg as (
      select inp.command, (cases.leads ->> inp.b::text)::uuid as from_id,
        case when inp.command = 'approveReturn' then (cases.leads ->> (inp.b + 1)::text)::uuid end as to_id,
        sum(inp.n)::int as n
      from inp join cases on cases.appeal_id = inp.appeal_id
      group by 1, 2, 3
    )
    select agg.command, agg.from_id::text as from_id, f.name as from_name, agg.to_id::text as to_id, g.name as to_name, agg.n
    from agg left join departments f on f.id = agg.from_id left join departments g on g.id = agg.to_id
    order by agg.n desc, f.name nulls last, g.name nulls last`,
  );
  return res.map((r) => ({ command: r.command, fromId: r.from_id, fromName: r.from_name, toId: r.to_id, toName: r.to_name, n: Number(r.n) }));
}
