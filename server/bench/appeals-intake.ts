/**
 * Throughput of case intake (POST /api/appeals) against a baseline of one bare INSERT.
 *
 *   npm run bench:appeals-intake   (from the repository root or server/; `npm run bench:appeals` runs it first)
 *
 * On a fresh PostgreSQL database (tongxin_bench_<random> on TEST_PG_URL; dropped at the end) with the demo city:
 * - the real server: buildApp with JOBS_ENABLED=false, listening on 127.0.0.1:0, logging at info to /dev/null
 *   (the per-request log line is built, as in production, but not printed);
 * - the baseline: a bare Fastify app on another port with one route doing ONE INSERT of the same appeal row
 *   (the same columns, a state and fingerprint of the same size) through a pg Pool of the same size.
 * A closed-loop load generator (node:http with a keep-alive agent, in a worker thread so it does not share the
 * servers' event loop) keeps CONCURRENCY requests in flight for WARMUP + DURATION seconds against each; only
 * the DURATION part is measured. Intake requests come from the demo dispatcher (bearer login), each with a
 * distinct body (a leaf category, a building point inside a grid, a mobile number) and its own Idempotency-Key.
 * Prints requests/s, p50, p99 and errors for both, the ratio intake / baseline (target ≥ 0.5) and whether the
 * intake p99 is under 100 ms. Then a profile: sequential intakes with every SQL statement counted and timed.
 *
 * Intake and baseline alternate in BENCH_ROUNDS rounds (3), each measuring BENCH_DURATION / rounds seconds, so that
 * other load on the (shared) machine falls on both alike; the ratio is of the totals, and per round too.
 *
 * Environment: BENCH_CONCURRENCY (50), BENCH_DURATION (15 s in all), BENCH_WARMUP (3 s), BENCH_ROUNDS (3), BENCH_PROFILE (200 intakes),
 * BENCH_PROFILE_LOAD=1 (also profile the server's main thread during the intake load; slows it down; with
 * BENCH_PROFILE_FILE=<path> the profile is also written there, to open in Chrome's DevTools).
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Session } from 'node:inspector/promises';
import Fastify from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/bootstrap.js';
import { buildApp } from '../src/app.js';
import { seedDemoCity } from '../src/demo/seed.js';
import { newId } from '../src/platform/db/columns.js';
import { intakeBatchStats } from '../src/modules/appeals/intake-writer.js';
import { duplicateLookupStats } from '../src/modules/appeals/duplicates/suggest.js';
import { freshDatabase } from './fresh-database.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const PROFILE_N = Number(process.env.BENCH_PROFILE ?? 200);
const PROFILE_LOAD = process.env.BENCH_PROFILE_LOAD === '1';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const PASSWORD = 'Bench@2026x';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/**
 * The load generator, run in a worker thread (plain JavaScript so it needs no loader). Closed loop: each of
 * `concurrency` virtual users sends a request, waits for the answer, sends the next. Latencies are recorded
 * for requests started after the warm-up and finished before the end.
 */
