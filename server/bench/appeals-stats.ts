/**
 * Benchmark of the appeal statistics queries over 1,000,000 cases.
 *
 *   npm run bench:appeals-stats          (from the repository root or server/)
 *
 * On a fresh PostgreSQL database (tongxin_bench_<random> on TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; dropped at the end): migrate, seed the demo city
 * (BENCH_SCALE=city by default, or demo), then generate BENCH_CASES (default 1,000,000) cases with set-based
 * SQL — receipt times over the last 365 days, skewed grids and categories, statuses by age, deadlines, replies,
 * visits, returns, reopenings, extensions, merges, a lead assignment per department case, and the transitions
 * of each case (about nine per case) — then VACUUM ANALYZE and time each statistics query as the API runs it:
 * every grouping over the last 30 and 365 days, the red/black lists, the supervision list and the returns
 * between departments, each run RUNS times (median printed). Target: each < 200 ms.
 *
 * The statistics rollup (migration 0007) is then built from scratch — every day marked stale and refreshed, as
 * the job appeals.stats-rollup would — and every query is timed twice: before, straight from the cases (the raw
 * path, with the indexes of migration 0006), and after, as the routes read it now (whole days and months from the
 * rollup, the partial days at the ends from the cases). Both answers are compared: they must be equal.
 *
 * Environment: BENCH_CASES, BENCH_SCALE (city | demo), BENCH_RUNS (default 5; the raw path BENCH_RAW_RUNS, default 3),
 * BENCH_EXPLAIN=1 to print the plan of every query slower than the target, BENCH_KEEP=1 to keep the database, BENCH_DB=<name> to time the
 * queries again on a kept database (no generation).
 */

import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/platform/db/client.js';
import { Sm4CryptoProvider } from '../src/platform/pii/crypto-provider.js';
import { keyIdOf } from '../src/platform/pii/key-store.js';
import { seedDemoCity } from '../src/demo/seed.js';
import { rawBounceCounts, rawCountsByUnit, supervisionList, GROUPINGS, type BounceRow, type MetricsScope, type Period, type UnitCounts } from '../src/modules/appeals/metrics/queries.js';
import { bounceCounts, countsByUnit } from '../src/modules/appeals/metrics/rollup/read.js';
import { markAllStale, refreshRollup } from '../src/modules/appeals/metrics/rollup/refresh.js';
import { metricsOf, redBlackLists, resolveWeights } from '../src/modules/appeals/metrics/definitions.js';
import { suggestDuplicates } from '../src/modules/appeals/intake.js';
import { appeals } from '../src/modules/appeals/schema.js';
import type { AppealRow } from '../src/modules/appeals/access.js';
import type { Services } from '../src/platform/services.js';
import { freshDatabase } from './fresh-database.js';

const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const SCALE = (process.env.BENCH_SCALE ?? 'city') as 'city' | 'demo';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? 3);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const TARGET_MS = 200;
const DAY = 86_400_000;
const TRIGGERED = ['appeals', 'appeal_transitions', 'appeal_assignments'];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};


async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  process.stdout.write(`  ${label} … `);
  const r = await fn();
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

/**
 * The cases, set-based. Every random draw is a column of `r` so each row draws once; setseed makes the data
 * the same on every run. Distributions (per case):
 * - received_at uniform over the last 365 days; grid skewed (index ~ u^1.6, so busy and quiet grids), 2 % in no
 *   grid (city path); category skewed likewise, its handling decides the mode;
 * - 3 % merged, 2 % not accepted, 8 % answered directly; the rest go through dispatch, and the share finished grows
 *   with age (all but ~3 % of cases older than 15 days are closed); open cases spread over the open statuses;
 * - dispatch 5–65 min after receipt, accept after an exponential wait (mean 1.2 h, accept limit 2 h), reply after an
 *   exponential time (mean 0.6 × the working days), close 0.5–2.5 days later;
 * - visits: 78 % satisfied, 14 % basic, 8 % unsatisfied; returns: 7 % once, 3 % twice; 2 % reopened; 5 % extended;
 * - overdue when replied (or still open) after due_by; supervision as autoSupervision gives it.
 */
