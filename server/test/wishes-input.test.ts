import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, PNG, type Places } from './helpers/fixtures.js';
import { makeWish } from './helpers/wish-fixtures.js';

/** Bad input gets a 4xx naming the field and writes nothing; who may act on a wish beyond the matrix's classes. */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['resident', 'member', 'community', 'unit']) tok[u] = await login(t.app, u);
  tok.outMember = await login(t.app, (await makeUser(t, 'member', p.out.grid.id)).username);
}, 120_000);
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...bearer(tok[who]!), ...headers }, ...(payload ? { payload } : {}) });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const count = async () => (await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from wishes`))[0]!.n;
const good = () => ({ regionId: p.in.grid.id, title: '想要一个书包', story: '书包坏了', category: 'study', estimatedValueYuan: 100, deadline: inDays(10) });

describe('posting a wish with bad input', () => {
  it('answers 400 naming the field, and writes no wish', async () => {
    const before = await count();
    const cases: Array<[string, object, string, string?]> = [
      ['resident', { ...good(), title: '' }, 'title'],
      ['resident', { ...good(), category: 'toys' }, 'category'],
      ['resident', { ...good(), estimatedValueYuan: -5 }, 'estimatedValueYuan'],
      ['resident', { ...good(), estimatedValueYuan: 'many' }, 'estimatedValueYuan'],
      ['resident', { ...good(), deadline: '2026-02-30' }, 'deadline'],
      ['resident', { ...good(), deadline: 'soon' }, 'deadline'],
      ['resident', { ...good(), deadline: '2020-01-01' }, 'deadline', 'wish_deadline_past'],
      ['resident', { ...good(), deadline: inDays(400) }, 'deadline', 'wish_deadline_far'],
      ['resident', { ...good(), photos: ['not-a-uuid'] }, 'photos.0'],
      ['resident', { ...good(), beneficiary: { name: '周阿姨', phone: '12345' } }, 'beneficiary.phone'],
      ['resident', { ...good(), beneficiary: { name: '周阿姨', idNumber: '460106201506101230' } }, 'beneficiary.idNumber'],
      ['community', { ...good(), postedAs: 'community' }, 'beneficiary'],
      ['community', { ...good(), regionId: p.in.building.id, beneficiary: { name: '王建国' } }, 'regionId', 'wish_region_level'],
    ];
    for (const [who, body, field, code] of cases) {
      const res = await call('POST', '/api/wishes', who, body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().error.field, JSON.stringify(body)).toBe(field);
      if (code) expect(res.json().error.code).toBe(code);
    }
    // Someone else's photo: refused after the insert, so the whole transaction rolls back.
    const theirs = (await t.app.inject({ method: 'POST', url: '/api/files?name=x.png', headers: { ...bearer(tok.member!), 'content-type': 'image/png' }, payload: PNG })).json().file.id as string;
    const res = await call('POST', '/api/wishes', 'resident', { ...good(), photos: [theirs] });
    expect(res.json().error).toMatchObject({ code: 'attachment_invalid', field: 'photos' });
    expect(await count()).toBe(before);
  });

  it('speaks the caller’s language', async () => {
    const res = await call('POST', '/api/wishes', 'resident', { ...good(), deadline: '2020-01-01' }, { 'accept-language': 'en' });
    expect(res.json().error.message).toBe('The deadline must be later than now');
  });

  it('lets a resident post only for themself, and only where they live', async () => {
    const res = await call('POST', '/api/wishes', 'resident', { ...good(), postedAs: 'community', beneficiary: { name: '王建国' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.field).toBe('postedAs');
    expect((await call('POST', '/api/wishes', 'resident', { ...good(), regionId: p.out.grid.id })).statusCode).toBe(403);
  });
});

describe('acting on a wish', () => {
  it('refuses bad decisions with the field named', async () => {
    const submitted = await makeWish(t, p, 'submitted');
    expect((await call('POST', `/api/wishes/${submitted}/reject`, 'community', {})).json().error.field).toBe('reason');
    expect((await call('PATCH', `/api/wishes/${submitted}/public-text`, 'community', {})).json().error.field).toBe('publicTitle');
    expect((await call('POST', '/api/wishes/not-an-id/verify', 'community', {})).json().error.field).toBe('id');
    // Publishing before verifying: the state says no.
    const early = await call('POST', `/api/wishes/${submitted}/publish`, 'community');
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'wish_state', status: 'submitted' });
    const claimed = await makeWish(t, p, 'claimed');
    expect((await call('POST', `/api/wishes/${claimed}/fulfil`, 'member', { note: '已送达', photos: [] })).json().error.field).toBe('photos');
    expect((await call('POST', `/api/wishes/${claimed}/fulfil`, 'member', { photos: ['00000000-0000-4000-8000-000000000000'] })).json().error.field).toBe('note');
    // A member claiming for a unit they do not run.
    const published = await makeWish(t, p, 'published');
    const asUnit = await call('POST', `/api/wishes/${published}/claim`, 'member', { as: 'unit' });
    expect(asUnit.statusCode).toBe(403);
    expect(asUnit.json().error.field).toBe('as');
    expect((await call('GET', '/api/wishes/wall?pageSize=1000', 'member')).json().error.field).toBe('pageSize');
    expect((await call('GET', '/api/wishes/mine?status=published,lost', 'resident')).json().error.field).toBe('status');
    // A member who posted a wish for themself does not claim it.
    const own = await call('POST', '/api/wishes', 'member', good());
    const ownId = own.json().wish.id as string;
    await call('POST', `/api/wishes/${ownId}/verify`, 'community', {});
    await call('POST', `/api/wishes/${ownId}/publish`, 'community');
    expect((await call('POST', `/api/wishes/${ownId}/claim`, 'member', {})).json().error.code).toBe('wish_own');
    expect((await call('GET', '/api/wishes/queue?status=lost', 'community')).json().error.field).toBe('status');
  });

  it('keeps a wish to its community: members elsewhere neither see it on the wall nor claim it', async () => {
    const published = await makeWish(t, p, 'published');
    expect((await call('GET', '/api/wishes/wall?pageSize=100', 'member')).json().items.map((i: { id: string }) => i.id)).toContain(published);
    expect((await call('GET', '/api/wishes/wall?pageSize=100', 'outMember')).json().items.map((i: { id: string }) => i.id)).not.toContain(published);
    expect((await call('POST', `/api/wishes/${published}/claim`, 'outMember', {})).statusCode).toBe(403);
    expect((await call('GET', `/api/wishes/${published}`, 'outMember')).statusCode).toBe(403);
  });

  it('shows a wish before publication only to its poster and the community; after claiming, a unit that did not claim sees nothing', async () => {
    const submitted = await makeWish(t, p, 'submitted');
    expect((await call('GET', `/api/wishes/${submitted}`, 'resident')).json().wish.view).toBe('full');
    expect((await call('GET', `/api/wishes/${submitted}`, 'community')).json().wish.view).toBe('full');
    expect((await call('GET', `/api/wishes/${submitted}`, 'member')).statusCode).toBe(403);
    const claimed = await makeWish(t, p, 'claimed');
    expect((await call('GET', `/api/wishes/${claimed}`, 'member')).json().wish.view).toBe('claimer');
    expect((await call('GET', `/api/wishes/${claimed}`, 'unit')).statusCode).toBe(403);
    // Only the claimer fulfils; the poster cannot cancel a claimed wish, the community can.
    expect((await call('POST', `/api/wishes/${claimed}/fulfil`, 'unit', { note: 'x', photos: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(403);
    expect((await call('POST', `/api/wishes/${claimed}/cancel`, 'resident', {})).statusCode).toBe(409);
    expect((await call('POST', `/api/wishes/${claimed}/cancel`, 'community', { reason: '对象已搬离' })).json().wish.status).toBe('cancelled');
  });
});
