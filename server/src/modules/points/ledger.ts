/**
 * The points ledger: the one way points change. Other modules call postEntry / awardByRule inside their own
 * runCommand transaction, so that their change and the points commit together. See docs/modules/points.md.
 *
 * Every posting to an account (kind, user):
 *   1. locks the account row (created on first use) — the chain head and the cached balance;
 *   2. returns the first entry if the idempotency key was used before (a replay changes nothing);
 *   3. in ONE statement: the conditional update `balance = balance + d … where balance + d >= 0` (which also
 *      advances the chain head), the insert of the entry and the yearly total — no row when the balance would go
 *      below zero → 409 points_insufficient. CHECK (balance >= 0) backs it up.
 */
import { and, eq, sql } from 'drizzle-orm';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { newId } from '../../platform/db/columns.js';
import { entryHash } from './chain.js';
import { cycleStart, shanghaiYear } from './cycles.js';
import { findRule, type LedgerKind } from './rules.js';
import { pointsAccounts, pointsEntries } from './schema.js';

export type { LedgerKind } from './rules.js';

export interface PostEntry {
  kind: LedgerKind;
  cityId: string;
  userId: string;
  /** Whole points: > 0 earn, < 0 spend; never 0. */
  delta: number;
  /** A code, e.g. 'activity_attend', 'wish_fulfilled', 'store_redeem', 'store_cancel', 'correction'. */
  reason: string;
  sourceType: string;
  sourceId: string;
  /** Unique per (kind, key): posting again returns the first entry and changes nothing. */
  idempotencyKey: string;
  actorUserId?: string | null;
  note?: string | null;
}

export interface PostResult {
  entryId: string;
  balance: number;
  replayed: boolean;
}

/** The role whose grant gives an account its region (for the rankings). */
const HOLDER_ROLE: Record<LedgerKind, string> = { party: 'member', credit: 'resident' };
const MAX_DELTA = 1_000_000;

/** Store redemptions and their cancellations move the balance but not the yearly standing. */
export const isRanked = (reason: string) => !reason.startsWith('store_');

function validate(e: PostEntry) {
  if (e.kind !== 'party' && e.kind !== 'credit') throw badRequest('points_kind_invalid', 'kind');
  if (!Number.isSafeInteger(e.delta) || e.delta === 0 || Math.abs(e.delta) > MAX_DELTA) throw badRequest('points_delta_invalid', 'delta');
  for (const f of ['cityId', 'userId', 'reason', 'sourceType', 'sourceId', 'idempotencyKey'] as const) {
    const v = e[f];
    if (typeof v !== 'string' || v.length === 0 || v.length > 200) throw badRequest('points_field_invalid', f);
  }
}

/**
 * Locks the account row, creating it (balance 0, empty chain) on first use, and returns its state. The account's
 * region follows the holder's member/resident grant (the deepest one) as it is now; kept when they hold none.
 */
async function lockAccount(tx: DbOrTx, kind: LedgerKind, cityId: string, userId: string) {
  const rows = await tx.execute(sql`
    insert into points_accounts (kind, user_id, city_id, region_path, head_hash)
    values (${kind}, ${userId}::uuid, ${cityId}::uuid,
      coalesce((select region_path from role_grants where user_id = ${userId}::uuid and role = ${HOLDER_ROLE[kind]}
                order by length(region_path) desc limit 1), ''),
      ${'0'.repeat(64)})
    on conflict (kind, user_id) do update
      set region_path = case when excluded.region_path <> '' then excluded.region_path else points_accounts.region_path end
    returning city_id, balance, seq, head_hash`);
  const row = (rows as unknown as { rows: { city_id: string; balance: string | number; seq: number; head_hash: string }[] }).rows[0]!;
  return { cityId: row.city_id, balance: Number(row.balance), seq: Number(row.seq), headHash: row.head_hash };
}

async function findByKey(tx: DbOrTx, kind: LedgerKind, key: string) {
  const [row] = await tx
    .select({ id: pointsEntries.id, userId: pointsEntries.userId, delta: pointsEntries.delta, reason: pointsEntries.reason })
    .from(pointsEntries)
    .where(and(eq(pointsEntries.kind, kind), eq(pointsEntries.idempotencyKey, key)))
    .limit(1);
  return row;
}

interface PostOptions {
  reversesId?: string | null;
  ranked?: boolean;
}

