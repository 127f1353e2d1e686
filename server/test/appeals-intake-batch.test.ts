import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { bearer, login, startTestApp, TEST_ENGINE, type TestContext } from './helpers/harness.js';
import { places, type Places, PNG } from './helpers/fixtures.js';
import { regions } from '../src/modules/regions/schema.js';
import { intakeBatchStats } from '../src/modules/appeals/intake-writer.js';

/**
 * Intakes arriving together are written together (group commit, modules/appeals/intake-writer.ts). These
 * tests send bursts of concurrent intakes and check that the batch behaves as if each had been alone: each
 * case complete (transitions, caller, audit entry, event) with its own number; retries answered with the
 * first case; a bad case failing alone, leaving nothing behind, while the others of its burst are written.
 */
let t: TestContext;
let p: Places;
let token: string;
let resident: string;
let leaf: string;
let point: [number, number];

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  token = await login(t.app, 'dispatcher');
  resident = await login(t.app, 'resident');
  const cats = (await t.app.inject({ method: 'GET', url: '/api/appeals/categories', headers: bearer(token) })).json().items as Array<{ id: string; code: string }>;
  leaf = cats.find((c) => c.code === '0104')!.id;
  const [b] = await t.services.database.db.select().from(regions).where(eq(regions.id, p.in.building.id));
  point = [b!.lng!, b!.lat!];
});
afterAll(async () => t?.close());

const body = (i: number, extra: Record<string, unknown> = {}) => ({
  categoryId: leaf,
  title: `并发受理 ${i}`,
  description: `第 ${i} 件：楼下垃圾未清运`,
  point: { lng: point[0], lat: point[1], crs: 'wgs84' },
  contact: { phone: `1390000${String(1000 + i)}` },
  ...extra,
});
const post = (payload: unknown, key?: string, who = token) =>
  t.app.inject({ method: 'POST', url: '/api/appeals', headers: { ...bearer(who), ...(key ? { 'idempotency-key': key } : {}) }, payload: payload as object });
const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);

describe('group commit of intakes', () => {
  it('writes a burst of 40 cases completely, each with its own number, transitions, caller, audit entry and event', async () => {
    const stats0 = intakeBatchStats(t.services);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(body(i))));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(40).fill(201));
    const stats1 = intakeBatchStats(t.services);
    expect(stats1.items - stats0.items).toBe(40);
    if (TEST_ENGINE === 'postgres') {
      // Grouped, not written one by one. (The embedded PGlite answers within the same turn of the event loop
      // often enough that a burst of injected requests may find the writer idle each time.)
      expect(stats1.batches - stats0.batches).toBeLessThan(40);
      expect(stats1.largest).toBeGreaterThan(1);
    }
    const ids = answers.map((a) => a.json().appeal.id as string);
    const numbers = answers.map((a) => a.json().appeal.number as string);
    expect(new Set(ids).size).toBe(40);
    expect(new Set(numbers).size).toBe(40);
    for (const n of numbers) expect(n).toMatch(/^\d{8}-\d{6,}$/);
    const list = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
    const [counts] = await rows<{ transitions: number; callers: number; audits: number; events: number }>(sql`select
      (select count(*)::int from appeal_transitions where appeal_id in (${list}) and seq = 0) as transitions,
      (select count(*)::int from appeal_callers where appeal_id in (${list}) and phone_enc is not null and phone_bidx is not null) as callers,
      (select count(*)::int from audit_log where action = 'appeals.create' and result = 'ok' and subject_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})) as audits,
      (select count(*)::int from events where type = 'appeal.received' and subject_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})) as events`);
    expect(counts).toEqual({ transitions: 40, callers: 40, audits: 40, events: 40 });
    // Each audit entry names its own case's number and request.
    const audits = await rows<{ subject_id: string; detail: { number: string } }>(
      sql`select subject_id, detail from audit_log where action = 'appeals.create' and subject_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
    );
    for (const a of audits) expect(a.detail.number).toBe(numbers[ids.indexOf(a.subject_id)]);
    // A grid case went straight to the grid in the same write: receive, queue, dispatch.
    const [seqs] = await rows<{ n: number }>(sql`select count(*)::int as n from appeal_transitions where appeal_id = ${ids[0]}`);
    expect(seqs!.n).toBe(answers[0]!.json().appeal.status === 'dispatched' ? 3 : 2);
  });

  it('answers with the case as stored (the row is built in memory, not read back)', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => post(body(300 + i, i % 2 ? { urgency: 'urgent', anonymous: true, address: '碧海嘉园3栋' } : {}))));
    for (const a of answers) {
      const created = a.json().appeal as Record<string, unknown>;
      const stored = (await t.app.inject({ method: 'GET', url: `/api/appeals/${created.id}`, headers: bearer(token) })).json().appeal as Record<string, unknown>;
      for (const [k, v] of Object.entries(created)) expect(stored[k], k).toEqual(v);
    }
  });

  it('answers every copy of a retried intake with one case, also when the copies arrive in the same burst', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post(body(100 + (i % 3)), `burst-key-${i % 3}`)));
    const byKey = new Map<number, Set<string>>();
    answers.forEach((a, i) => {
      expect([200, 201]).toContain(a.statusCode);
      const s = byKey.get(i % 3) ?? new Set();
      s.add(a.json().appeal.id);
      byKey.set(i % 3, s);
    });
    for (const s of byKey.values()) expect(s.size).toBe(1);
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.json().replayed)).toHaveLength(9);
    const [n] = await rows<{ n: number; audits: number }>(sql`select count(*)::int as n,
      (select count(*)::int from audit_log l where l.action = 'appeals.create' and l.subject_id in (select id::text from appeals where idempotency_key like '%:burst-key-%')) as audits
      from appeals where idempotency_key like '%:burst-key-%'`);
    expect(n).toEqual({ n: 3, audits: 3 });
  });

  it('fails a bad case alone: the rest of its burst is written, the bad one leaves nothing behind', async () => {
    // Somebody else's upload cannot be attached: refused when the batch writes it, so the batch is retried case by case.
    const up = await t.app.inject({ method: 'POST', url: '/api/files?name=x.png', headers: { ...bearer(resident), 'content-type': 'image/png' }, payload: PNG });
    expect(up.statusCode).toBe(201);
    const foreign = up.json().file.id as string;
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from appeals`);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(body(200 + i, i === 7 ? { attachments: [foreign] } : {}))));
    expect(answers[7]!.statusCode).toBe(400);
    expect(answers[7]!.json().error).toMatchObject({ code: 'attachment_invalid', field: 'attachments' });
    expect(answers.filter((_, i) => i !== 7).map((a) => a.statusCode)).toEqual(Array(19).fill(201));
    const after = await rows<{ n: number }>(sql`select count(*)::int as n from appeals`);
    expect(after[0]!.n - before[0]!.n).toBe(19);
    expect(await rows(sql`select 1 from appeals where title = ${'并发受理 207'}`)).toHaveLength(0);
    const [file] = await rows<{ owner_id: string | null }>(sql`select owner_id from files where id = ${foreign}`);
    expect(file!.owner_id).toBeNull();
    // The refusal is audited once, as a failure of that request.
    const refused = await rows<{ result: string }>(sql`select result from audit_log where action = 'appeals.create' and result <> 'ok' order by id desc limit 1`);
    expect(refused[0]!.result).not.toBe('ok');
  });
});
