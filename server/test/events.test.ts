import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestContext } from './helpers/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(async () => t?.close());

describe('events through the outbox', () => {
  it('delivers a committed event once to each subscriber, and a rolled-back one never', async () => {
    const { events, jobs, database } = t.services;
    const seen: Array<[string, number]> = [];
    events.subscribe('test.happened', 'test-a', async (tx, e) => {
      seen.push(['a', Number(e.payload.n)]);
      await tx.execute(sql`select 1`);
    });
    events.subscribe('test.happened', 'test-b', async (_tx, e) => {
      seen.push(['b', Number(e.payload.n)]);
    });
    await database.db.transaction(async (tx) => {
      await events.emit(tx, { type: 'test.happened', cityId: null, actorId: null, subjectId: 's1', payload: { n: 1 } });
    });
    await database.db
      .transaction(async (tx) => {
        await events.emit(tx, { type: 'test.happened', cityId: null, actorId: null, subjectId: 's2', payload: { n: 2 } });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await jobs.tick();
    await jobs.tick();
    expect(seen.sort()).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('retries a failing subscriber with back-off, without repeating the others', async () => {
    const { events, jobs, database } = t.services;
    let attempts = 0;
    events.subscribe('test.flaky', 'test-flaky', async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('temporary');
    });
    await database.db.transaction((tx) => events.emit(tx, { type: 'test.flaky', cityId: null, actorId: null, subjectId: null, payload: {} }));
    await jobs.tick();
    expect(attempts).toBe(1);
    const [job] = await database.rows<{ status: string; last_error: string; attempts: number }>(sql`select status, last_error, attempts from jobs where name = 'event:test-flaky'`);
    expect(job).toMatchObject({ status: 'queued', last_error: 'temporary', attempts: 1 });
    await database.db.execute(sql`update jobs set run_at = now() where name = 'event:test-flaky'`);
    await jobs.tick();
    expect(attempts).toBe(2);
    const [done] = await database.rows<{ status: string }>(sql`select status from jobs where name = 'event:test-flaky'`);
    expect(done!.status).toBe('done');
  });
});
