import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, TEST_ENGINE, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places } from './helpers/fixtures.js';
import { makeActivity, sessionOf } from './helpers/activities.js';

/** Sign-ups racing for places, on a real PostgreSQL server (PGlite runs one transaction at a time anyway). */
describe.runIf(TEST_ENGINE === 'postgres')('activities: capacity under concurrency (PostgreSQL)', () => {
  let t: TestContext;
  let p: Places;

  beforeAll(async () => {
    t = await startTestApp();
    p = await places(t);
  }, 180_000);
  afterAll(async () => t?.close());

  it('100 concurrent sign-ups for 20 places: exactly 20 signed up, 80 waiting, in one unbroken queue; cancellations promote in order', async () => {
    const id = await makeActivity(t, p, { capacity: 20 });
    const people = await Promise.all(Array.from({ length: 100 }, (_, i) => makeUser(t, i % 2 ? 'member' : 'resident', p.in.grid.id)));
    const headers = await Promise.all(people.map((u) => sessionOf(t, u.username)));
    const res = await Promise.all(headers.map((h) => t.app.inject({ method: 'POST', url: `/api/activities/${id}/signup`, headers: h, payload: {} })));
    expect(res.map((r) => r.statusCode).every((s) => s === 201)).toBe(true);
    const statuses = res.map((r) => r.json().signup.status as string);
    expect(statuses.filter((s) => s === 'signed_up')).toHaveLength(20);
    expect(statuses.filter((s) => s === 'waiting')).toHaveLength(80);
    const rows = await t.services.database.rows<{ status: string; queue_no: number }>(sql`select status, queue_no from activity_signups where activity_id = ${id} order by queue_no`);
    expect(rows.map((r) => r.queue_no)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // The first twenty in the queue hold the places.
    expect(rows.slice(0, 20).every((r) => r.status === 'signed_up')).toBe(true);

    // Ten holders cancel at once: the first ten waiting (queue 21–30) move up, nobody else.
    const holders = rows.slice(0, 10).map((r) => r.queue_no);
    const byQueue = await t.services.database.rows<{ user_id: string; queue_no: number }>(sql`select user_id, queue_no from activity_signups where activity_id = ${id}`);
    const cancelHeaders = holders.map((q) => headers[people.findIndex((u) => u.id === byQueue.find((b) => b.queue_no === q)!.user_id)]!);
    const cancels = await Promise.all(cancelHeaders.map((h) => t.app.inject({ method: 'DELETE', url: `/api/activities/${id}/signup`, headers: h })));
    expect(cancels.map((c) => c.statusCode).every((s) => s === 200)).toBe(true);
    const after = await t.services.database.rows<{ status: string; queue_no: number }>(sql`select status, queue_no from activity_signups where activity_id = ${id} order by queue_no`);
    expect(after.filter((r) => r.status === 'signed_up').map((r) => r.queue_no)).toEqual(Array.from({ length: 20 }, (_, i) => i + 11));
    expect(after.filter((r) => r.status === 'waiting')).toHaveLength(70);
  }, 120_000);
});
