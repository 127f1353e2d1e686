import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/platform/db/client.js';
import { TEST_ENGINE, freshPostgresDatabase } from './helpers/harness.js';
import { spawnServer, type ServerProcess } from './helpers/spawn-server.js';

const N = 1000;

// Several server processes need PostgreSQL; this runs in the PostgreSQL pass.
describe.runIf(TEST_ENGINE === 'postgres')('appeal deadlines with two server processes', () => {
  it(`fires each warning and each overdue mark exactly once for ${N} cases with staggered deadlines`, async () => {
    const pgdb = await freshPostgresDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tongxin-deadlines-'));
    const env = { DATABASE_URL: pgdb.url, JOBS_POLL_MS: '100', DATA_DIR: dataDir };
    const procs: ServerProcess[] = [];
    const start = async () => {
      const server = spawnServer({ env });
      procs.push(server);
      await server.ready;
    };
    const db = await openDatabase({ databaseUrl: pgdb.url, poolMax: 2 });
    try {
      await start();
      await start();
      // 1,000 open cases whose warnings fall due over the next 5 s and overdues 3 s after each.
      await db.db.execute(sql`
        insert into appeals (id, city_id, number, channel, category_id, title, description, region_path, status, state, received_at, warn_at, due_by)
        select gen_random_uuid(), c.city_id, 'T-' || g, 'hotline', c.id, '测试', '测试', r.path, 'dispatched', '{}'::jsonb,
               now(), now() + (g * 5) * interval '1 millisecond', now() + (g * 5 + 3000) * interval '1 millisecond'
        from generate_series(1, ${N}) g
        cross join (select id, city_id from appeal_categories where code = '0301') c
        cross join (select path from regions where level = 'city') r`);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [m] = await db.rows<{ n: number }>(sql`select count(*)::int as n from appeal_deadline_marks m join appeals a on a.id = m.appeal_id where a.number like 'T-%'`);
        if (m!.n >= 2 * N || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      // Give a racing process time to double-fire, if it could.
      await new Promise((r) => setTimeout(r, 6000));
      const [marks] = await db.rows<{ warnings: number; overdues: number }>(sql`
        select count(*) filter (where kind = 'warning')::int as warnings, count(*) filter (where kind = 'overdue')::int as overdues
        from appeal_deadline_marks m join appeals a on a.id = m.appeal_id where a.number like 'T-%'`);
      expect(marks).toEqual({ warnings: N, overdues: N });
      // Events carry no unique key: their counts show what really fired.
      const [events] = await db.rows<{ warning: number; overdue: number; max_per_case: number }>(sql`
        select count(*) filter (where e.type = 'appeal.warning')::int as warning,
               count(*) filter (where e.type = 'appeal.overdue')::int as overdue,
               coalesce(max(k.n), 0)::int as max_per_case
        from events e
        join appeals a on a.id::text = e.subject_id and a.number like 'T-%'
        left join lateral (select count(*) as n from events e2 where e2.subject_id = e.subject_id and e2.type = e.type) k on true
        where e.type in ('appeal.warning', 'appeal.overdue')`);
      expect(events).toEqual({ warning: N, overdue: N, max_per_case: 1 });
      const workers = await db.rows<{ worker: string }>(sql`select distinct worker from job_runs where name = 'appeals.deadlines'`);
      expect(workers.length).toBeGreaterThanOrEqual(1);
      const [supervised] = await db.rows<{ n: number }>(sql`select count(*)::int as n from appeals where number like 'T-%' and supervision = 'supervise' and overdue_at is not null`);
      expect(supervised!.n).toBe(N);
    } finally {
      procs.forEach((p) => p.child.kill('SIGKILL'));
      await db.close();
      await pgdb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
