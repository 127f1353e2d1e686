import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, PNG, unique, type Places } from './helpers/fixtures.js';
import { expireWishes } from '../src/modules/wishes/expire.js';

/** Micro-wishes through the API: the whole lifecycle with points once, the community's families, expiry, cancel. */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['resident', 'member', 'community', 'unit', 'street', 'grid']) tok[u] = await login(t.app, u);
}, 120_000);
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(tok[who]!), ...(payload ? { payload } : {}) });
const upload = async (who: string) =>
  (await t.app.inject({ method: 'POST', url: '/api/files?name=wish.png', headers: { ...bearer(tok[who]!), 'content-type': 'image/png' }, payload: PNG })).json().file.id as string;
const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const entries = async (wishId: string) => rows<{ n: number; sum: number }>(sql`select count(*)::int as n, coalesce(sum(delta), 0)::int as sum from points_entries where source_type = 'wish' and source_id = ${wishId}`);

async function postWish(who: string, body: object = {}) {
  const res = await call('POST', '/api/wishes', who, {
    regionId: p.in.grid.id,
    title: unique('想要一个书包'),
    story: '孩子上三年级，书包坏了',
    category: 'study',
    estimatedValueYuan: 120,
    deadline: inDays(30),
    beneficiary: { name: '周秀兰', phone: '13907551234', address: '新安社区3栋502' },
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().wish as { id: string; status: string; view: string };
}

describe('a micro-wish from posting to confirmation', () => {
  it('is posted, verified, published, claimed by a member, fulfilled with proof, confirmed — and pays points once', async () => {
    const photo = await upload('resident');
    const w = await postWish('resident', { photos: [photo] });
    expect(w).toMatchObject({ status: 'submitted', view: 'full' });
    expect((w as unknown as { beneficiary: { phone: string } }).beneficiary.phone).toBe('139****1234');

    // Not on the wall before it is published; in the community's queue.
    expect((await call('GET', '/api/wishes/wall', 'member')).json().items.map((i: { id: string }) => i.id)).not.toContain(w.id);
    expect((await call('GET', '/api/wishes/queue', 'community')).json().items.map((i: { id: string }) => i.id)).toContain(w.id);
    // Claiming a wish not yet published: 409.
    expect((await call('POST', `/api/wishes/${w.id}/claim`, 'member', {})).statusCode).toBe(409);

    const v = await call('POST', `/api/wishes/${w.id}/verify`, 'community', { handoverNote: '请送至新安社区党群服务中心' });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json().wish.status).toBe('verified');
    const pub = await call('POST', `/api/wishes/${w.id}/publish`, 'community');
    expect(pub.json().wish.status).toBe('published');

    const wall = (await call('GET', '/api/wishes/wall', 'member')).json().items as Array<{ id: string; photos: string[]; community: { name: string } }>;
    const onWall = wall.find((i) => i.id === w.id)!;
    expect(onWall.photos).toEqual([photo]);
    expect(onWall.community.name).toBe('新安社区');

    // A member of the community may read it on the wall: the public view, no beneficiary.
    const before = (await call('GET', `/api/wishes/${w.id}`, 'member')).json().wish;
    expect(before.view).toBe('public');
    expect(JSON.stringify(before)).not.toContain('周秀兰');

    const claim = await call('POST', `/api/wishes/${w.id}/claim`, 'member', {});
    expect(claim.statusCode, claim.body).toBe(200);
    expect(claim.json().wish).toMatchObject({ status: 'claimed', view: 'claimer', claimer: { kind: 'member' }, delivery: { name: '周**', phone: '139****1234', address: '新安社区3栋502' } });
    expect(claim.json().wish.handoverNote).toBe('请送至新安社区党群服务中心');
    // Once claimed: off the wall, a second claimer is refused.
    expect((await call('GET', '/api/wishes/wall', 'unit')).json().items.map((i: { id: string }) => i.id)).not.toContain(w.id);
    expect((await call('POST', `/api/wishes/${w.id}/claim`, 'unit', {})).statusCode).toBe(409);

    // Proof: a photo the claimer uploaded; someone else's photo is refused, naming the field, and nothing changes.
    const someoneElses = await upload('resident');
    const bad = await call('POST', `/api/wishes/${w.id}/fulfil`, 'member', { note: '书包已送到', photos: [someoneElses] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'attachment_invalid', field: 'photos' });
    expect((await rows<{ status: string }>(sql`select status from wishes where id = ${w.id}`))[0]!.status).toBe('claimed');
    const proof = await upload('member');
    const ful = await call('POST', `/api/wishes/${w.id}/fulfil`, 'member', { note: '书包已送到', photos: [proof] });
    expect(ful.statusCode, ful.body).toBe(200);
    expect(ful.json().wish.proof).toMatchObject({ note: '书包已送到', photos: [proof] });
    // The poster sees the proof photo; a unit of the community does not.
    expect((await call('GET', `/api/files/${proof}`, 'resident')).statusCode).toBe(200);
    expect((await call('GET', `/api/files/${proof}`, 'unit')).statusCode).toBe(403);

    // The claimer cannot confirm their own delivery.
    expect((await call('POST', `/api/wishes/${w.id}/confirm`, 'member')).statusCode).toBe(403);
    const conf = await call('POST', `/api/wishes/${w.id}/confirm`, 'resident');
    expect(conf.statusCode, conf.body).toBe(200);
    expect(conf.json().wish).toMatchObject({ status: 'confirmed', pointsAwarded: 3 });
    // Confirming again (a double tap, or the community after the resident): refused, and still one entry.
    expect((await call('POST', `/api/wishes/${w.id}/confirm`, 'resident')).statusCode).toBe(409);
    expect((await call('POST', `/api/wishes/${w.id}/confirm`, 'community')).statusCode).toBe(409);
    expect(await entries(w.id)).toEqual([{ n: 1, sum: 3 }]);
    const [e] = await rows<{ kind: string; reason: string; idempotency_key: string }>(sql`select kind, reason, idempotency_key from points_entries where source_id = ${w.id}`);
    expect(e).toEqual({ kind: 'party', reason: 'wish_claimed', idempotency_key: `wish:${w.id}` });

    // My wishes, both ways.
    expect((await call('GET', '/api/wishes/mine', 'resident')).json().items.map((i: { id: string }) => i.id)).toContain(w.id);
    expect((await call('GET', '/api/wishes/mine?as=claimer', 'member')).json().items.map((i: { id: string }) => i.id)).toContain(w.id);
    // Every step audited.
    const actions = await rows<{ action: string }>(sql`select action from audit_log where subject_id = ${w.id} order by id`);
    expect(actions.map((a) => a.action)).toEqual(['wishes.post', 'wishes.verify', 'wishes.publish', 'wishes.claim', 'wishes.fulfil', 'wishes.confirm']);
  });

  it('a family posted by the community, claimed by a unit and confirmed by the community: recorded without points', async () => {
    const w = await postWish('community', { postedAs: 'community', hardship: true, beneficiary: { name: '王建国', address: '新安社区7栋101' } });
    expect((await call('POST', `/api/wishes/${w.id}/verify`, 'community', {})).statusCode).toBe(200);
    // A hardship family's wish needs the community's public text before it is published.
    const noText = await call('POST', `/api/wishes/${w.id}/publish`, 'community');
    expect(noText.statusCode).toBe(400);
    expect(noText.json().error).toMatchObject({ code: 'wish_public_text_required', field: 'publicTitle' });
    const edit = await call('PATCH', `/api/wishes/${w.id}/public-text`, 'community', { publicTitle: '一户家庭需要学习用品', publicStory: '社区一户家庭的孩子需要一个新书包' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await call('POST', `/api/wishes/${w.id}/publish`, 'community')).statusCode).toBe(200);
    const claim = await call('POST', `/api/wishes/${w.id}/claim`, 'unit', {});
    expect(claim.statusCode, claim.body).toBe(200);
    expect(claim.json().wish).toMatchObject({ claimer: { kind: 'unit', name: '共建单位 海甸物业' }, delivery: null, title: '一户家庭需要学习用品', photos: [] });
    expect(claim.json().wish).not.toHaveProperty('hardship');
    const proof = await upload('unit');
    expect((await call('POST', `/api/wishes/${w.id}/fulfil`, 'unit', { note: '已交社区转交', photos: [proof] })).statusCode).toBe(200);
    const conf = await call('POST', `/api/wishes/${w.id}/confirm`, 'community');
    expect(conf.statusCode, conf.body).toBe(200);
    expect(conf.json().wish).toMatchObject({ status: 'confirmed', pointsAwarded: 0 });
    expect(await entries(w.id)).toEqual([{ n: 0, sum: 0 }]);
  });

  it('unclaim puts the wish back on the wall; reject, cancel and expiry end it', async () => {
    const w = await postWish('resident');
    await call('POST', `/api/wishes/${w.id}/verify`, 'community', {});
    await call('POST', `/api/wishes/${w.id}/publish`, 'community');
    expect((await call('POST', `/api/wishes/${w.id}/claim`, 'member', {})).statusCode).toBe(200);
    const un = await call('POST', `/api/wishes/${w.id}/unclaim`, 'member');
    expect(un.statusCode, un.body).toBe(200);
    expect(un.json().wish.status).toBe('published');
    expect((await call('GET', '/api/wishes/wall', 'unit')).json().items.map((i: { id: string }) => i.id)).toContain(w.id);
    // The poster cancels while it waits on the wall.
    const c = await call('POST', `/api/wishes/${w.id}/cancel`, 'resident', { reason: '已自行解决' });
    expect(c.json().wish.status).toBe('cancelled');
    expect((await call('POST', `/api/wishes/${w.id}/claim`, 'member', {})).statusCode).toBe(409);

    const r = await postWish('resident');
    const rej = await call('POST', `/api/wishes/${r.id}/reject`, 'community', { reason: '不属于微心愿范围' });
    expect(rej.json().wish).toMatchObject({ status: 'rejected', rejectReason: '不属于微心愿范围' });

    // Expiry: a published wish and a claimed one, both past their deadline; only the unclaimed one expires.
    const e1 = await postWish('resident');
    const e2 = await postWish('resident');
    for (const id of [e1.id, e2.id]) {
      await call('POST', `/api/wishes/${id}/verify`, 'community', {});
      await call('POST', `/api/wishes/${id}/publish`, 'community');
    }
    await call('POST', `/api/wishes/${e2.id}/claim`, 'member', {});
    await t.services.database.db.execute(sql`update wishes set deadline = now() - interval '1 minute' where id in (${e1.id}, ${e2.id})`);
    await t.services.database.db.transaction((tx) => expireWishes(tx));
    const st = await rows<{ id: string; status: string }>(sql`select id, status from wishes where id in (${e1.id}, ${e2.id})`);
    expect(Object.fromEntries(st.map((s) => [s.id, s.status]))).toEqual({ [e1.id]: 'expired', [e2.id]: 'claimed' });
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'wishes.expire' and subject_id = ${e1.id}`))[0]!.n).toBe(1);
  });
});