async function post(tx: Tx, e: PostEntry, opts: PostOptions = {}): Promise<PostResult> {
  validate(e);
  const acct = await lockAccount(tx, e.kind, e.cityId, e.userId);
  if (acct.cityId !== e.cityId) throw badRequest('points_city_mismatch', 'cityId');
  if (acct.balance + e.delta < 0) {
    // Perhaps a replay of a spend that went through: answer that rather than 409.
    const prior = await findByKey(tx, e.kind, e.idempotencyKey);
    if (prior) return replay(tx, e, prior);
    throw insufficient();
  }
  const id = newId();
  const createdAt = new Date();
  const seq = acct.seq + 1;
  const ranked = (opts.ranked ?? isRanked(e.reason)) ? 1 : 0;
  const entry = {
    id,
    kind: e.kind,
    cityId: e.cityId,
    userId: e.userId,
    seq,
    delta: e.delta,
    reason: e.reason,
    sourceType: e.sourceType,
    sourceId: e.sourceId,
    idempotencyKey: e.idempotencyKey,
    actorId: e.actorUserId ?? null,
    note: e.note ?? null,
    reversesId: opts.reversesId ?? null,
    ranked,
    createdAt,
    prevHash: acct.headHash,
  };
  const hash = entryHash(entry);
  const year = shanghaiYear(createdAt);
  // The key check runs in the same statement as the write: its snapshot is taken after the account lock, so it sees
  // an entry with the same key committed by a concurrent posting that held the lock before us.
  const res = await tx.execute(sql`
    with prior as (
      select id, user_id, delta from points_entries where kind = ${e.kind} and idempotency_key = ${e.idempotencyKey}
    ), u as (
      update points_accounts set balance = balance + ${e.delta}, seq = ${seq}, head_hash = ${hash}, updated_at = ${createdAt}
      where kind = ${e.kind} and user_id = ${e.userId}::uuid and seq = ${acct.seq} and balance + ${e.delta} >= 0
        and not exists (select 1 from prior)
      returning balance, region_path
    ), ins as (
      insert into points_entries (id, kind, city_id, user_id, seq, delta, reason, source_type, source_id, idempotency_key,
        actor_id, note, reverses_id, ranked, created_at, prev_hash, hash)
      select ${id}::uuid, ${e.kind}, ${e.cityId}::uuid, ${e.userId}::uuid, ${seq}::int, ${e.delta}::int, ${e.reason}::text,
        ${e.sourceType}::text, ${e.sourceId}::text, ${e.idempotencyKey}::text, ${entry.actorId}::uuid, ${entry.note}::text,
        ${entry.reversesId}::uuid, ${ranked}::smallint, ${createdAt}::timestamptz, ${acct.headHash}::text, ${hash}::text
      from u
      returning id
    ), tot as (
      insert into points_year_totals (kind, user_id, year, city_id, region_path, total)
      select ${e.kind}, ${e.userId}::uuid, ${year}::smallint, ${e.cityId}::uuid, u.region_path, ${e.delta}::bigint
      from u where ${ranked}::int = 1
      on conflict (kind, user_id, year) do update set total = points_year_totals.total + excluded.total, region_path = excluded.region_path
      returning 1
    )
    select (select balance from u) as balance, p.id::text as prior_id, p.user_id::text as prior_user, p.delta as prior_delta
    from (select 1) one left join prior p on true`);
  const row = (res as unknown as { rows: { balance: string | number | null; prior_id: string | null; prior_user: string | null; prior_delta: number | null }[] }).rows[0]!;
  if (row.prior_id) return replay(tx, e, { id: row.prior_id, userId: row.prior_user!, delta: Number(row.prior_delta) });
  if (row.balance === null) throw insufficient();
  return { entryId: id, balance: Number(row.balance), replayed: false };
}

async function replay(tx: DbOrTx, e: PostEntry, prior: { id: string; userId: string; delta: number }): Promise<PostResult> {
  if (prior.userId !== e.userId || prior.delta !== e.delta) throw conflict('points_idempotency_key_reused', 'idempotencyKey');
  return { entryId: prior.id, balance: await balanceOf(tx, e.kind, e.userId), replayed: true };
}

const insufficient = () => new AppError(409, 'points_insufficient', 'points_insufficient', 'points');

/** Posts one entry (see the file comment). Throws 409 points_insufficient when the balance would go below zero. */
export function postEntry(tx: Tx, e: PostEntry): Promise<PostResult> {
  return post(tx, e);
}

/**
 * Posts the reverse of an entry (a correction), once: correcting it again returns the first correction with
 * replayed = true. A correction cannot itself be corrected (post a new entry instead).
 */