const LOADGEN = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, token, concurrency, warmupMs, durationMs, categories, points, prefix, mode } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const t0 = performance.now();
const measureFrom = t0 + warmupMs;
const end = measureFrom + durationMs;
const lat = [];
let ok = 0, errors = 0, measured = 0, seq = 0, total = 0;
const statuses = {};
function send(body, key) {
  return new Promise((resolve) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer ' + token, 'idempotency-key': key } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); res.on('error', () => resolve(0)); });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
async function user(u) {
  while (performance.now() < end) {
    const i = seq++;
    const p = points[(i * 7919 + u) % points.length];
    const body = JSON.stringify({
      categoryId: categories[(i * 104729) % categories.length],
      title: '压测诉求 ' + prefix + ' ' + i,
      description: '市民来电反映第 ' + i + ' 号问题：' + ['路灯不亮','井盖松动','垃圾未清运','噪音扰民','占道经营','积水','油烟','违章停车'][i % 8] + '，请尽快处理。编号 ' + u + '-' + i,
      point: { lng: p[0], lat: p[1], crs: 'wgs84' },
      contact: { phone: '139' + String(10000000 + ((i * 48271) % 89999999)).padStart(8, '0') },
    });
    const start = performance.now();
    const status = await send(body, prefix + '-' + u + '-' + i);
    const done = performance.now();
    statuses[status] = (statuses[status] || 0) + 1;
    const good = status === 201 || status === 200;
    if (good) total++;
    if (start >= measureFrom && done <= end) { measured++; lat.push(done - start); if (good) ok++; else errors++; }
    else if (!good && start >= measureFrom) errors++;
  }
}
Promise.all(Array.from({ length: concurrency }, (_, u) => user(u))).then(() => {
  agent.destroy();
  parentPort.postMessage({ lat, ok, errors, measured, total, statuses, seconds: durationMs / 1000 });
});
`;

interface LoadResult {
  lat: number[];
  ok: number;
  errors: number;
  measured: number;
  /** Good answers in the whole phase, warm-up included (for CPU per request). */
  total: number;
  statuses: Record<string, number>;
  seconds: number;
}

function load(opts: { url: string; token: string; categories: string[]; points: Array<[number, number]>; prefix: string; warmupMs: number; durationMs: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(LOADGEN, {
      eval: true,
      workerData: { ...opts, concurrency: CONCURRENCY },
    });
    w.once('message', (m: LoadResult) => {
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

function merge(runs: LoadResult[]): LoadResult {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const sum = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r), 0);
  return { lat: runs.flatMap((r) => r.lat), ok: sum((r) => r.ok), errors: sum((r) => r.errors), measured: sum((r) => r.measured), total: sum((r) => r.total), statuses, seconds: sum((r) => r.seconds) };
}

function summary(r: LoadResult) {
  const s = [...r.lat].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN);
  return { rps: r.ok / r.seconds, p50: q(0.5), p99: q(0.99), errors: r.errors, n: r.measured, statuses: r.statuses };
}

/** Counts and times every statement sent through pg clients (pool.query goes through a client too). */
function instrumentPg() {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  const stats = { on: false, count: 0, ms: 0, byKind: new Map<string, { n: number; ms: number }>() };
  const record = (kind: string, d: number) => {
    stats.count++;
    stats.ms += d;
    const k = stats.byKind.get(kind) ?? { n: 0, ms: 0 };
    k.n++;
    k.ms += d;
    stats.byKind.set(kind, k);
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (!stats.on) return original.apply(this, args);
    const t0 = performance.now();
    const cfg = args[0];
    const text = typeof cfg === 'string' ? cfg : ((cfg as { text?: string })?.text ?? '');
    const kind = text.trim().split(/\s+/).slice(0, 4).join(' ').replace(/"/g, '').slice(0, 48);
    // pg.Pool calls client.query with a callback; drizzle's transactions with a promise.
    const cbAt = args.findIndex((a) => typeof a === 'function');
    if (cbAt >= 0) {
      const cb = args[cbAt] as (...x: unknown[]) => void;
      args[cbAt] = (...x: unknown[]) => {
        record(kind, performance.now() - t0);
        cb(...x);
      };
      return original.apply(this, args);
    }
    const r = original.apply(this, args);
    if (!(r instanceof Promise)) return r;
    return r.then(
      (v) => {
        record(kind, performance.now() - t0);
        return v;
      },
      (e) => {
        record(kind, performance.now() - t0);
        throw e;
      },
    );
  };
  return stats;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time of the main thread during the profile, by function and by package or source folder. */
function printProfile(p: CpuProfile, n: number) {
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  const total = (p.endTime - p.startTime) / 1000;
  const byFn = new Map<string, number>();
  const byArea = new Map<string, number>();
  const area = (url: string, fn: string) => {
    if (!url) return fn === '(idle)' ? '(idle: waiting on I/O)' : fn === '(garbage collector)' ? '(garbage collector)' : `(${fn || 'native'})`;
    const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    if (m) return m[1]!;
    const src = url.match(/\/server\/(src\/[^/]+\/[^/]+|bench)/);
    if (src) return src[1]!;
    return url.startsWith('node:') ? 'node core' : url;
  };
  for (const node of p.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (!ms) continue;
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules|server)\//, '$1/')}:${f.lineNumber + 1}` : ''}`;
    byFn.set(name, (byFn.get(name) ?? 0) + ms);
    const a = area(f.url, f.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + ms);
  }
  console.log(`  main-thread CPU profile, ms per intake (${(total / n).toFixed(2)} ms wall per intake):`);
  for (const [k, v] of [...byArea.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`    ${(v / n).toFixed(2).padStart(6)}  ${k}`);
  console.log('  top functions (self time, ms per intake):');
  for (const [k, v] of [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`    ${(v / n).toFixed(2).padStart(6)}  ${k.slice(0, 110)}`);
}

/**
 * CPU used by this process (all threads, the load generator included) and by the PostgreSQL backends serving the
 * benchmark's database (found by name in their process titles; the server is shared), in ms.
 */
let benchDatabase = '';
function cpuMeter() {
  const ticks = () => {
    let sum = 0;
    try {
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          if (!stat.includes('(postgres)')) continue;
          if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(benchDatabase)) continue;
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          sum += Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (1/100 s)
        } catch {
          /* the process ended */
        }
      }
    } catch {
      return -1; // no /proc
    }
    return sum * 10;
  };
  const n0 = process.cpuUsage();
  const p0 = ticks();
  const w0 = performance.now();
  return () => {
    const n = process.cpuUsage(n0);
    const p1 = ticks();
    return { node: (n.user + n.system) / 1000, pg: p0 < 0 || p1 < 0 ? -1 : p1 - p0, wall: performance.now() - w0 };
  };
}

async function startProfiler() {
  const inspector = new Session();
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.post('Profiler.start');
  return inspector;
}

async function main() {
  console.log(
    `appeal intake benchmark: concurrency ${CONCURRENCY}; intake and baseline alternate in ${ROUNDS} rounds, ${DURATION_S} s measured in all for each ` +
      `(${WARMUP_S} s warm-up before the first phase of each, 1 s before later ones)`,
  );
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at start (shared with other work)\n`);
  const pgStats = instrumentPg();
  const fresh = await freshDatabase();
  benchDatabase = new URL(fresh.url).pathname.slice(1);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongxin-bench-'));
  const config = loadConfig({
    DATABASE_URL: fresh.url,
    DATA_DIR: dataDir,
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'info',
    TONGXIN_MASTER_KEY: randomBytes(32).toString('base64'),
    NODE_ENV: 'production',
  });
  const log = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const services = await createServices(config, log);
  const baselinePool = new pg.Pool({ connectionString: fresh.url, max: config.DATABASE_POOL_MAX });
  baselinePool.on('error', () => undefined); // the database is dropped at the end
  let app: Awaited<ReturnType<typeof buildApp>> | null = null;
  const baseline = Fastify({ logger: false });
  let exit = 0;
  try {
    const t0 = performance.now();
    const seed = await seedDemoCity(services.database.db, services.crypto, { scale: 'demo', password: PASSWORD });
    console.log(`demo city seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const cityId = seed!.cityId;
    app = await buildApp(services, { webDist: null });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${addr.port}`;

    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: PASSWORD, bearer: true }) });
    const { token } = (await login.json()) as { token: string };
    const categories = (
      await services.database.rows<{ id: string }>(sql`select id from appeal_categories c where city_id = ${cityId} and active and not exists (select 1 from appeal_categories k where k.parent_id = c.id and k.active) order by code`)
    ).map((r) => r.id);
    const points = (await services.database.rows<{ lng: number; lat: number }>(sql`select lng, lat from regions where city_id = ${cityId} and level = 'building' and lng is not null order by md5(id::text) limit 2000`)).map(
      (r) => [r.lng, r.lat] as [number, number],
    );
    console.log(`${categories.length} leaf categories, ${points.length} building points; the demo dispatcher files every case (channel hotline)\n`);

    // One real intake, as the template of the baseline's row (same columns, same state and fingerprint sizes).
    const first = await fetch(`${base}/api/appeals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'bench-template-0001' },
      body: JSON.stringify({ categoryId: categories[0], title: '模板诉求', description: '模板诉求的详细描述', point: { lng: points[0]![0], lat: points[0]![1], crs: 'wgs84' } }),
    });
    if (first.status !== 201) throw new Error(`intake failed: ${first.status} ${await first.text()}`);
    const firstId = ((await first.json()) as { appeal: { id: string } }).appeal.id;
    const [tpl] = await services.database.rows<Record<string, unknown>>(sql`select * from appeals where id = ${firstId}`);
    if (!tpl) throw new Error('the template case is missing');

    let baselineError: string | null = null;
    baseline.post('/baseline', async (req, reply) => {
      const b = req.body as { categoryId: string; title: string; description: string; point: { lng: number; lat: number } };
      const now = new Date();
      await baselinePool
        .query(
        `insert into appeals (id, city_id, number, channel, category_id, title, description, address, lng, lat, source_crs, grid_id, region_path, urgency, anonymous,
           reporter_user_id, status, lead_department_id, state, fingerprint, received_at, accept_by, on_site_by, due_by, warn_at, idempotency_key)
         values ($1, $2, to_char(now(), 'YYYYMMDD') || '-' || lpad(nextval('appeal_number_seq')::text, 6, '0'), 'hotline', $3, $4, $5, null, $6, $7, 'wgs84', $8, $9,
           'normal', false, $10, 'pending_dispatch', $11, $12, $13, $14, $15, null, $16, $17, $18)`,
        [newId(), tpl!.city_id, b.categoryId, b.title, b.description, b.point.lng, b.point.lat, tpl!.grid_id, tpl!.region_path, tpl!.reporter_user_id, tpl!.lead_department_id,
          JSON.stringify(tpl!.state), JSON.stringify(tpl!.fingerprint), now, tpl!.accept_by, tpl!.due_by, tpl!.warn_at, req.headers['idempotency-key'] ?? null],
        )
        .catch((err: Error) => {
          baselineError ??= err.message;
          throw err;
        });
      return reply.code(201).send({ ok: true });
    });
    baseline.setErrorHandler((err: Error, _req, reply) => {
      baselineError ??= err.message;
      void reply.code(500).send({ error: err.message });
    });
    await baseline.listen({ host: '127.0.0.1', port: 0 });
    const bport = (baseline.server.address() as { port: number }).port;

    // Intake and baseline alternate in ROUNDS rounds, so that a change in the machine's other load (it is shared)
    // falls on both alike; the first phase of each warms up for WARMUP_S, later phases for 1 s.
    const intakeRuns: LoadResult[] = [];
    const baseRuns: LoadResult[] = [];
    const intakeCpu = { node: 0, pg: 0, wall: 0 };
    const baseCpu = { node: 0, pg: 0, wall: 0 };
    const addCpu = (into: typeof intakeCpu, c: typeof intakeCpu) => {
      into.node += c.node;
      into.pg = into.pg < 0 || c.pg < 0 ? -1 : into.pg + c.pg;
      into.wall += c.wall;
    };
    pgStats.count = 0;
    pgStats.byKind.clear();
    const batches0 = intakeBatchStats(services);
    const dup0 = { ...duplicateLookupStats };
    const phase = { warmupMs: WARMUP_S * 1000, durationMs: (DURATION_S * 1000) / ROUNDS };
    for (let r = 0; r < ROUNDS; r++) {
      if (r === 1) phase.warmupMs = 1000;
      console.log(`round ${r + 1} of ${ROUNDS}: intake, then baseline …`);
      const profiler = PROFILE_LOAD && r === 0 ? await startProfiler() : null;
      pgStats.on = true;
      const cpuI = cpuMeter();
      intakeRuns.push(await load({ url: `${base}/api/appeals`, token, categories, points, prefix: `i${Date.now()}-${r}`, ...phase }));
      addCpu(intakeCpu, cpuI());
      pgStats.on = false;
      if (profiler) {
        const { profile } = (await profiler.post('Profiler.stop')) as { profile: CpuProfile };
        profiler.disconnect();
        if (process.env.BENCH_PROFILE_FILE) writeFileSync(process.env.BENCH_PROFILE_FILE, JSON.stringify(profile));
        console.log(`\nserver main thread under load (BENCH_PROFILE_LOAD=1, round 1), per intake:`);
        printProfile(profile, intakeRuns[0]!.total);
      }
      const baseProfiler = PROFILE_LOAD && r === 0 && process.env.BENCH_PROFILE_FILE ? await startProfiler() : null;
      const cpuB = cpuMeter();
      baseRuns.push(await load({ url: `http://127.0.0.1:${bport}/baseline`, token: 'x', categories, points, prefix: `b${Date.now()}-${r}`, ...phase }));
      addCpu(baseCpu, cpuB());
      if (baseProfiler) {
        const { profile } = (await baseProfiler.post('Profiler.stop')) as { profile: CpuProfile };
        baseProfiler.disconnect();
        writeFileSync(`${process.env.BENCH_PROFILE_FILE}.baseline`, JSON.stringify(profile));
      }
    }
    const intake = summary(merge(intakeRuns));
    const base0 = summary(merge(baseRuns));
    const batches1 = intakeBatchStats(services);
    const underLoad = { statements: pgStats.count, byKind: [...pgStats.byKind.entries()].sort((a, b) => b[1].n - a[1].n).slice(0, 8) };
    const written = batches1.items - batches0.items;
    const dupLookups = duplicateLookupStats.lookups - dup0.lookups;
    const dupCandidates = duplicateLookupStats.candidates - dup0.candidates;

    const row = (name: string, s: ReturnType<typeof summary>) =>
      `  ${name.padEnd(34)} ${fmt(s.rps, 1).padStart(9)} ${fmt(s.p50, 1).padStart(9)} ${fmt(s.p99, 1).padStart(9)} ${String(s.errors).padStart(7)} ${String(s.n).padStart(9)}`;
    console.log(`\n  ${''.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'errors'.padStart(7)} ${'measured'.padStart(9)}`);
    console.log(row('intake  POST /api/appeals', intake));
    console.log(row('baseline one INSERT (bare Fastify)', base0));
    const perRound = intakeRuns.map((r, k) => `${fmt(r.ok / r.seconds)}/${fmt(baseRuns[k]!.ok / baseRuns[k]!.seconds)} = ${(r.ok / r.seconds / (baseRuns[k]!.ok / baseRuns[k]!.seconds)).toFixed(2)}`);
    const ratio = intake.rps / base0.rps;
    console.log(`  load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} after the load; ratio per round ${perRound.join(', ')}`);
    const perReq = (cpu: typeof intakeCpu, runs: LoadResult[]) => {
      const n = runs.reduce((a, r) => a + r.total, 0);
      return `node process ${fmt((cpu.node * 1000) / n)} µs, PostgreSQL ${cpu.pg < 0 ? 'n/a' : fmt((cpu.pg * 1000) / n)} µs CPU per request (${fmt((100 * (cpu.node + Math.max(0, cpu.pg))) / cpu.wall)} % of one core)`;
    };
    console.log(`  intake:   ${perReq(intakeCpu, intakeRuns)}`);
    console.log(`  baseline: ${perReq(baseCpu, baseRuns)}`);
    console.log(
      `  under load (warm-up included): ${fmt(written)} cases written in ${fmt(batches1.batches - batches0.batches)} batches ` +
        `(${(written / Math.max(1, batches1.batches - batches0.batches)).toFixed(1)} per batch, largest ${batches1.largest}); ` +
        `${(underLoad.statements / Math.max(1, written)).toFixed(2)} SQL statements per case`,
    );
    for (const [k, v] of underLoad.byKind) console.log(`    ${(v.n / Math.max(1, written)).toFixed(3).padStart(6)} per case × ${(v.ms / v.n).toFixed(2).padStart(6)} ms  ${k}`);
    console.log(`  duplicate suggestions: ${(dupCandidates / Math.max(1, dupLookups)).toFixed(1)} candidates read per case`);
    console.log(`\n  ratio intake / baseline: ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
    console.log(`  intake p99 ${fmt(intake.p99, 1)} ms: ${intake.p99 < 100 ? 'under' : 'NOT under'} 100 ms`);
    if (intake.errors || base0.errors) console.log(`  statuses: intake ${JSON.stringify(intake.statuses)}, baseline ${JSON.stringify(base0.statuses)}${baselineError ? ` (${baselineError})` : ''}`);

    // Profile: sequential intakes, every statement counted and timed.
    const [{ n: before } = { n: 0 }] = await services.database.rows<{ n: number }>(sql`select count(*)::int as n from appeals`);
    pgStats.on = true;
    pgStats.count = 0;
    pgStats.ms = 0;
    pgStats.byKind.clear();
    const inspector = await startProfiler();
    const tp = performance.now();
    for (let i = 0; i < PROFILE_N; i++) {
      const p = points[i % points.length]!;
      const res = await fetch(`${base}/api/appeals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `profile-${Date.now()}-${i}` },
        body: JSON.stringify({ categoryId: categories[i % categories.length], title: `剖析 ${i}`, description: `剖析用诉求 ${i}`, point: { lng: p[0], lat: p[1], crs: 'wgs84' }, contact: { phone: '13900001111' } }),
      });
      await res.arrayBuffer();
    }
    const wall = performance.now() - tp;
    pgStats.on = false;
    const { profile } = (await inspector.post('Profiler.stop')) as { profile: CpuProfile };
    inspector.disconnect();
    if (process.env.BENCH_PROFILE_FILE) writeFileSync(`${process.env.BENCH_PROFILE_FILE}.sequential`, JSON.stringify(profile));
    console.log(`\nprofile: ${PROFILE_N} sequential intakes (one at a time), ${before.toLocaleString('en-US')} cases in the table before`);
    console.log(`  ${(wall / PROFILE_N).toFixed(2)} ms per intake; ${(pgStats.count / PROFILE_N).toFixed(1)} SQL statements per intake, ${(pgStats.ms / PROFILE_N).toFixed(2)} ms waiting on them (${((100 * pgStats.ms) / wall).toFixed(0)} %)`);
    const kinds = [...pgStats.byKind.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40);
    for (const [k, v] of kinds) console.log(`    ${(v.n / PROFILE_N).toFixed(2).padStart(5)} × ${(v.ms / v.n).toFixed(3).padStart(6)} ms  ${k}`);
    printProfile(profile, PROFILE_N);
  } catch (err) {
    exit = 1;
    console.error(err);
  } finally {
    await baseline.close();
    await baselinePool.end();
    await app?.close();
    await services.jobs.stop();
    await services.database.close();
    await fresh.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exit);
}

await main();