async function generate(db: Database, cityId: string) {
  const q = (s: string) => db.rows(sql.raw(s));
  await q(`set synchronous_commit = off`);
  // The rollup's triggers are off while the cases are made in bulk; the rollup is built from scratch afterwards.
  for (const t of TRIGGERED) await q(`alter table ${t} disable trigger user`);
  await q(`select setseed(0.4601)`);
  await q(`create table bench_grid as select (row_number() over (order by path) - 1)::int as i, id, path, lng, lat from regions where level = 'grid' and city_id = '${cityId}'`);
  await q(`create table bench_cat as select (row_number() over (order by code) - 1)::int as i, id, handling, accept_hours, working_days from appeal_categories c
           where city_id = '${cityId}' and active and not exists (select 1 from appeal_categories k where k.parent_id = c.id)`);
  await q(`create table bench_dep as select (row_number() over (order by code) - 1)::int as i, id from departments where city_id = '${cityId}'`);
  const [[ng], [nc], [nd], [city]] = await Promise.all([
    q(`select count(*)::int as n from bench_grid`),
    q(`select count(*)::int as n from bench_cat`),
    q(`select count(*)::int as n from bench_dep`),
    q(`select path from regions where id = '${cityId}'`),
  ]);
  const NG = Number((ng as { n: number }).n);
  const NC = Number((nc as { n: number }).n);
  const ND = Number((nd as { n: number }).n);
  const cityPath = (city as { path: string }).path;
  console.log(`  demo city: ${fmt(NG)} grids, ${NC} leaf categories, ${ND} departments`);

  await step(`draws for ${fmt(CASES)} cases`, () =>
    q(`create unlogged table bench_case as
      with r as (
        select n, random() as u_t, random() as u_g, random() as u_c, random() as u_fate, random() as u_done, random() as u_open,
               random() as u_disp, random() as u_acc, random() as u_rep, random() as u_close, random() as u_sat, random() as u_bounce,
               random() as u_reopen, random() as u_ext, random() as u_dep, random() as u_dep2, random() as u_ch, random() as u_merge, random() as u_rej
        from generate_series(1, ${CASES}) n
      ), b0 as (
        select r.*, now() - (365 * 86400 * u_t) * interval '1 second' as received_at from r
      ), b as (
        select b0.*,
               -- a uuid v7 from the receipt time, as the application makes them (ids in creation order)
               (lpad(to_hex(floor(extract(epoch from received_at) * 1000)::bigint), 12, '0') || '7' || substr(md5(n::text), 1, 3) || '8' ||
                substr(md5(n::text), 4, 15))::uuid as id,
               case when u_g < 0.02 then null else least(${NG - 1}, floor(${NG} * power((u_g - 0.02) / 0.98, 1.6)))::int end as gi,
               least(${NC - 1}, floor(${NC} * power(u_c, 1.4)))::int as ci
        from b0
      ), s as (
        select b.*, c.id as category_id, c.handling, c.accept_hours, c.working_days,
          case when u_fate < 0.03 then 'merged' when u_fate < 0.05 then 'not_accepted' when u_fate < 0.13 then 'answered'
               when u_done < 0.97 * least(1, extract(epoch from now() - received_at) / (15 * 86400)) then 'closed'
               else (array['pending_dispatch','dispatched','dispatched','accepted','accepted','in_progress','in_progress','in_progress',
                           'in_progress','suspended','replied','replied','reviewed','visited','visited'])[1 + floor(u_open * 15)::int]
          end as status
        from b join bench_cat c on c.i = b.ci
      )
      select s.*,
        (array['pending_dispatch','dispatched','accepted','in_progress','suspended','replied','reviewed','visited','closed']) as flow,
        array_position(array['pending_dispatch','dispatched','accepted','in_progress','suspended','replied','reviewed','visited','closed'], status) as stage
      from s`),
  );

  await step('appeals', () =>
    q(`insert into appeals (id, city_id, number, channel, category_id, title, description, lng, lat, grid_id, region_path, urgency, status, mode,
          lead_department_id, supervision, bounce_count, reopen_count, merged_into_id, state, received_at, accept_by, due_by, warn_at, overdue_at,
          dispatched_at, accepted_at, replied_at, closed_at, satisfaction, created_at, updated_at)
      with k as (
        select bc.*, g.id as grid_id, coalesce(g.path, '${cityPath}') as region_path, g.lng, g.lat,
          case when stage >= 2 then case when handling = 'grid' and gi is not null then 'grid' else handling end end as mode,
          received_at + accept_hours * interval '1 hour' as accept_by,
          date_trunc('day', received_at + (working_days * 1.4 + 1) * interval '1 day') - interval '1 millisecond' as due_by,
          case when stage >= 2 then received_at + (5 + 60 * u_disp) * interval '1 minute' end as dispatched_at,
          case when stage >= 2 and u_bounce < 0.07 then 1 when stage >= 2 and u_bounce < 0.10 then 2 else 0 end as bounce_count,
          case when stage >= 4 and u_reopen < 0.02 then 1 else 0 end as reopen_count
        from bench_case bc left join bench_grid g on g.i = bc.gi
      ), t as (
        select k.*,
          case when stage >= 3 then dispatched_at + (-ln(1 - u_acc) * 1.2 + 2.5 * bounce_count) * interval '1 hour' end as accepted_at,
          case when mode in ('department','joint') then (select id from bench_dep where i = floor(u_dep * ${ND})::int) end as lead_department_id
        from k
      ), u as (
        select t.*,
          case when stage >= 6 then accepted_at + (-ln(1 - u_rep) * 0.6 * working_days) * interval '1 day' end as replied_at
        from t
      ), v as (
        select u.*,
          case when status = 'closed' then replied_at + (0.5 + 2 * u_close) * interval '1 day'
               when status in ('merged','not_accepted','answered') then received_at + (10 + 120 * u_close) * interval '1 minute' end as closed_at,
          case when stage >= 8 then case when u_sat < 0.78 then 'satisfied' when u_sat < 0.92 then 'basic' else 'unsatisfied' end end as satisfaction,
          case when (replied_at is not null and replied_at > due_by) or (replied_at is null and stage between 1 and 5 and due_by < now()) then due_by + interval '1 minute' end as overdue_at
        from u
      )
      select id, '${cityId}', to_char(received_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(n::text, 7, '0'),
        case when u_ch < 0.6 then 'hotline' when u_ch < 0.85 then 'h5' when u_ch < 0.95 then 'patrol' else 'building_leader' end,
        category_id, '诉求 ' || n, '群众来电反映：' || n || ' 号诉求的详细情况，地点、时间与诉求内容。', lng, lat, grid_id, region_path, 'normal', status, mode,
        lead_department_id,
        case when overdue_at is not null and bounce_count >= 2 then 'listed' when overdue_at is not null or satisfaction = 'unsatisfied' then 'supervise'
             when bounce_count >= 2 then 'urge' end,
        bounce_count, reopen_count, null,
        jsonb_build_object('status', status, 'mode', mode, 'bounceCount', bounce_count, 'reopenCount', reopen_count, 'dispatchLocked', false,
          'returnRequest', null, 'extensionRequest', null, 'assists', '[]'::jsonb, 'onSite', null, 'suspendedAt', null, 'satisfaction', satisfaction,
          'deadlines', jsonb_build_object('acceptBy', floor(extract(epoch from accept_by) * 1000), 'onSiteBy', null,
                                          'dueBy', floor(extract(epoch from due_by) * 1000), 'warnAt', floor(extract(epoch from received_at + (due_by - received_at) * 2 / 3) * 1000)),
          'mergedInto', null, 'receivedAt', floor(extract(epoch from received_at) * 1000), 'dispatchedAt', floor(extract(epoch from dispatched_at) * 1000),
          'rules', jsonb_build_object('acceptHours', accept_hours, 'onSiteMinutes', null, 'workingDays', working_days, 'warnShare', 2.0 / 3, 'returnWindowHours', 24)),
        received_at, accept_by, due_by, received_at + (due_by - received_at) * 2 / 3, overdue_at, dispatched_at, accepted_at, replied_at, closed_at, satisfaction,
        received_at, coalesce(closed_at, replied_at, accepted_at, dispatched_at, received_at)
      from v
      order by received_at`),
  );
  // A merged case points at the latest earlier case of its category within 30 days that is still alive.
  await step('merge targets', () =>
    q(`update appeals m set merged_into_id = (
         select t.id from appeals t where t.category_id = m.category_id and t.received_at < m.received_at and t.received_at > m.received_at - interval '30 days'
           and t.status not in ('merged','not_accepted','answered') order by t.received_at desc limit 1)
       where m.status = 'merged'`),
  );

  // Lead assignments: one per round. Earlier rounds (returned) went to another department; a reopening is a new
  // round (100 + bounces) at the same department. Joint cases also get one assisting department.
  await step('assignments', () =>
    q(`insert into appeal_assignments (appeal_id, department_id, role, round, replied_at, created_at)
      select a.id, case when r.b = a.bounce_count then a.lead_department_id
                        else (select id from bench_dep where i = (abs(hashtext(a.id::text || r.b)) % ${ND})) end,
             'lead', r.b, case when r.b = a.bounce_count then a.replied_at end, a.dispatched_at
      from appeals a cross join lateral generate_series(0, a.bounce_count) as r(b)
      where a.mode in ('department','joint')
      union all
      select a.id, a.lead_department_id, 'lead', 100 + a.bounce_count, a.replied_at, a.dispatched_at from appeals a where a.mode in ('department','joint') and a.reopen_count > 0
      union all
      select a.id, (select id from bench_dep where i = (abs(hashtext(a.id::text || 'assist')) % ${ND})), 'assist', a.bounce_count, null, a.dispatched_at
      from appeals a where a.mode = 'joint'
      on conflict do nothing`),
  );

  // The transitions of each case, in order: receipt and queue, then per return dispatch + request + approval,
  // a refused return (2 %), the final dispatch and the work up to the case's status, an extension (5 %), a
  // reopening (visit → dispatched, and the work again).
  await step('transitions', () =>
    q(`insert into appeal_transitions (appeal_id, seq, at, actor_role, command, from_status, to_status, data)
      with c as (
        select a.id, a.received_at, a.status, a.mode, a.lead_department_id, coalesce(a.closed_at, a.replied_at, a.accepted_at, a.dispatched_at, a.received_at + interval '1 minute') as last_at,
          array['receive'] ||
          case when a.status in ('merged') then array['queue','merge'] when a.status in ('answered') then array['answer'] when a.status = 'not_accepted' then array['notAccept']
          else array['queue'] ||
            case a.bounce_count when 0 then '{}'::text[] when 1 then array['dispatch','requestReturn','approveReturn']
              else array['dispatch','requestReturn','approveReturn','dispatch','requestReturn','approveReturn'] end ||
            case when a.dispatched_at is not null then array['dispatch'] else '{}' end ||
            case when a.dispatched_at is not null and bc.u_rej < 0.02 and a.bounce_count = 0 then array['requestReturn','rejectReturn'] else '{}' end ||
            case when bc.stage >= 3 then array['accept'] else '{}' end ||
            case when bc.stage >= 4 then array['start'] else '{}' end ||
            case when bc.stage >= 4 and bc.u_ext < 0.05 then array['requestExtension','approveExtension'] else '{}' end ||
            case when bc.stage >= 5 and a.status = 'suspended' then array['suspend'] else '{}' end ||
            case when bc.stage >= 6 then array['reply'] else '{}' end ||
            case when bc.stage >= 7 then array['approveReply'] else '{}' end ||
            case when a.reopen_count > 0 then array['reopen','accept','start','reply','approveReply'] else '{}' end ||
            case when bc.stage >= 8 then array['visit'] else '{}' end ||
            case when bc.stage >= 9 then array['close'] else '{}' end
          end as cmds
        from appeals a join bench_case bc on bc.id = a.id
      ), e as (
        select c.id, c.received_at, c.last_at, c.mode, c.lead_department_id, array_length(c.cmds, 1) as total, x.cmd, x.o - 1 as seq
        from c cross join lateral unnest(c.cmds) with ordinality as x(cmd, o)
      ), g as (select * from e)
      select id, seq, received_at + (last_at - received_at) * (seq::float8 / greatest(1, total - 1)),
        case when cmd in ('accept','start','reply','requestReturn','requestExtension','suspend') then 'handler' else 'dispatcher' end,
        case when cmd = 'reopen' then 'visit' else cmd end,
        case cmd when 'receive' then 'received' when 'queue' then 'received' when 'merge' then 'pending_dispatch' when 'answer' then 'received'
                 when 'notAccept' then 'received' when 'dispatch' then 'pending_dispatch' when 'accept' then 'dispatched' when 'start' then 'accepted'
                 when 'reply' then 'in_progress' when 'approveReply' then 'replied' when 'visit' then 'reviewed' when 'reopen' then 'reviewed'
                 when 'close' then 'visited' when 'suspend' then 'in_progress' else 'accepted' end,
        case cmd when 'receive' then 'received' when 'queue' then 'pending_dispatch' when 'merge' then 'merged' when 'answer' then 'answered'
                 when 'notAccept' then 'not_accepted' when 'dispatch' then 'dispatched' when 'accept' then 'accepted' when 'start' then 'in_progress'
                 when 'reply' then 'replied' when 'approveReply' then 'reviewed' when 'visit' then 'visited' when 'reopen' then 'dispatched'
                 when 'close' then 'closed' when 'suspend' then 'suspended' when 'approveReturn' then 'pending_dispatch' else 'accepted' end,
        case when cmd = 'dispatch' then jsonb_build_object('mode', mode, 'leadDepartmentId', lead_department_id) end
      from g`),
  );
  await step('drop scratch tables', () => q(`drop table bench_case, bench_grid, bench_cat, bench_dep`));
  for (const t of TRIGGERED) await q(`alter table ${t} enable trigger user`);
  await step('vacuum analyze', () => q(`vacuum analyze`));
  const [sizes] = await db.rows<{ appeals: string; transitions: string; assignments: string; n: number; t: number }>(sql`
    select pg_size_pretty(pg_total_relation_size('appeals')) as appeals, pg_size_pretty(pg_total_relation_size('appeal_transitions')) as transitions,
           pg_size_pretty(pg_total_relation_size('appeal_assignments')) as assignments,
           (select count(*)::int from appeals) as n, (select count(*)::int from appeal_transitions) as t`);
  console.log(`  ${fmt(sizes!.n)} cases (${sizes!.appeals} with indexes), ${fmt(sizes!.t)} transitions (${sizes!.transitions}), assignments ${sizes!.assignments}`);
}

