import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, TEST_ENGINE, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places } from './helpers/fixtures.js';

/** One claimer per wish, one award per confirmation, under real concurrency (PostgreSQL only: PGlite is one connection). */
describe.runIf(TEST_ENGINE === 'postgres')('concurrent claims and confirmations on PostgreSQL', () => {
  let t: TestContext;
  let p: Places;
  const claimers: string[] = [];
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    p = await places(t);
    for (const u of ['resident', 'community']) tok[u] = await login(t.app, u);
    for (let i = 0; i < 16; i++) claimers.push(await login(t.app, (await makeUser(t, 'member', p.in.grid.id)).username));
    for (let i = 0; i < 4; i++) claimers.push(await login(t.app, (await makeUser(t, 'unit_admin', p.in.community.id)).username));
  }, 180_000);
  afterAll(async () => t?.close());

  const post = (url: string, token: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  async function publishedWish(): Promise<string> {
    const res = await post('/api/wishes', tok.resident!, { regionId: p.in.grid.id, title: '想要一个台灯', story: '晚上写作业光线不好', category: 'study', estimatedValueYuan: 80, deadline: inDays(10) });
    const id = res.json().wish.id as string;
    await post(`/api/wishes/${id}/verify`, tok.community!, {});
    await post(`/api/wishes/${id}/publish`, tok.community!);
    return id;
  }

  it('of 20 concurrent claims on one wish exactly one wins, ten times over', async () => {
    for (let round = 0; round < 10; round++) {
      const id = await publishedWish();
      const answers = await Promise.all(claimers.map((c) => post(`/api/wishes/${id}/claim`, c, {})));
      const won = answers.filter((a) => a.statusCode === 200);
      expect(won, `round ${round}`).toHaveLength(1);
      for (const a of answers.filter((x) => x.statusCode !== 200)) expect(a.json().error.code).toBe('wish_state');
      const [w] = await t.services.database.rows<{ status: string; claimer: string; claims: number }>(
        sql`select status, claimer_user_id as claimer, (select count(*)::int from audit_log where subject_id = ${id} and action = 'wishes.claim' and result = 'ok') as claims from wishes where id = ${id}`,
      );
      expect(w).toMatchObject({ status: 'claimed', claims: 1 });
    }
  }, 120_000);

  it('the beneficiary and the community confirming at the same moment pay the claimer once', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await publishedWish();
      const member = claimers[round]!;
      expect((await post(`/api/wishes/${id}/claim`, member, {})).statusCode).toBe(200);
      const photo = (await t.app.inject({ method: 'POST', url: '/api/files?name=p.png', headers: { ...bearer(member), 'content-type': 'image/png' }, payload: Buffer.from('89504e470d0a1a0a', 'hex') })).json().file.id as string;
      expect((await post(`/api/wishes/${id}/fulfil`, member, { note: '已送达', photos: [photo] })).statusCode).toBe(200);
      const answers = await Promise.all([post(`/api/wishes/${id}/confirm`, tok.resident!), post(`/api/wishes/${id}/confirm`, tok.community!), post(`/api/wishes/${id}/confirm`, tok.resident!)]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
      const [e] = await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from points_entries where source_type = 'wish' and source_id = ${id}`);
      expect(e!.n).toBe(1);
    }
  }, 120_000);
});
