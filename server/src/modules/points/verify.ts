import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { entryHash, GENESIS } from './chain.js';
import type { LedgerKind } from './rules.js';

export interface BrokenAt {
  kind: LedgerKind;
  userId: string;
  /** The first entry that fails (null when the account row disagrees with a sound chain). */
  entryId: string | null;
  seq: number | null;
  problem: 'hash' | 'prev_hash' | 'seq' | 'negative_balance' | 'balance' | 'head' | 'missing_account' | 'year_totals';
}

export interface VerifyResult {
  entries: number;
  accounts: number;
  ok: boolean;
  firstBroken?: BrokenAt;
}

interface EntryRow {
  id: string;
  kind: LedgerKind;
  city_id: string;
  user_id: string;
  seq: number;
  delta: number;
  reason: string;
  source_type: string;
  source_id: string;
  idempotency_key: string;
  actor_id: string | null;
  note: string | null;
  reverses_id: string | null;
  ranked: number;
  created_at: Date | string;
  prev_hash: string;
  hash: string;
}

interface AccountRow {
  kind: LedgerKind;
  user_id: string;
  balance: number | string;
  seq: number;
  head_hash: string;
}

const PAGE = 5000;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;
/** kind+user order of the keyset pages, the same as the index order (uuid compares as bytes). */
const before = (a: { kind: string; user_id: string }, b: { kind: string; user_id: string }) =>
  a.kind < b.kind || (a.kind === b.kind && a.user_id < b.user_id);

/**
 * Recomputes every account's chain (seq 1, 2, 3 …; prev_hash = the previous hash; hash = SHA-256 of the entry),
 * its running balance (never below zero) and its final balance, seq and head against the account row, then the
 * yearly totals against the entries. Reads in keyset pages, so it runs in constant memory over any ledger.
 */