interface Timed<R> {
  median: number;
  min: number;
  result: R;
}

async function time<R>(runs: number, fn: () => Promise<R>): Promise<Timed<R>> {
  const xs: number[] = [];
  let result = await fn(); // warm the cache and the plan
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    xs.push(performance.now() - t0);
  }
  return { median: median(xs), min: Math.min(...xs), result };
}

interface Query {
  label: string;
  /** As the routes run it now. */
  run: () => Promise<unknown>;
  /** The same straight from the cases (the raw path), when there is one. */
  raw?: () => Promise<unknown>;
  rows: (r: unknown) => number;
}

const sortedReturns = (rows: BounceRow[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Every query the statistics routes run, as the routes run them, for one scope; and intake's duplicate look-up. */
function queries(db: Database, scope: MetricsScope, now: number, recent: AppealRow[]): Query[] {
  const period = (days: number): Period => ({ from: new Date(now - days * DAY), to: new Date(now) });
  const weights = resolveWeights();
  const list: Query[] = [];
  const ranked = (units: UnitCounts[]) => {
    const l = redBlackLists(
      units.map((u) => ({ key: u.key, unit: u, counts: u.counts, score: metricsOf(u.counts, weights).score })),
      { minSample: 30, top: 10 },
    );
    return { red: l.red.map((x) => [x.unit.key, x.score]), black: l.black.map((x) => [x.unit.key, x.score]) };
  };
  for (const days of [30, 365]) {
    for (const g of GROUPINGS) {
      list.push({
        label: `stats ${g.padEnd(10)} ${String(days).padStart(3)} d`,
        run: () => countsByUnit(db.db, g, period(days), scope),
        raw: () => rawCountsByUnit(db.db, g, period(days), scope),
        rows: (r) => (r as UnitCounts[]).length,
      });
    }
    for (const g of ['grid', 'department'] as const) {
      list.push({
        label: `rankings ${g.padEnd(10)} ${String(days).padStart(3)} d`,
        run: async () => ranked(await countsByUnit(db.db, g, period(days), scope)),
        raw: async () => ranked(await rawCountsByUnit(db.db, g, period(days), scope)),
        rows: (r) => (r as { red: unknown[]; black: unknown[] }).red.length + (r as { black: unknown[] }).black.length,
      });
    }
    list.push({
      label: `bounce-stats          ${String(days).padStart(3)} d`,
      run: async () => sortedReturns(await bounceCounts(db.db, period(days), scope)),
      raw: async () => sortedReturns(await rawBounceCounts(db.db, period(days), scope)),
      rows: (r) => (r as BounceRow[]).length,
    });
  }
  const page = (n: number) => async () => (await supervisionList(db.db, scope, { limit: 50, offset: (n - 1) * 50 })).items;
  list.push({ label: 'supervision-list page 1 (50)', run: page(1), rows: (r) => (r as unknown[]).length });
  list.push({ label: 'supervision-list page 20 (50)', run: page(20), rows: (r) => (r as unknown[]).length });
  // Not a statistic: the duplicate suggestions every intake computes, for a recent case (another one each run).
  const services = { database: db } as unknown as Services;
  let k = 0;
  list.push({
    label: 'intake: duplicate suggestions',
    run: async () => {
      const a = recent[k++ % recent.length]!;
      return suggestDuplicates(services, a, { id: a.categoryId, duplicateRadiusM: 250 });
    },
    rows: (r) => (r as unknown[]).length,
  });
  return list;
}

/** Builds the rollup from scratch: every day marked stale, then refreshed in runs as the job does. */
async function buildRollup(db: Database): Promise<void> {
  await step('mark every day stale', () =>
    db.db.transaction(async (tx) => {
      await tx.execute(sql`delete from appeal_stats_dirty`);
      await markAllStale(tx);
    }),
  );
  await step('refresh (recompute every day, then its dekad, month and quarter)', async () => {
    for (;;) {
      const r = await db.db.transaction((tx) => refreshRollup(tx, { batch: 1000 }));
      if (r.receivedDays + r.returnDays === 0) return;
    }
  });
  await step('vacuum analyze', () => db.rows(sql`vacuum analyze appeal_stats_area, appeal_stats_department, appeal_stats_returns, appeal_stats_dirty`));
  for (const t of ['appeal_stats_area', 'appeal_stats_department', 'appeal_stats_returns']) {
    const [r] = await db.rows<{ n: number; size: string }>(sql`select count(*)::int as n, pg_size_pretty(pg_total_relation_size(${t}::regclass)) as size from ${sql.raw(t)}`);
    console.log(`  ${t}: ${fmt(r!.n)} rows, ${r!.size} with its index`);
  }
}

async function explain(db: Database, label: string, run: () => Promise<unknown>) {
  // Capture the statement the query function sends by running it inside EXPLAIN via a one-off client hook.
  const pool = db.pool!;
  const client = await pool.connect();
  const original = pool.query.bind(pool);
  let captured: { text: string; values: unknown[] } | null = null;
  (pool as unknown as { query: unknown }).query = (cfg: unknown, values?: unknown[]) => {
    const c = typeof cfg === 'string' ? { text: cfg, values: values ?? [] } : (cfg as { text: string; values?: unknown[] });
    if (!captured) captured = { text: c.text, values: values ?? c.values ?? [] };
    return original(cfg as string, values);
  };
  try {
    await run();
  } finally {
    (pool as unknown as { query: unknown }).query = original;
  }
  try {
    if (captured) {
      const c = captured as { text: string; values: unknown[] };
      const res = await client.query(`explain (analyze, buffers) ${c.text}`, c.values);
      console.log(`\n  plan of ${label.trim()}:\n${res.rows.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n')}\n`);
    }
  } catch (err) {
    console.log(`  (no plan for ${label.trim()}: ${(err as Error).message})`);
  } finally {
    client.release();
  }
}

async function main() {
  const reuse = process.env.BENCH_DB;
  console.log(`appeal statistics benchmark: ${reuse ? `existing database ${reuse}` : `${fmt(CASES)} cases, demo city scale '${SCALE}'`}, median of ${RUNS} runs, target < ${TARGET_MS} ms\n`);
  const fresh = reuse ? { url: Object.assign(new URL(ADMIN_URL), { pathname: `/${reuse}` }).toString(), name: reuse, drop: async () => undefined } : await freshDatabase();
  const db = await openDatabase({ databaseUrl: fresh.url, poolMax: 4 });
  let failed = false;
  try {
    let cityId: string;
    if (reuse) {
      cityId = (await db.rows<{ id: string }>(sql`select id from regions where level = 'city' limit 1`))[0]!.id;
    } else {
      await step('migrate', () => db.migrate());
      const key = randomBytes(32);
      const crypto = new Sm4CryptoProvider({ keys: [{ keyId: keyIdOf(key), key }] });
      const seed = await step(`seed demo city (${SCALE})`, () => seedDemoCity(db.db, crypto, { scale: SCALE, password: 'Bench@2026x' }));
      cityId = seed!.cityId;
      await generate(db, cityId);
    }
    const [city] = await db.rows<{ path: string }>(sql`select path from regions where id = ${cityId}`);
    const [district] = await db.rows<{ path: string; name: string }>(sql`select path, name from regions where city_id = ${cityId} and level = 'district' order by path limit 1`);
    const scopes: Array<{ label: string; scope: MetricsScope }> = [
      { label: 'city-level reader (组织部 / 12345 centre)', scope: { cityId, roots: [city!.path], departmentIds: [] } },
      { label: `district-level reader (${district!.name})`, scope: { cityId, roots: [district!.path], departmentIds: [] } },
    ];
    const recent = await db.db.select().from(appeals).where(sql`${appeals.receivedAt} > now() - interval '1 day' and ${appeals.lat} is not null`).limit(50);
    if (!reuse || process.env.BENCH_REBUILD === '1') {
      console.log(`\n  building the statistics rollup:`);
      await buildRollup(db);
    }
    const now = Date.now();
    type Row = { label: string; before: Timed<unknown> | null; after: Timed<unknown>; same: boolean | null; rows: number };
    const results: Row[][] = [];
    for (const s of scopes) {
      console.log(`\n  timing: ${s.label}`);
      const rows: Row[] = [];
      for (const qd of queries(db, s.scope, now, recent)) {
        const before = qd.raw ? await time(RAW_RUNS, qd.raw) : null;
        const after = await time(RUNS, qd.run);
        const same = before ? JSON.stringify(before.result) === JSON.stringify(after.result) : null;
        rows.push({ label: qd.label, before, after, same, rows: qd.rows(after.result) });
        console.log(`    ${qd.label.padEnd(32)} ${before ? `${ms(before.median)} ms → ` : ''}${ms(after.median)} ms${same === false ? '  DIFFERENT ANSWER' : ''}`);
        if (EXPLAIN && after.median > TARGET_MS) await explain(db, qd.label, qd.run);
      }
      results.push(rows);
    }
    console.log(
      `\nmedian (min) in ms. before: the raw path, straight from the cases, with the indexes of migration 0006 (${RAW_RUNS} runs); ` +
        `after: as the routes read now, with the rollup (${RUNS} runs)`,
    );
    console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (this machine: ${cpus().length} cores, shared with other work)`);
    const cell = (x: Timed<unknown> | null) => (x ? `${ms(x.median)} (${ms(x.min)})` : '—');
    scopes.forEach((s, si) => {
      console.log(`\n${s.label}`);
      console.log(`  ${'query'.padEnd(32)} ${'before'.padStart(15)} ${'after'.padStart(15)}   target   ${'met'.padEnd(8)} ${'rows'.padStart(5)}  same answer`);
      for (const r of results[si]!) {
        const met = r.after.median < TARGET_MS ? 'met' : 'NOT met';
        const same = r.same === null ? '—' : r.same ? 'yes' : 'NO';
        console.log(`  ${r.label.padEnd(32)} ${cell(r.before).padStart(15)} ${cell(r.after).padStart(15)}   < ${TARGET_MS}  ${met.padEnd(8)} ${String(r.rows).padStart(5)}  ${same}`);
      }
    });
    const all = results.flat();
    const slow = all.filter((r) => r.after.median >= TARGET_MS);
    const differ = all.filter((r) => r.same === false);
    console.log(`\n${all.length - slow.length} of ${all.length} queries under ${TARGET_MS} ms (median)${slow.length ? `; NOT met: ${slow.map((s) => `${s.label.trim()} ${ms(s.after.median)} ms`).join(', ')}` : ''}`);
    console.log(differ.length ? `${differ.length} answers differ from the raw path: ${differ.map((d) => d.label.trim()).join(', ')}` : "every answer equals the raw path's");
    if (differ.length) failed = true;
  } catch (err) {
    failed = true;
    console.error(err);
  } finally {
    await db.close();
    if (process.env.BENCH_KEEP === '1' || reuse) console.log(`kept database ${fresh.name}`);
    else await fresh.drop();
  }
  process.exit(failed ? 1 : 0);
}

await main();