export async function correct(
  tx: Tx,
  entryId: string,
  reason: string,
  actorUserId?: string | null,
): Promise<PostResult & { reversed: { kind: LedgerKind; userId: string; cityId: string; delta: number } }> {
  const [orig] = await tx.select().from(pointsEntries).where(eq(pointsEntries.id, entryId)).limit(1);
  if (!orig) throw notFound('points entry', 'entryId');
  if (orig.reversesId) throw badRequest('points_correction_of_correction', 'entryId');
  const res = await post(
    tx,
    {
      kind: orig.kind,
      cityId: orig.cityId,
      userId: orig.userId,
      delta: -orig.delta,
      reason: 'correction',
      sourceType: 'points_entry',
      sourceId: orig.id,
      idempotencyKey: `correction:${orig.id}`,
      actorUserId: actorUserId ?? null,
      note: reason,
    },
    { reversesId: orig.id, ranked: orig.ranked === 1 },
  );
  return { ...res, reversed: { kind: orig.kind, userId: orig.userId, cityId: orig.cityId, delta: orig.delta } };
}

/**
 * Awards (or deducts) the points of a city's rule, applying its cap over the current cycle (Shanghai calendar):
 * the award is cut to what remains under the cap; when nothing remains, no entry (capped = true, points 0). A
 * deduction takes at most the balance (nothing when it is 0). Unknown rule → 400 points_rule_unknown.
 */
export async function awardByRule(
  tx: Tx,
  a: {
    kind: LedgerKind;
    cityId: string;
    userId: string;
    rule: string;
    sourceType: string;
    sourceId: string;
    idempotencyKey: string;
    actorUserId?: string | null;
    /**
     * How many times the rule applies (default 1): hours for the per-hour rules (`service_hour`, `volunteer_hour`).
     * The points are the rule's points × quantity, rounded toward zero, then capped.
     */
    quantity?: number;
  },
): Promise<{ entryId: string | null; points: number; balance: number; capped: boolean; replayed: boolean }> {
  const quantity = a.quantity ?? 1;
  if (!Number.isFinite(quantity) || quantity < 0) throw badRequest('validation', 'quantity');
  const rule = await findRule(tx, a.cityId, a.kind, a.rule);
  if (!rule) throw badRequest('points_rule_unknown', 'rule');
  const acct = await lockAccount(tx, a.kind, a.cityId, a.userId);
  const prior = await findByKey(tx, a.kind, a.idempotencyKey);
  if (prior) return { entryId: prior.id, points: prior.delta, balance: acct.balance, capped: false, replayed: true };
  let points = Math.trunc(rule.points * quantity);
  let capped = false;
  if (rule.cap !== null && rule.cycle) {
    const since = cycleStart(rule.cycle, new Date());
    // Entries of the rule in the cycle, less those since corrected.
    const res = await tx.execute(sql`
      select coalesce(sum(e.delta), 0) as used from points_entries e
      where e.kind = ${a.kind} and e.user_id = ${a.userId}::uuid and e.reason = ${a.rule} and e.created_at >= ${since}
        and not exists (select 1 from points_entries c where c.reverses_id = e.id)`);
    const used = Math.abs(Number((res as unknown as { rows: { used: string | number }[] }).rows[0]?.used ?? 0));
    const left = Math.max(0, rule.cap - used);
    if (Math.abs(points) > left) {
      points = Math.sign(points) * left;
      capped = left === 0;
    }
  }
  if (points < 0) points = -Math.min(-points, acct.balance);
  if (points === 0) return { entryId: null, points: 0, balance: acct.balance, capped, replayed: false };
  const res = await post(tx, {
    kind: a.kind,
    cityId: a.cityId,
    userId: a.userId,
    delta: points,
    reason: a.rule,
    sourceType: a.sourceType,
    sourceId: a.sourceId,
    idempotencyKey: a.idempotencyKey,
    actorUserId: a.actorUserId ?? null,
  });
  return { entryId: res.entryId, points, balance: res.balance, capped: false, replayed: res.replayed };
}

/** The balance of an account (0 when it has no entries). */
export async function balanceOf(db: DbOrTx, kind: LedgerKind, userId: string): Promise<number> {
  const [row] = await db
    .select({ balance: pointsAccounts.balance })
    .from(pointsAccounts)
    .where(and(eq(pointsAccounts.kind, kind), eq(pointsAccounts.userId, userId)))
    .limit(1);
  return row ? Number(row.balance) : 0;
}
