/**
 * The SQL pieces every statistics statement shares: the raw counts of `RawCounts` as select-list items, their
 * sums, and the conversion of a result row to `RawCounts`. The raw path (`queries.ts`), the rollup's refresh
 * and its reads (`rollup/`) all build on these, so a count is defined once in SQL.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client.js';
import { appeals } from '../schema.js';
import { RAW_COUNT_KEYS, type RawCounts } from './definitions.js';

export const TERMINAL = sql.raw(`('closed','answered','not_accepted','merged')`);
export const HOLDER_MODES = sql.raw(`('department','joint')`);
export const RETURN_COMMANDS = sql.raw(`('requestReturn','approveReturn','rejectReturn')`);

/** A half-open interval of receipt (or transition) instants. */
export interface Range {
  from: Date;
  to: Date;
}

/** The column names of the counts in SQL (snake case); handling time travels as exact seconds until the end. */
export const SNAKE: Record<keyof RawCounts, string> = {
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
  handlingHours: 'handling_seconds',
};

/** The integer counts (every count but the handling time), in the order of RAW_COUNT_KEYS. */
export const INT_COLUMNS = RAW_COUNT_KEYS.filter((k) => k !== 'handlingHours').map((k) => SNAKE[k]);
/** Every count column as stored in the rollup tables and produced by `countColumns`. */
export const COUNT_COLUMNS = [...INT_COLUMNS, 'handling_seconds'];

/**
 * Every count of `RawCounts` over the `appeals` rows of the enclosing query, as select-list items named as in
 * COUNT_COLUMNS. `extendedSince`: approvals of an extension are looked up from this instant on (an extension
 * cannot precede the receipt, so any instant not after the earliest receipt counted gives the same count).
 * `dispatched` and `returned` can be replaced (department rows). Handling time is the exact sum of seconds
 * (numeric), divided by 3600 only once the rows are summed (`SUMS`), so every way of adding up the same cases
 * gives the same number to the last bit.
 */
export function countColumns(extendedSince: SQL, over: { dispatched?: SQL; returned?: SQL } = {}): SQL {
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
                       where x.command = 'approveExtension' and x.at >= ${extendedSince}))::int as extended,
    count(*) filter (where ${appeals.status} not in ('merged','not_accepted')
                       and ${appeals.id} in (select m.merged_into_id from appeals m where m.status = 'merged'))::int as repeated,
    count(*) filter (where ${appeals.overdueAt} is not null)::int as overdue,
    count(*) filter (where ${appeals.supervision} is not null)::int as supervised,
    count(*) filter (where ${appeals.status} not in ${TERMINAL})::int as open,
    coalesce(sum(extract(epoch from ${appeals.closedAt} - ${appeals.receivedAt})) filter (where ${appeals.status} = 'closed'), 0) as handling_seconds`;
}

/** The count columns as plain names (a union branch reading a rollup table). */
export const COUNT_LIST = sql.raw(COUNT_COLUMNS.join(', '));

/** `sum(x)::int as x` for every count, and the handling hours (float8) from the exact seconds: the final sums. */
export const SUMS = sql.raw(
  [...INT_COLUMNS.map((c) => `sum(${c})::int as ${c}`), `(sum(handling_seconds) / 3600)::float8 as handling_hours`].join(',\n    '),
);

/** The same sums kept as stored counts (seconds, not hours): rows written into a rollup table. */
export const STORED_SUMS = sql.raw([...INT_COLUMNS.map((c) => `sum(${c})::int`), `sum(handling_seconds)`].join(', '));

/** The same sums named as the counts (a rollup table's rows of one key summed before they meet other sources). */
export const NAMED_SUMS = sql.raw([...INT_COLUMNS.map((c) => `sum(${c})::int as ${c}`), `sum(handling_seconds) as handling_seconds`].join(', '));

/** Zeros for every count but the ones given, for a union branch that contributes only those. */
export const zerosExcept = (given: Partial<Record<keyof RawCounts, SQL>>) =>
  sql.join(
    RAW_COUNT_KEYS.map((k) => (given[k] ? sql`${given[k]} as ${sql.raw(SNAKE[k])}` : sql.raw(k === 'handlingHours' ? `0::numeric as handling_seconds` : `0 as ${SNAKE[k]}`))),
    sql`, `,
  );

/** A result row of the sums (SUMS) as RawCounts. */
export const toCounts = (r: Record<string, unknown>): RawCounts =>
  Object.fromEntries(RAW_COUNT_KEYS.map((k) => [k, Number(r[k === 'handlingHours' ? 'handling_hours' : SNAKE[k]] ?? 0)])) as unknown as RawCounts;

export const instant = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** `col` in any of the ranges (an empty list is false). */
export function inRanges(col: SQL, ranges: readonly Range[]): SQL {
  if (ranges.length === 0) return sql`false`;
  return sql`(${sql.join(
    ranges.map((r) => sql`(${col} >= ${instant(r.from)} and ${col} < ${instant(r.to)})`),
    sql` or `,
  )})`;
}

export const uuidList = (ids: readonly string[]) => sql.join(ids.map((d) => sql`${d}::uuid`), sql`, `);

/** The regular expression that cuts a region path to its first `n` segments ('/city/' has 1, a grid's path 5). */
export const prefixPattern = (n: number) => `^(/(?:[^/]+/){${n}})`;

/**
 * Runs statistics statements in one transaction with JIT compilation off: these aggregations carry many
 * expressions and cross PostgreSQL's JIT cost thresholds, and compiling them took longer than running them
 * (measured: 0.3–2.3 s of JIT on 0.4–1.5 s queries). `repeatable read` gives every statement of `fn` one snapshot
 * (the rollup reads its stale marks and then the counts, and both must agree).
 */
export async function readTx<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>, opts: { snapshot?: boolean } = {}): Promise<T> {
  return db.transaction(async (tx) => {
    if (opts.snapshot) await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    await tx.execute(sql`set local jit = off`);
    return fn(tx as unknown as DbOrTx);
  });
}

export async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
