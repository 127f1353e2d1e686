import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places } from './helpers/fixtures.js';
import { readPb, toCountingInput, writePb } from '../src/modules/pb/format/index.js';
import { getRule } from '../src/modules/pb/counting/index.js';

/** A micro-project cycle through the API, from the call for proposals to the published result with its explanations. */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['community', 'street', 'resident', 'member']) tok[u] = await login(t.app, u);
});
afterAll(async () => t?.close());

const post = (url: string, who: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: bearer(tok[who]!), payload });
const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: bearer(tok[who]!) });

describe('a micro-project cycle', () => {
  it('goes from proposals through review and voting to a counted, published result with explanations', async () => {
    const cycle = (await post('/api/pb/cycles', 'community', { regionId: p.in.community.id, title: '2026年新安社区微实事', budgetYuan: 100000, rule: 'mes' })).json().cycle;
    const advance = async (from: string) => expect((await post(`/api/pb/cycles/${cycle.id}/advance`, 'community', { from })).statusCode, from).toBe(200);

    // Proposals are taken only in their phase.
    expect((await post(`/api/pb/cycles/${cycle.id}/projects`, 'resident', { title: '太早了', description: '草稿阶段', estimatedCostYuan: 1000 })).json().error.code).toBe('pb_not_in_phase');
    await advance('draft');
    const propose = async (title: string, cost: number, who = 'resident') => (await post(`/api/pb/cycles/${cycle.id}/projects`, who, { title, description: `${title}，方便居民`, estimatedCostYuan: cost })).json().project;
    const a = await propose('楼道照明改造', 60000);
    const b = await propose('增设休闲座椅', 30000, 'member');
    const c = await propose('健身器材', 50000);
    const d = await propose('不可行的项目', 10000);
    expect([a.number, b.number, c.number, d.number]).toEqual([1, 2, 3, 4]);

    await advance('proposals');
    const review = (id: string, body: object) => post(`/api/pb/projects/${id}/review`, 'community', body);
    expect((await review(a.id, { decision: 'on_ballot' })).json().error.field).toBe('officialCostYuan');
    expect((await review(d.id, { decision: 'rejected' })).json().error.field).toBe('reason');
    for (const [x, cost] of [[a, 60000], [b, 30000], [c, 50000]] as const) expect((await review(x.id, { decision: 'on_ballot', officialCostYuan: cost })).statusCode).toBe(200);
    expect((await review(d.id, { decision: 'rejected', reason: '不属于社区公共事务' })).json().project.status).toBe('rejected');
    // Residents see reviewed proposals only, and their own.
    const seen = (await get(`/api/pb/cycles/${cycle.id}`, 'resident')).json();
    expect(seen.projects.map((x: { number: number }) => x.number)).toEqual([1, 2, 3, 4]);

    // The voter roll: residents and members of the community, nobody from elsewhere.
    const voters = await Promise.all(Array.from({ length: 5 }, () => makeUser(t, 'resident', p.in.building.id)));
    const outsider = await makeUser(t, 'resident', p.out.building.id);
    const [me] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = 'resident'`);
    expect((await post(`/api/pb/cycles/${cycle.id}/voters`, 'community', { userIds: [outsider.id] })).json().error.code).toBe('pb_not_a_resident');
    expect((await post(`/api/pb/cycles/${cycle.id}/voters`, 'community', { userIds: [me!.id, ...voters.map((v) => v.id)] })).json().added).toBe(6);

    await advance('review');
    await advance('deliberation');
    // Ballots: 1+2 (90,000 yuan) by three voters, 3 by three voters; a ballot over the budget is refused.
    const tokens = [tok.resident!, ...(await Promise.all(voters.map((v) => login(t.app, v.username))))];
    const vote = (k: number, projects: number[]) => t.app.inject({ method: 'POST', url: `/api/pb/cycles/${cycle.id}/ballots`, headers: bearer(tokens[k]!), payload: { projects } });
    expect((await vote(0, [1, 2, 3])).json().error.code).toBe('pb_over_budget');
    for (const [k, choice] of [[0, [1, 2]], [1, [1, 2]], [2, [1, 2]], [3, [3]], [4, [3]], [5, [3]]] as const) expect((await vote(k, [...choice])).statusCode).toBe(204);
    // Counting is for after the vote.
    expect((await post(`/api/pb/cycles/${cycle.id}/count`, 'community')).json().error.code).toBe('pb_not_in_phase');
    await advance('voting');

    const counted = (await post(`/api/pb/cycles/${cycle.id}/count`, 'community')).json().result;
    // MES with cost utilities: each of six voters holds 100,000/6. Projects 2 and 3 both cost ρ = 1/3 per unit of
    // utility (30,000 over 3 × 30,000; 50,000 over 3 × 50,000): a tie, won by the id "2"; its supporters pay 10,000
    // each and keep 6,666.67, too little for project 1 (60,000); project 3's supporters pay their 16,666.67 each.
    expect(counted.selected).toEqual(['2', '3']);
    expect(counted.cost).toBe(80000);
    expect(counted.ballots).toBe(6);
    const why = Object.fromEntries(counted.explanations.map((e: { id: string; selected: boolean; reason: string }) => [e.id, e]));
    expect(why['1']).toMatchObject({ selected: false });
    expect(why['3']).toMatchObject({ selected: true });
    // Residents see the result once it is published, organisers once it is counted.
    expect((await get(`/api/pb/cycles/${cycle.id}/result`, 'resident')).json().error.code).toBe('pb_not_counted');
    expect((await get(`/api/pb/cycles/${cycle.id}/result`, 'community')).statusCode).toBe(200);
    expect((await post(`/api/pb/cycles/${cycle.id}/publish`, 'community')).statusCode).toBe(200);
    const published = (await get(`/api/pb/cycles/${cycle.id}/result`, 'resident')).json();
    expect(published.result.selected).toEqual(['2', '3']);
    // The published cycle as a .pb file: anyone recounts it with any tool and gets the same projects.
    const exported = await get(`/api/pb/cycles/${cycle.id}/export.pb`, 'resident');
    expect(exported.statusCode).toBe(200);
    const instance = readPb(exported.body);
    expect(instance.votes.rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']); // numbered in the box, nothing else
    expect(instance.votes.header).toEqual(['voter_id', 'vote']);
    expect(getRule('mes')!(toCountingInput(instance), {}).selected).toEqual(['2', '3']);
    expect(writePb(readPb(exported.body))).toBe(exported.body);
    // Approval, implementation with milestones and spending, evaluation by residents.
    await advance('publicity');
    expect((await post(`/api/pb/cycles/${cycle.id}/approve`, 'community')).json().approved).toEqual([2, 3]);
    await advance('approval');
    const [p2] = await t.services.database.rows<{ id: string }>(sql`select id from pb_projects where cycle_id = ${cycle.id} and number = 2`);
    const milestone = (body: object) => post(`/api/pb/projects/${p2!.id}/milestones`, 'community', body);
    expect((await milestone({ title: '采购座椅', spentYuan: 18000 })).json().status).toBe('in_progress');
    expect((await post(`/api/pb/projects/${p2!.id}/rating`, 'resident', { stars: 5 })).json().error.code).toBe('pb_not_in_phase');
    expect((await milestone({ title: '安装完成', spentYuan: 11500, done: true })).json().status).toBe('done');
    await advance('implementation');
    expect((await post(`/api/pb/projects/${p2!.id}/rating`, 'resident', { stars: 4, comment: '座椅很实用' })).statusCode).toBe(200);
    expect((await post(`/api/pb/projects/${p2!.id}/rating`, 'member', { stars: 6 })).json().error.field).toBe('stars');
    expect((await post(`/api/pb/projects/${p2!.id}/rating`, 'member', { stars: 5 })).statusCode).toBe(200);
    const board = (await get(`/api/pb/cycles/${cycle.id}/accountability`, 'resident')).json().items;
    expect(board.map((x: { number: number; status: string }) => `${x.number}:${x.status}`)).toEqual(['2:done', '3:approved']);
    expect(board[0]).toMatchObject({ costYuan: 30000, spentYuan: 29500, rating: { count: 2, average: 4.5 } });
    expect(board[0].milestones.map((m: { title: string }) => m.title)).toEqual(['采购座椅', '安装完成']);

    const statuses = (await get(`/api/pb/cycles/${cycle.id}`, 'resident')).json().projects.map((x: { number: number; status: string }) => `${x.number}:${x.status}`);
    expect(statuses).toEqual(['1:not_selected', '2:done', '3:approved', '4:rejected']);
  });

  it('counts at once a paper sheet accepted after voting closed (its ballot goes from the inbox into the box with the count)', async () => {
    const cycle = (await post('/api/pb/cycles', 'community', { regionId: p.in.community.id, title: '纸质选票补录', budgetYuan: 50000, rule: 'greedy' })).json().cycle;
    const advance = async (from: string) => expect((await post(`/api/pb/cycles/${cycle.id}/advance`, 'community', { from })).statusCode, from).toBe(200);
    await advance('draft');
    const one = (await post(`/api/pb/cycles/${cycle.id}/projects`, 'resident', { title: '楼道灯', description: '楼道灯坏了', estimatedCostYuan: 20000 })).json().project;
    await advance('proposals');
    expect((await post(`/api/pb/projects/${one.id}/review`, 'community', { decision: 'on_ballot', officialCostYuan: 20000 })).statusCode).toBe(200);
    const [me] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = 'resident'`);
    expect((await post(`/api/pb/cycles/${cycle.id}/voters`, 'community', { userIds: [me!.id] })).statusCode).toBe(200);
    await advance('review');
    await advance('deliberation');
    expect((await post(`/api/pb/cycles/${cycle.id}/ballots`, 'resident', { projects: [1] })).statusCode).toBe(204);
    await advance('voting');
    // In publicity the box's last sheet is entered by two officials; the count does not wait for the mixing job.
    expect((await post(`/api/pb/cycles/${cycle.id}/paper`, 'community', { sheet: 'Z-1', projects: [1] })).statusCode).toBeLessThan(300);
    expect((await post(`/api/pb/cycles/${cycle.id}/paper`, 'street', { sheet: 'Z-1', projects: [1] })).statusCode).toBeLessThan(300);
    const counted = await post(`/api/pb/cycles/${cycle.id}/count`, 'community');
    expect(counted.statusCode).toBe(200);
    expect(counted.json().result).toMatchObject({ ballots: 2, selected: ['1'] });
    const [left] = await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from pb_ballot_inbox where cycle_id = ${cycle.id}`);
    expect(left!.n).toBe(0);
  });
});
