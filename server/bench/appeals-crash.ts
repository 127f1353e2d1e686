/**
 * Crash test of idempotent intake: no acknowledged case is lost or duplicated when the server is killed.
 *
 *   npm run bench:appeals-crash          (from the repository root or server/)
 *
 * 1. A fresh PostgreSQL database (tongxin_bench_<random> on TEST_PG_URL; dropped at the end) and a fixed free
 *    port. The server runs as a child process: `node --import tsx src/cli/main.ts serve` with DATABASE_URL,
 *    SEED_DEMO=true (the first start seeds the demo city), PORT, and a TONGXIN_MASTER_KEY so a restart reads
 *    the same personal data.
 * 2. A 30-second intake load, 20 virtual users, each request with its own Idempotency-Key. A user keeps
 *    retrying a request that got no answer (connection refused or reset, 5xx) with the same key and the same
 *    body every 100 ms until it is acknowledged (200 or 201), then moves on to a new key.
 * 3. At about 10 s the server is killed with SIGKILL and started again at once.
 * 4. After 30 s no new keys are started; unacknowledged ones are retried until acknowledged or the grace
 *    period (20 s) ends.
 * 5. The database is asked for every key: each acknowledged key must exist exactly once, under the case id
 *    that its acknowledgement named. Prints `acknowledged N / lost L / duplicated D` and exits 1 unless lost
 *    and duplicated are 0 (also when an acknowledgement named another case than the stored one).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freshDatabase } from './fresh-database.js';

const CONCURRENCY = 20;
const LOAD_MS = 30_000;
const KILL_AT_MS = 10_000;
const GRACE_MS = 20_000;
const RETRY_MS = 100;
const PASSWORD = 'Bench@2026x';
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(port: number, method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: url, method, agent, timeout: 10_000, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(body);
  });
}

async function main() {
  const fresh = await freshDatabase();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongxin-crash-'));
  const logFile = path.join(dataDir, 'server.log');
  const logStream = createWriteStream(logFile);
  const env = {
    ...process.env,
    DATABASE_URL: fresh.url,
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    DEMO_PASSWORD: PASSWORD,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    TONGXIN_MASTER_KEY: randomBytes(32).toString('base64'),
  };
  let child: ChildProcess | null = null;
  let starts = 0;
  const start = () => {
    starts++;
    logStream.write(`\n---- start ${starts} ----\n`);
    const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout!.pipe(logStream, { end: false });
    c.stderr!.pipe(logStream, { end: false });
    child = c;
    return c;
  };
  const ready = async (timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if ((await request(port, 'GET', '/readyz', {})).status === 200) return true;
      await sleep(100);
    }
    return false;
  };

  let exit = 1;
  try {
    console.log(`crash test: server on 127.0.0.1:${port}, ${CONCURRENCY} users, ${LOAD_MS / 1000} s load, SIGKILL at ~${KILL_AT_MS / 1000} s, grace ${GRACE_MS / 1000} s`);
    const t0 = Date.now();
    start();
    if (!(await ready(180_000))) throw new Error(`the server did not start; see ${logFile}`);
    console.log(`first start (migrations and demo city) ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const login = await request(port, 'POST', '/api/auth/login', {}, JSON.stringify({ username: 'dispatcher', password: PASSWORD, bearer: true }));
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
    const token = (JSON.parse(login.body) as { token: string }).token;
    const db = new pg.Client({ connectionString: fresh.url });
    await db.connect();
    const categories = (
      await db.query<{ id: string }>(`select id from appeal_categories c where active and not exists (select 1 from appeal_categories k where k.parent_id = c.id and k.active) order by code`)
    ).rows.map((r) => r.id);
    const points = (await db.query<{ lng: number; lat: number }>(`select lng, lat from regions where level = 'building' and lng is not null order by md5(id::text) limit 500`)).rows;

    const acked = new Map<string, string>(); // key → case id named by the acknowledgement
    const unacked = new Set<string>();
    let sent = 0;
    let failures = 0;
    let replays = 0;
    const statusCounts: Record<string, number> = {};
    const loadStart = Date.now();
    const loadEnd = loadStart + LOAD_MS;
    const graceEnd = loadEnd + GRACE_MS;
    const run = `c${Date.now().toString(36)}`;

    const user = async (u: number) => {
      for (let i = 0; Date.now() < loadEnd; i++) {
        const key = `${run}-${u}-${i}`;
        const p = points[(u * 131 + i) % points.length]!;
        const body = JSON.stringify({
          categoryId: categories[(u + i * 7) % categories.length],
          title: `崩溃测试 ${u}-${i}`,
          description: `崩溃测试诉求 ${u}-${i}：幂等重试`,
          point: { lng: p.lng, lat: p.lat, crs: 'wgs84' },
        });
        unacked.add(key);
        for (;;) {
          sent++;
          const res = await request(port, 'POST', '/api/appeals', { authorization: `Bearer ${token}`, 'idempotency-key': key }, body);
          statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
          if (res.status === 200 || res.status === 201) {
            const a = JSON.parse(res.body) as { appeal: { id: string }; replayed: boolean };
            acked.set(key, a.appeal.id);
            if (a.replayed) replays++;
            unacked.delete(key);
            break;
          }
          failures++;
          if (res.status >= 400 && res.status < 500) {
            // A refusal is an answer too, but should not happen here: report it.
            console.log(`  ${key}: ${res.status} ${res.body.slice(0, 160)}`);
            unacked.delete(key);
            break;
          }
          if (Date.now() > graceEnd) return;
          await sleep(RETRY_MS);
        }
      }
    };

    const killer = (async () => {
      await sleep(KILL_AT_MS);
      const before = acked.size;
      child!.kill('SIGKILL');
      const killedAt = Date.now();
      console.log(`SIGKILL at ${((killedAt - loadStart) / 1000).toFixed(1)} s (${before} acknowledged so far); restarting`);
      await new Promise((r) => child!.once('exit', r));
      start();
      const ok = await ready(60_000);
      console.log(`restarted ${ok ? 'and ready' : 'but NOT ready'} after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    })();

    await Promise.all([...Array.from({ length: CONCURRENCY }, (_, u) => user(u)), killer]);
    console.log(
      `load done: ${sent} requests sent, ${acked.size} keys acknowledged (${replays} as replays of a case created before its acknowledgement was lost), ` +
        `${failures} failed attempts retried, ${unacked.size} keys never acknowledged; statuses ${JSON.stringify(statusCounts)}`,
    );

    // Intake keeps a key per reporter: it is stored as `<user id>:<Idempotency-Key>`.
    const [{ id: userId }] = (await db.query<{ id: string }>(`select id from users where username = 'dispatcher'`)).rows as [{ id: string }];
    const stored = (k: string) => `${userId}:${k}`;
    const keys = [...acked.keys()].map(stored);
    const rows = (
      await db.query<{ key: string; n: number; ids: string[] }>(
        `select idempotency_key as key, count(*)::int as n, array_agg(id::text) as ids from appeals where idempotency_key = any($1::text[]) group by idempotency_key`,
        [keys],
      )
    ).rows;
    const found = new Map(rows.map((r) => [r.key.slice(userId.length + 1), r]));
    let lost = 0;
    let duplicated = 0;
    let mismatched = 0;
    for (const [key, id] of acked) {
      const r = found.get(key);
      if (!r) lost++;
      else if (r.n > 1) duplicated++;
      else if (r.ids[0] !== id) mismatched++;
    }
    const [{ n: total }] = (await db.query<{ n: number }>(`select count(*)::int as n from appeals where idempotency_key like $1`, [`${userId}:${run}-%`])).rows as [{ n: number }];
    const pendingStored = (await db.query<{ n: number }>(`select count(*)::int as n from appeals where idempotency_key = any($1::text[])`, [[...unacked].map(stored)])).rows[0]!.n;
    await db.end();
    console.log(`cases stored for this run: ${total} (= ${acked.size} acknowledged + ${pendingStored} of the ${unacked.size} never acknowledged)`);
    console.log(`\nacknowledged ${acked.size} / lost ${lost} / duplicated ${duplicated}${mismatched ? ` / acknowledged under another case id ${mismatched}` : ''}`);
    exit = lost === 0 && duplicated === 0 && mismatched === 0 && acked.size > 0 ? 0 : 1;
  } catch (err) {
    console.error(err);
    exit = 1;
  } finally {
    const c = child as ChildProcess | null;
    if (c && c.exitCode === null) {
      c.kill('SIGTERM');
      await Promise.race([new Promise((r) => c.once('exit', r)), sleep(10_000)]);
      if (c.exitCode === null) c.kill('SIGKILL');
    }
    agent.destroy();
    logStream.end();
    await fresh.drop();
    if (exit === 0) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`server log kept in ${logFile}`);
  }
  process.exit(exit);
}

await main();
