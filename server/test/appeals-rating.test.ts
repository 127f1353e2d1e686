import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places, PNG } from './helpers/fixtures.js';
import { regions } from '../src/modules/regions/schema.js';

/** A resident rates the handling of their case on the H5 page (评价); rating.ts. */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
let leaf: string;
let point: [number, number];

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['resident', 'grid', 'community', 'dispatcher', 'member']) tok[u] = await login(t.app, u);
  const cats = (await call('GET', '/api/appeals/categories', 'resident')).json().items as Array<{ id: string; code: string }>;
  leaf = cats.find((c) => c.code === '0104')!.id;
  const [b] = await t.services.database.db.select().from(regions).where(eq(regions.id, p.in.building.id));
  point = [b!.lng!, b!.lat!];
});
afterAll(async () => t?.close());

function call(method: 'GET' | 'POST', url: string, who: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: bearer(tok[who]!), payload: payload as object | undefined });
}
const command = (id: string, who: string, body: Record<string, unknown>) => call('POST', `/api/appeals/${id}/commands`, who, body);
const rate = (id: string, who: string, body: Record<string, unknown>) => call('POST', `/api/appeals/${id}/rating`, who, body);
/** What the case's detail tells this user about rating it. */
async function ratingView(id: string, who: string) {
  const res = await call('GET', `/api/appeals/${id}`, who);
  expect(res.statusCode).toBe(200);
  const { canRate, myRating } = res.json().appeal as { canRate: boolean; myRating: { result: string; at: string } | null };
  return { canRate, myRating };
}

/** A grid case reported by the resident, handled up to the reply. */
async function repliedCase(title: string) {
  const a = (await call('POST', '/api/appeals', 'resident', { categoryId: leaf, title, description: `${title}，请处理`, point: { lng: point[0], lat: point[1], crs: 'wgs84' } })).json().appeal;
  expect(a.status).toBe('dispatched');
  await command(a.id, 'grid', { type: 'accept' });
  const up = await t.app.inject({ method: 'POST', url: '/api/files?name=site.png', headers: { ...bearer(tok.grid!), 'content-type': 'image/png' }, payload: PNG });
  await command(a.id, 'grid', { type: 'checkIn', lng: point[0], lat: point[1], photo: up.json().file.id });
  await command(a.id, 'grid', { type: 'start' });
  expect((await command(a.id, 'grid', { type: 'reply', reply: '已处理' })).json().appeal.status).toBe('replied');
  return a.id as string;
}