export async function verify(db: DbOrTx, opts: { kind?: LedgerKind } = {}): Promise<VerifyResult> {
  const kindFilter = opts.kind ? sql`kind = ${opts.kind}` : sql`true`;
  let entries = 0;
  let accounts = 0;
  let firstBroken: BrokenAt | undefined;
  const fail = (b: BrokenAt) => {
    if (!firstBroken) firstBroken = b;
  };

  // Walk accounts and entries in the same (kind, user_id) order, page by page.
  let cur: { kind: LedgerKind; userId: string; seq: number; head: string; balance: number } | null = null;
  let acctPage: AccountRow[] = [];
  let acctIdx = 0;
  let acctDone = false;
  let acctAfter: { kind: string; user_id: string } | null = null;
  const nextAccount = async (): Promise<AccountRow | null> => {
    if (acctIdx >= acctPage.length && !acctDone) {
      const after = acctAfter ? sql`and (kind, user_id) > (${acctAfter.kind}, ${acctAfter.user_id}::uuid)` : sql``;
      acctPage = rowsOf<AccountRow>(
        await db.execute(sql`select kind, user_id::text as user_id, balance, seq, head_hash from points_accounts
          where ${kindFilter} ${after} order by kind, user_id limit ${PAGE}`),
      );
      acctIdx = 0;
      if (acctPage.length < PAGE) acctDone = true;
      if (acctPage.length) acctAfter = acctPage[acctPage.length - 1]!;
    }
    return acctPage[acctIdx++] ?? null;
  };
  let pendingAcct: AccountRow | null = await nextAccount();

  const checkEmpty = (a: AccountRow) => {
    if (Number(a.balance) !== 0 || a.seq !== 0 || a.head_hash !== GENESIS) fail({ kind: a.kind, userId: a.user_id, entryId: null, seq: null, problem: 'balance' });
  };

  const finish = async () => {
    if (!cur) return;
    while (pendingAcct && before(pendingAcct, { kind: cur.kind, user_id: cur.userId })) {
      checkEmpty(pendingAcct);
      accounts += 1;
      pendingAcct = await nextAccount();
    }
    const a = pendingAcct;
    if (!a || a.kind !== cur.kind || a.user_id !== cur.userId) {
      fail({ kind: cur.kind, userId: cur.userId, entryId: null, seq: null, problem: 'missing_account' });
    } else {
      if (Number(a.balance) !== cur.balance) fail({ kind: cur.kind, userId: cur.userId, entryId: null, seq: null, problem: 'balance' });
      else if (a.seq !== cur.seq || a.head_hash !== cur.head) fail({ kind: cur.kind, userId: cur.userId, entryId: null, seq: null, problem: 'head' });
      accounts += 1;
      pendingAcct = await nextAccount();
    }
    cur = null;
  };

  let after: { kind: string; user_id: string; seq: number } | null = null;
  for (;;) {
    const cond: SQL = after ? sql`and (kind, user_id, seq) > (${after.kind}, ${after.user_id}::uuid, ${after.seq})` : sql``;
    const page: EntryRow[] = rowsOf<EntryRow>(
      await db.execute(sql`select id::text as id, kind, city_id::text as city_id, user_id::text as user_id, seq, delta, reason,
          source_type, source_id, idempotency_key, actor_id::text as actor_id, note, reverses_id::text as reverses_id, ranked,
          created_at, prev_hash, hash
        from points_entries where ${kindFilter} ${cond} order by kind, user_id, seq limit ${PAGE}`),
    );
    for (const e of page) {
      if (!cur || cur.kind !== e.kind || cur.userId !== e.user_id) {
        await finish();
        cur = { kind: e.kind, userId: e.user_id, seq: 0, head: GENESIS, balance: 0 };
      }
      entries += 1;
      const at = { kind: e.kind, userId: e.user_id, entryId: e.id, seq: e.seq };
      if (e.seq !== cur.seq + 1) fail({ ...at, problem: 'seq' });
      else if (e.prev_hash !== cur.head) fail({ ...at, problem: 'prev_hash' });
      else {
        const h = entryHash({
          id: e.id,
          kind: e.kind,
          cityId: e.city_id,
          userId: e.user_id,
          seq: e.seq,
          delta: Number(e.delta),
          reason: e.reason,
          sourceType: e.source_type,
          sourceId: e.source_id,
          idempotencyKey: e.idempotency_key,
          actorId: e.actor_id,
          note: e.note,
          reversesId: e.reverses_id,
          ranked: Number(e.ranked),
          createdAt: new Date(e.created_at),
          prevHash: e.prev_hash,
        });
        if (h !== e.hash) fail({ ...at, problem: 'hash' });
      }
      cur.seq = e.seq;
      cur.head = e.hash;
      cur.balance += Number(e.delta);
      if (cur.balance < 0) fail({ ...at, problem: 'negative_balance' });
    }
    if (page.length < PAGE) break;
    const last: EntryRow = page[page.length - 1]!;
    after = { kind: last.kind, user_id: last.user_id, seq: last.seq };
  }
  await finish();
  while (pendingAcct) {
    checkEmpty(pendingAcct);
    accounts += 1;
    pendingAcct = await nextAccount();
  }

  // The yearly totals are the sums of the ranked entries per Shanghai year.
  const [bad] = rowsOf<{ kind: LedgerKind; user_id: string }>(
    await db.execute(sql`
      with e as (
        select kind, user_id, extract(year from shanghai_day(created_at))::int as year, sum(delta)::bigint as total
        from points_entries where ranked = 1 and ${kindFilter} group by 1, 2, 3
      ), t as (select kind, user_id, year::int as year, total from points_year_totals where ${kindFilter})
      select coalesce(e.kind, t.kind) as kind, coalesce(e.user_id, t.user_id)::text as user_id
      from e full join t on e.kind = t.kind and e.user_id = t.user_id and e.year = t.year
      where e.total is distinct from t.total and not (e.total is null and t.total = 0)
      limit 1`),
  );
  if (bad) fail({ kind: bad.kind, userId: bad.user_id, entryId: null, seq: null, problem: 'year_totals' });

  return firstBroken ? { entries, accounts, ok: false, firstBroken } : { entries, accounts, ok: true };
}
