import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, PNG, type Places } from './helpers/fixtures.js';
import { makeIdNumber } from '../src/platform/pii/index.js';

/**
 * The wish wall never shows who a minor's or a hardship family's wish is for: the wall's JSON, the public view and
 * the claimer's view are searched for the beneficiary's name, address, phone and ID number.
 */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};

const NAME = '林小雨';
const ADDRESS = '新安社区海甸五西路28号6栋302';
const PHONE = '13976540321';
const ID = makeIdNumber('460106', '20150610', 123);
/** Everything that would identify the child, including pieces of it. */
const CANARIES = [NAME, '林*', ADDRESS, '6栋302', PHONE, '139****0321', '0321', ID, ID.slice(-4)];

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['resident', 'member', 'community', 'unit']) tok[u] = await login(t.app, u);
}, 120_000);
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(tok[who]!), ...(payload ? { payload } : {}) });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const leaks = (body: string) => CANARIES.filter((c) => body.includes(c));

async function publishedWish(who: string, body: object, publicText = { publicTitle: '一名小学生需要学习用品', publicStory: '社区一名小学生需要一套学习用品' }) {
  const photo = (await t.app.inject({ method: 'POST', url: '/api/files?name=child.png', headers: { ...bearer(tok[who]!), 'content-type': 'image/png' }, payload: PNG })).json().file.id as string;
  const res = await call('POST', '/api/wishes', who, {
    regionId: p.in.grid.id,
    title: `${NAME}想要一个新书包`,
    story: `${NAME}住在${ADDRESS}，今年上三年级`,
    category: 'study',
    estimatedValueYuan: 150,
    deadline: inDays(20),
    photos: [photo],
    beneficiary: { name: NAME, phone: PHONE, address: ADDRESS, idNumber: ID },
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().wish.id as string;
  expect((await call('POST', `/api/wishes/${id}/verify`, 'community', publicText)).statusCode).toBe(200);
  expect((await call('POST', `/api/wishes/${id}/publish`, 'community')).statusCode).toBe(200);
  return { id, photo };
}

describe('the wish wall and minors’ and hardship families’ wishes', () => {
  it('shows neither name, address, phone, ID number nor photo on the wall, to anyone who reads it', async () => {
    const minor = await publishedWish('community', { postedAs: 'community', minor: true });
    const hardship = await publishedWish('resident', { hardship: true }, { publicTitle: '一户困难家庭需要学习用品', publicStory: '社区一户困难家庭的孩子需要书包' });
    for (const who of ['member', 'unit', 'resident', 'community']) {
      const res = await call('GET', '/api/wishes/wall?pageSize=100', who);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ id: string; photos: string[]; protected: boolean; title: string }>;
      expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([minor.id, hardship.id]));
      expect(leaks(res.body), `wall as ${who}`).toEqual([]);
      for (const i of items.filter((x) => x.id === minor.id || x.id === hardship.id)) {
        expect(i.photos).toEqual([]);
        expect(i.protected).toBe(true);
        expect(i).not.toHaveProperty('minor');
        expect(i).not.toHaveProperty('hardship');
      }
      expect(items.find((i) => i.id === minor.id)!.title).toBe('一名小学生需要学习用品');
    }
    // The public view of one wish, and its photo.
    for (const who of ['member', 'unit']) {
      const one = await call('GET', `/api/wishes/${minor.id}`, who);
      expect(one.json().wish.view).toBe('public');
      expect(leaks(one.body)).toEqual([]);
      expect((await call('GET', `/api/files/${minor.photo}`, who)).statusCode).toBe(403);
    }
  });

  it('the claimer learns what to deliver and where to hand it over — never who the child is', async () => {
    const minor = await publishedWish('community', { postedAs: 'community', minor: true });
    await call('PATCH', `/api/wishes/${minor.id}/public-text`, 'community', { handoverNote: '请于工作日送至新安社区党群服务中心，由社区转交' });
    const claim = await call('POST', `/api/wishes/${minor.id}/claim`, 'member', {});
    expect(claim.statusCode, claim.body).toBe(200);
    const detail = await call('GET', `/api/wishes/${minor.id}`, 'member');
    for (const body of [claim.body, detail.body]) {
      expect(leaks(body)).toEqual([]);
      const w = JSON.parse(body).wish;
      expect(w).toMatchObject({ view: 'claimer', delivery: null, photos: [], handoverNote: '请于工作日送至新安社区党群服务中心，由社区转交', title: '一名小学生需要学习用品' });
      expect(w).not.toHaveProperty('minor');
      expect(w).not.toHaveProperty('beneficiary');
    }
    expect((await call('GET', `/api/files/${minor.photo}`, 'member')).statusCode).toBe(403);
    // The community sees the whole wish: the name and address, the phone masked, and only that an ID number is on file.
    const full = await call('GET', `/api/wishes/${minor.id}`, 'community');
    expect(full.json().wish).toMatchObject({ view: 'full', minor: true, beneficiary: { name: NAME, address: ADDRESS, phone: '139****0321', hasIdNumber: true } });
    // Even the community reads the phone masked (the poster's own story aside) and never the ID number.
    expect(full.body).not.toContain(ID);
    expect(full.body).not.toContain(PHONE);
    expect((await call('GET', `/api/files/${minor.photo}`, 'community')).statusCode).toBe(200);
  });

  it('an ordinary wish shows its text and photos on the wall, but the beneficiary only to the claimer, masked', async () => {
    const w = await publishedWish('resident', { title: '想要一台收音机', story: '独居老人想听广播', beneficiary: { name: NAME, phone: PHONE, address: ADDRESS } }, { publicTitle: '想要一台收音机', publicStory: '独居老人想听广播' });
    const wall = await call('GET', '/api/wishes/wall?pageSize=100', 'unit');
    expect(leaks(wall.body)).toEqual([]);
    expect((wall.json().items as Array<{ id: string; photos: string[] }>).find((i) => i.id === w.id)!.photos).toEqual([w.photo]);
    expect((await call('GET', `/api/files/${w.photo}`, 'unit')).statusCode).toBe(200);
    const claim = await call('POST', `/api/wishes/${w.id}/claim`, 'unit', {});
    expect(claim.json().wish.delivery).toEqual({ name: '林**', phone: '139****0321', address: ADDRESS });
    expect(claim.body).not.toContain(PHONE);
  });

  it('stores the beneficiary’s details only encrypted, and never logs them', async () => {
    const rows = await t.services.database.rows<Record<string, unknown>>(sql`select * from wishes`);
    // Phones and ID numbers (the personal data rules) appear nowhere in a wish's row; the poster's own story is stored as written.
    const dump = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(3);
    for (const c of [PHONE, ID]) expect(dump).not.toContain(c);
    const logs = t.logs.join('\n');
    for (const c of [PHONE, ID, NAME, ADDRESS]) expect(logs).not.toContain(c);
  });
});
