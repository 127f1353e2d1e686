/**
 * Benchmark of the points ledgers (docs/modules/points.md, "Performance").
 *
 *   npm run bench:points   (from the repository root or server/)
 *
 * On a fresh PostgreSQL database (tongxin_bench_<random> on DATABASE_URL's server, else TEST_PG_URL or the local
 * server; dropped at the end):
 * 1. Ledger writes per second at concurrency BENCH_CONCURRENCY (50): closed-loop workers, each posting earns
 *    (postEntry in its own transaction: account lock, key check, conditional update + entry + yearly total, SHA-256
 *    chain) to random accounts among BENCH_ACCOUNTS (5,000); beside a baseline of plain single-row INSERTs of rows of
 *    the same width (the columns of points_entries, no index but the key) through the same pool. Ledger and
 *    baseline alternate in BENCH_ROUNDS rounds (3) of BENCH_DURATION / rounds seconds (15 s in all) each; the ratio
 *    is of the totals.
 * 2. Rankings: bulk-loads 36,000 members (users, accounts in 3,600 grids under 10 districts) and 1,000,000 entries
 *    over two years with generate_series (hashes are placeholders: the chain is not what is measured), builds
 *    points_year_totals the way postEntry keeps it (sum of ranked deltas per Shanghai year), ANALYZEs, then times
 *    the city-wide top 50 and a district's top 50 (the query of GET /api/points/rankings), median of 7 runs.
 *    Target: under 500 ms.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/platform/db/client.js';
import { postEntry } from '../src/modules/points/ledger.js';
import { personRanking } from '../src/modules/points/queries.js';
import { freshDatabase } from './fresh-database.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 5000);
const MEMBERS = 36_000;
const ENTRIES = 1_000_000;
const TARGET_MS = 500;

if (process.env.DATABASE_URL && !process.env.TEST_PG_URL) {
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = '/postgres';
  process.env.TEST_PG_URL = u.toString();
}
const fresh = await freshDatabase();
const database = await openDatabase({ databaseUrl: fresh.url, poolMax: CONCURRENCY });
const pool = database.pool!;
const { db } = database;
const cityId = randomUUID();
const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

async function closedLoop(seconds: number, op: () => Promise<unknown>): Promise<{ ops: number; errors: number }> {
  const end = performance.now() + seconds * 1000;
  let ops = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        try {
          await op();
          ops += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { ops, errors };
}

try {
  await database.migrate();
  console.log(`points bench on PostgreSQL (${fresh.name}), concurrency ${CONCURRENCY}, ${ACCOUNTS} accounts, ${DURATION_S} s in ${ROUNDS} rounds`);

  // ---- 1. writes per second ----
  await pool.query(`create table bench_plain (id uuid primary key, kind text not null, city_id uuid not null, user_id uuid not null,
    seq integer not null, delta integer not null, reason text not null, source_type text not null, source_id text not null,
    idempotency_key text not null, actor_id uuid, note text, reverses_id uuid, ranked smallint not null, created_at timestamptz(3) not null,
    prev_hash text not null, hash text not null)`);
  const users = Array.from({ length: ACCOUNTS }, () => randomUUID());
  const pick = () => users[Math.floor(Math.random() * users.length)]!;
  const ledgerOp = () => {
    const key = randomUUID();
    return db.transaction((tx) =>
      postEntry(tx, { kind: 'party', cityId, userId: pick(), delta: 1 + Math.floor(Math.random() * 5), reason: 'activity_attend', sourceType: 'bench', sourceId: key, idempotencyKey: key }),
    );
  };
  const hash = 'f'.repeat(64);
  const plainOp = () =>
    pool.query(
      `insert into bench_plain values ($1, 'party', $2, $3, $4, $5, 'activity_attend', 'bench', $6, $6, null, null, null, 1, now(), $7, $7)`,
      [randomUUID(), cityId, pick(), 1, 3, randomUUID(), hash],
    );
  await closedLoop(2, ledgerOp); // warm-up: opens the pool's connections and creates most accounts
  await closedLoop(1, plainOp);
  const per = DURATION_S / ROUNDS;
  let ledger = { ops: 0, errors: 0 };
  let plain = { ops: 0, errors: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    const l = await closedLoop(per, ledgerOp);
    const b = await closedLoop(per, plainOp);
    console.log(`  round ${r + 1}: ledger ${(l.ops / per).toFixed(0)}/s, plain INSERT ${(b.ops / per).toFixed(0)}/s`);
    ledger = { ops: ledger.ops + l.ops, errors: ledger.errors + l.errors };
    plain = { ops: plain.ops + b.ops, errors: plain.errors + b.errors };
  }
  const lps = ledger.ops / DURATION_S;
  const bps = plain.ops / DURATION_S;
  console.log(`ledger writes: ${lps.toFixed(0)}/s (${ledger.errors} errors); plain INSERTs: ${bps.toFixed(0)}/s (${plain.errors} errors); ratio ledger/plain = ${(lps / bps).toFixed(2)}`);
  const [{ ok }] = (await database.rows<{ ok: boolean }>(sql`select bool_and(balance = (select coalesce(sum(delta),0) from points_entries e where e.kind = a.kind and e.user_id = a.user_id)) as ok from points_accounts a`)) as [{ ok: boolean }];
  console.log(`  balances = sums of entries after the load: ${ok}`);

  // ---- 2. rankings over 36,000 members and 1,000,000 entries ----
  const rCity = randomUUID();
  const t0 = performance.now();
  // Members: grid g (0..3599) under district g/360, street (g/36)%10, community (g/6)%6 → path /1/<d>/<s>/<c>/<grid>/.
  await pool.query(`create temp table bench_members as
    select gen_random_uuid() as id, i, (i / 10) as g,
      '/1/' || ((i/10)/360)::text || '/' || (((i/10)/36)%10)::text || '/' || (((i/10)/6)%6)::text || '/' || ((i/10)%6)::text || '/' as path
    from generate_series(0, ${MEMBERS - 1}) i`);
  await pool.query(`insert into users (id, city_id, username, display_name, password_hash)
    select id, '${rCity}', 'bench_' || i, '党员' || i, 'x' from bench_members`);
  await pool.query(`insert into role_grants (id, city_id, user_id, role, region_id, region_path)
    select gen_random_uuid(), '${rCity}', id, 'member', gen_random_uuid(), path from bench_members`);
  // Entries: ~28 per member (seq k = n / members) alternating this year and last, deltas 1..5, every tenth a deduction of 1.
  await pool.query(`insert into points_entries (id, kind, city_id, user_id, seq, delta, reason, source_type, source_id, idempotency_key,
      ranked, created_at, prev_hash, hash)
    select gen_random_uuid(), 'party', '${rCity}', m.id, (n / ${MEMBERS}) + 1,
      case when (n / ${MEMBERS}) % 10 = 9 then -1 else 1 + ((n / ${MEMBERS} + m.i) % 5) end,
      case when (n / ${MEMBERS}) % 10 = 9 then 'absent_without_leave' else 'activity_attend' end, 'bench', n::text, 'bulk:' || n,
      1, make_timestamptz(${year - 1} + ((n / ${MEMBERS}) % 2), 1 + (n / ${MEMBERS}) % 12, 1 + (m.i % 28), 10, 0, 0, 'Asia/Shanghai'), '', ''
    from generate_series(0, ${ENTRIES - 1}) n join bench_members m on m.i = n % ${MEMBERS}`);
  await pool.query(`insert into points_accounts (kind, user_id, city_id, region_path, balance, seq, head_hash)
    select 'party', m.id, '${rCity}', m.path, s.balance, s.seq, '' from bench_members m
    join (select user_id, sum(delta) as balance, count(*) as seq from points_entries where city_id = '${rCity}' group by user_id) s on s.user_id = m.id`);
  await pool.query(`insert into points_year_totals (kind, user_id, year, city_id, region_path, total)
    select e.kind, e.user_id, extract(year from shanghai_day(e.created_at))::int, e.city_id, a.region_path, sum(e.delta)
    from points_entries e join points_accounts a on a.kind = e.kind and a.user_id = e.user_id
    where e.city_id = '${rCity}' and e.ranked = 1 group by 1, 2, 3, 4, 5`);
  await pool.query('analyze');
  const [{ n }] = (await database.rows<{ n: number }>(sql`select count(*)::int as n from points_entries where city_id = ${rCity}`)) as [{ n: number }];
  console.log(`loaded ${MEMBERS} members and ${n} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const timeIt = async (label: string, regionPath: string) => {
    const ms: number[] = [];
    let items: Awaited<ReturnType<typeof personRanking>> = [];
    for (let i = 0; i < 7; i++) {
      const t1 = performance.now();
      items = await personRanking(db, { kind: 'party', cityId: rCity, year, regionPath, limit: 50 });
      ms.push(performance.now() - t1);
    }
    ms.sort((a, b) => a - b);
    const med = ms[3]!;
    console.log(`${label}: median ${med.toFixed(1)} ms, max ${ms[6]!.toFixed(1)} ms (top ${items.length}, #1 ${items[0]?.total} points) ${med < TARGET_MS ? 'OK' : `MISSED (target < ${TARGET_MS} ms)`}`);
  };
  await timeIt('city-wide ranking (36,000 members)', '/1/');
  await timeIt('district ranking (3,600 members)', '/1/3/');
} finally {
  await database.close();
  await fresh.drop();
}
