import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/platform/db/client.js';
import { JobRunner, enqueueJob } from '../src/platform/jobs/runner.js';
import { verifyAuditChain } from '../src/platform/audit/audit.js';
import { TEST_ENGINE, freshPostgresDatabase } from './helpers/harness.js';
import { spawnServer, type ServerProcess } from './helpers/spawn-server.js';

// Several processes need a server; PGlite is one process by nature. Runs in the PostgreSQL pass.
describe.runIf(TEST_ENGINE === 'postgres')('jobs run exactly once with several workers on PostgreSQL', () => {
  it('two runners on separate connection pools run each of 1,000 staggered jobs once', async () => {
    const pgdb = await freshPostgresDatabase();
    const a = await openDatabase({ databaseUrl: pgdb.url, poolMax: 5 });
    const b = await openDatabase({ databaseUrl: pgdb.url, poolMax: 5 });
    try {
      await a.migrate();
      await a.db.execute(sql`create table test_effects (job_id uuid not null, worker text not null)`);
      const start = Date.now() + 300;
      for (let i = 0; i < 1000; i += 100) {
        await a.db.transaction(async (tx) => {
          for (let j = i; j < i + 100; j++) await enqueueJob(tx, 'test.effect', { n: j }, { runAt: new Date(start + j * 2), key: `effect:${j}` });
        });
      }
      // A second enqueue of the same key is a no-op.
      expect(await enqueueJob(a.db, 'test.effect', { n: 0 }, { key: 'effect:0' })).toBe(false);
      const runners = [a, b].map((d, i) => {
        const r = new JobRunner(d.db, { pollMs: 20, batch: 7 });
        r.register('test.effect', async (tx, job) => {
          await tx.execute(sql`insert into test_effects (job_id, worker) values (${job.id}, ${`w${i}`})`);
        });
        return r;
      });
      runners.forEach((r) => r.start());
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [left] = await a.rows<{ n: number }>(sql`select count(*)::int as n from jobs where name = 'test.effect' and status <> 'done'`);
        if (left!.n === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await Promise.all(runners.map((r) => r.stop()));
      const [effects] = await a.rows<{ total: number; distinct_jobs: number; dup: number }>(sql`
        select count(*)::int as total, count(distinct job_id)::int as distinct_jobs,
               (select count(*)::int from (select job_id from test_effects group by job_id having count(*) > 1) d) as dup
        from test_effects`);
      expect(effects).toEqual({ total: 1000, distinct_jobs: 1000, dup: 0 });
      const byWorker = await a.rows<{ worker: string; n: number }>(sql`select worker, count(*)::int as n from test_effects group by worker order by worker`);
      expect(byWorker.length).toBe(2); // both took part
      const [runs] = await a.rows<{ n: number }>(sql`select count(*)::int as n from job_runs where name = 'test.effect'`);
      expect(runs!.n).toBe(1000);
    } finally {
      await a.close();
      await b.close();
      await pgdb.drop();
    }
  }, 120_000);

  it('two server processes run each periodic slot once', async () => {
    const pgdb = await freshPostgresDatabase();
    const procs: ServerProcess[] = [];
    const env = { DATABASE_URL: pgdb.url, JOBS_POLL_MS: '50', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tongxin-jobs-')) };
    try {
      const startOne = async () => {
        const server = spawnServer({ env });
        procs.push(server);
        await server.ready;
      };
      await startOne();
      await startOne();
      await new Promise((r) => setTimeout(r, 9000));
      procs.forEach((p) => p.child.kill('SIGTERM'));
      await new Promise((r) => setTimeout(r, 1500));
      const db = await openDatabase({ databaseUrl: pgdb.url, poolMax: 2 });
      try {
        const slots = await db.rows<{ key: string; runs: number }>(sql`
          select j.key, count(r.id)::int as runs from jobs j left join job_runs r on r.job_id = j.id
          where j.name = 'audit.seal' and j.status = 'done' group by j.key`);
        expect(slots.length).toBeGreaterThanOrEqual(3);
        expect(slots.filter((s) => s.runs !== 1)).toEqual([]);
        const workers = await db.rows<{ n: number }>(sql`select count(distinct worker)::int as n from job_runs where name = 'audit.seal'`);
        expect(workers[0]!.n).toBeGreaterThanOrEqual(1);
        const chain = await verifyAuditChain(db.db);
        expect(chain.ok).toBe(true);
      } finally {
        await db.close();
      }
    } finally {
      procs.forEach((p) => p.child.kill('SIGKILL'));
      await pgdb.drop();
      rmSync(env.DATA_DIR, { recursive: true, force: true });
    }
  }, 180_000);
});