describe('a resident rates the handling of their case', () => {
  it('is refused before the reply, and to anybody who did not call', async () => {
    const a = (await call('POST', '/api/appeals', 'resident', { categoryId: leaf, title: '尚未处理', description: '刚刚报的', point: { lng: point[0], lat: point[1], crs: 'wgs84' } })).json().appeal;
    expect(await ratingView(a.id, 'resident')).toEqual({ canRate: false, myRating: null });
    const early = await rate(a.id, 'resident', { result: 'satisfied' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('rating_not_open');
    const id = await repliedCase('别人的诉求');
    expect((await rate(id, 'member', { result: 'satisfied' })).statusCode).toBe(403);
    const bad = await rate(id, 'resident', { result: 'great' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('result');
  });

  it('a satisfied rating before the review becomes the return visit as soon as the reply is approved', async () => {
    const id = await repliedCase('路灯不亮');
    expect(await ratingView(id, 'resident')).toEqual({ canRate: true, myRating: null });
    // Staff who see the case never rate it.
    expect(await ratingView(id, 'dispatcher')).toEqual({ canRate: false, myRating: null });
    expect(await ratingView(id, 'grid')).toEqual({ canRate: false, myRating: null });
    const rated = await rate(id, 'resident', { result: 'basic', comment: '修好了，就是慢了点' });
    expect(rated.statusCode).toBe(200);
    expect(rated.json().appeal.status).toBe('replied');
    // Rated, not yet visited: the resident may still change their mind.
    const before = await ratingView(id, 'resident');
    expect(before).toMatchObject({ canRate: true, myRating: { result: 'basic' } });
    expect(Date.parse(before.myRating!.at)).toBeGreaterThan(Date.now() - 60_000);
    const approved = (await command(id, 'community', { type: 'approveReply' })).json().appeal;
    expect(approved).toMatchObject({ status: 'visited', satisfaction: 'basic' });
    const detail = (await call('GET', `/api/appeals/${id}`, 'dispatcher')).json().appeal;
    const steps = detail.transitions.map((x: { command: string }) => x.command);
    expect(steps.slice(-3)).toEqual(['rate', 'approveReply', 'visit']);
    const rateEntry = detail.transitions.find((x: { command: string }) => x.command === 'rate');
    expect(rateEntry).toMatchObject({ note: '修好了，就是慢了点', data: { result: 'basic' } });
    expect(detail.transitions.at(-1)).toMatchObject({ actorRole: 'system', data: { result: 'basic' } });
    expect(detail.callers[0].visitResult).toBe('basic');
    // Audited once, as the rating.
    const [n] = await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where subject_id = ${id} and action = 'appeals.rate' and result = 'ok'`);
    expect(n!.n).toBe(1);
    // Rated and visited: no second rating; the detail still says what the resident rated.
    expect(await ratingView(id, 'resident')).toEqual({ canRate: false, myRating: before.myRating });
    expect(await ratingView(id, 'dispatcher')).toEqual({ canRate: false, myRating: null });
    expect((await rate(id, 'resident', { result: 'satisfied' })).statusCode).toBe(409);
  });

  it('an unsatisfied rating leaves the return visit to the dispatcher, who may reopen the case', async () => {
    const id = await repliedCase('垃圾又堆满了');
    await command(id, 'community', { type: 'approveReply' });
    const rated = (await rate(id, 'resident', { result: 'unsatisfied', comment: '根本没人来' })).json().appeal;
    expect(rated.status).toBe('reviewed');
    expect(await ratingView(id, 'resident')).toMatchObject({ canRate: true, myRating: { result: 'unsatisfied' } });
    const visited = (await command(id, 'dispatcher', { type: 'visit', result: 'unsatisfied', handlerAtFault: true })).json().appeal;
    expect(visited.status).toBe('dispatched');
    // Reopened: the caller rates again after the new reply.
    const [c] = await t.services.database.rows<{ visit_result: string | null }>(sql`select visit_result from appeal_callers where appeal_id = ${id}`);
    expect(c!.visit_result).toBeNull();
    expect(await ratingView(id, 'resident')).toEqual({ canRate: false, myRating: null });
  });

  it("the dispatcher's phone visit applies to callers who have not rated, and keeps the others' own ratings", async () => {
    const id = await repliedCase('噪音扰民');
    // A second caller, by phone, merged into this case.
    const other = (await call('POST', '/api/appeals', 'dispatcher', { categoryId: leaf, title: '噪音扰民（来电）', description: '夜间施工噪音', point: { lng: point[0], lat: point[1], crs: 'wgs84' }, contact: { phone: '13900002222' } })).json().appeal;
    expect((await command(other.id, 'dispatcher', { type: 'merge', into: id })).statusCode).toBe(200);
    await command(id, 'community', { type: 'approveReply' });
    expect((await rate(id, 'resident', { result: 'satisfied' })).json().appeal.status).toBe('reviewed'); // the phone caller has not rated
    expect((await command(id, 'dispatcher', { type: 'visit', result: 'basic' })).json().appeal.status).toBe('visited');
    const results = await t.services.database.rows<{ visit_result: string; user_id: string | null }>(sql`select visit_result, user_id from appeal_callers where appeal_id = ${id} order by received_at`);
    expect(results.map((r) => r.visit_result)).toEqual(['satisfied', 'basic']);
    // The resident's own rating, not the dispatcher's result for the phone caller.
    expect(await ratingView(id, 'resident')).toMatchObject({ canRate: false, myRating: { result: 'satisfied' } });
  });
});
