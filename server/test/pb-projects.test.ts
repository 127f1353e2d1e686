import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, PNG, unique, type Places } from './helpers/fixtures.js';
import { pbProjects, type PbPhase, type PbProjectStatus } from '../src/modules/pb/schema.js';

/**
 * Micro-projects beyond the cycle's own course (docs/modules/pb-voting.md, "Lists, editing, merging, photos,
 * departments"): the list of cycles per role, editing a cycle, proposals by units and on behalf of organisations,
 * photos, merging, the whole roll at once, a project's page, departments' milestones, and the demo data.
 */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['community', 'resident', 'member', 'unit', 'dept', 'orgdept', 'street']) tok[u] = await login(t.app, u);
  const outsider = await makeUser(t, 'resident', p.out.building.id);
  const outUnit = await makeUser(t, 'unit_admin', p.out.community.id);
  const otherDept = await makeUser(t, 'dept_handler', p.in.district.id);
  await t.services.database.db.execute(
    sql`insert into department_members (department_id, user_id) select id, ${otherDept.id} from departments where code = 'housing' and city_id = ${t.seed.cityId}`,
  );
  tok.outsider = await login(t.app, outsider.username);
  tok.outUnit = await login(t.app, outUnit.username);
  tok.otherDept = await login(t.app, otherDept.username);
  for (const u of ['resident', 'member', 'community']) ids[u] = (await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${u}`))[0]!.id;
  ids.outsider = outsider.id;
}, 120_000);
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(tok[who]!), ...(payload ? { payload } : {}) });
const get = (url: string, who: string) => call('GET', url, who);
const post = (url: string, who: string, payload: object = {}) => call('POST', url, who, payload);
const upload = async (who: string) =>
  (await t.app.inject({ method: 'POST', url: '/api/files?name=site.png', headers: { ...bearer(tok[who]!), 'content-type': 'image/png' }, payload: PNG })).json().file.id as string;
const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const deptId = async (code: string) => (await rows<{ id: string }>(sql`select id from departments where code = ${code} and city_id = ${t.seed.cityId}`))[0]!.id;

/** A cycle of 新安社区 opened through the API and moved straight to `phase`. */
async function cycleIn(phase: PbPhase, body: object = {}) {
  const res = await post('/api/pb/cycles', 'community', { regionId: p.in.community.id, title: unique('测试微实事'), budgetYuan: 100000, ...body });
  expect(res.statusCode).toBe(201);
  const id = res.json().cycle.id as string;
  await t.services.database.db.execute(sql`update pb_cycles set phase = ${phase} where id = ${id}`);
  return id;
}

/** A project written directly into a cycle. */
async function projectIn(cycleId: string, number: number, status: PbProjectStatus, extra: { departmentId?: string; proposer?: string } = {}) {
  const [r] = await t.services.database.db
    .insert(pbProjects)
    .values({
      cycleId,
      number,
      title: `项目${number}`,
      description: '说明',
      proposerKind: 'resident',
      proposerUserId: extra.proposer ?? null,
      estimatedCostFen: 3_000_000n,
      officialCostFen: 3_000_000n,
      departmentId: extra.departmentId ?? null,
      status,
    })
    .returning({ id: pbProjects.id });
  return r!.id;
}

describe('the demo city', () => {
  it('holds a voting cycle in 新安社区 with the demo resident on its roll, and an earlier one being carried out', async () => {
    const list = (await get('/api/pb/cycles', 'resident')).json().cycles as Array<{ id: string; title: string; phase: string; regionName: string; projectCount: number; budgetYuan: number; voterBasis: string; rule: string }>;
    const voting = list.find((c) => c.title === '2026年新安社区微实事')!;
    const earlier = list.find((c) => c.title === '2025年新安社区微实事')!;
    expect(voting).toMatchObject({ phase: 'voting', regionName: '新安社区', budgetYuan: 200000, voterBasis: 'both', rule: 'mes-add1' });
    // Seven on the ballot and one rejected; the merged proposal is not counted.
    expect(voting.projectCount).toBe(8);
    expect(earlier.phase).toBe('implementation');
    // Newest first.
    expect(list.indexOf(voting)).toBeLessThan(list.indexOf(earlier));

    const seen = (await get(`/api/pb/cycles/${voting.id}`, 'resident')).json();
    expect(seen.me).toEqual({ onRoll: true, voted: false });
    expect(seen.parts).toEqual(['resident']);
    const onBallot = seen.projects.filter((x: { status: string }) => x.status === 'on_ballot');
    expect(onBallot).toHaveLength(7);
    expect(onBallot.reduce((a: number, x: { costYuan: number }) => a + x.costYuan, 0)).toBeGreaterThan(200000);
    expect(onBallot.map((x: { title: string }) => x.title)).toContain('老年食堂适老化改造');
    expect(onBallot.find((x: { title: string }) => x.title === '老年食堂适老化改造')).toMatchObject({ proposerKind: 'social_org', proposerName: '椰城社工服务中心', departmentName: '民政局' });
    expect(seen.projects.find((x: { status: string }) => x.status === 'merged')).toMatchObject({ mergedIntoNumber: 1 });

    const old = (await get(`/api/pb/cycles/${earlier.id}`, 'member')).json();
    expect(old.projects.map((x: { number: number; status: string }) => `${x.number}:${x.status}`)).toEqual(['1:in_progress', '2:approved', '3:not_selected', '4:not_selected']);
    const result = (await get(`/api/pb/cycles/${earlier.id}/result`, 'resident')).json().result;
    expect(result.selected).toEqual(['1', '2']);
    const board = (await get(`/api/pb/cycles/${earlier.id}/accountability`, 'resident')).json().items;
    expect(board[0].milestones).toHaveLength(1);
  });

  it('lets the demo resident vote, and then says so', async () => {
    const voting = ((await get('/api/pb/cycles?phase=voting', 'resident')).json().cycles as Array<{ id: string; title: string }>).find((c) => c.title === '2026年新安社区微实事')!;
    expect((await post(`/api/pb/cycles/${voting.id}/ballots`, 'resident', { projects: [1, 2, 4] })).statusCode).toBe(204);
    expect((await get(`/api/pb/cycles/${voting.id}`, 'resident')).json().me).toEqual({ onRoll: true, voted: true });
    // The member has not voted; the organisers are not voters here.
    expect((await get(`/api/pb/cycles/${voting.id}`, 'member')).json().me).toEqual({ onRoll: true, voted: false });
    expect((await get(`/api/pb/cycles/${voting.id}`, 'community')).json().me).toEqual({ onRoll: false, voted: false });
  });
});

describe('the list of cycles', () => {
  it('shows each caller the cycles they play a part in', async () => {
    const draft = await cycleIn('draft');
    const open = await cycleIn('proposals');
    const withDept = await cycleIn('review');
    await projectIn(withDept, 1, 'proposed', { departmentId: await deptId('municipal') });
    const idsOf = async (who: string, query = '') => ((await get(`/api/pb/cycles${query}`, who)).json().cycles as Array<{ id: string }>).map((c) => c.id);

    for (const who of ['community', 'street', 'orgdept']) expect(await idsOf(who)).toEqual(expect.arrayContaining([draft, open, withDept]));
    // Residents, members and units: not drafts.
    for (const who of ['resident', 'member', 'unit']) {
      const mine = await idsOf(who);
      expect(mine).toEqual(expect.arrayContaining([open, withDept]));
      expect(mine).not.toContain(draft);
    }
    // Nobody from another district; a department only where it is responsible for a project.
    expect(await idsOf('outsider')).toEqual([]);
    expect(await idsOf('outUnit')).toEqual([]);
    const dept = await idsOf('dept');
    expect(dept).toContain(withDept);
    expect(dept).not.toContain(open);
    expect(await idsOf('otherDept')).not.toContain(withDept);
    // Filters.
    expect(await idsOf('community', '?phase=draft')).toEqual(expect.arrayContaining([draft]));
    expect(await idsOf('community', '?phase=draft')).not.toContain(open);
    expect(await idsOf('community', `?regionId=${p.out.community.id}`)).toEqual([]);
    expect((await get('/api/pb/cycles?phase=nope', 'community')).json().error.field).toBe('phase');
    // A draft is the organisers' until it opens.
    expect((await get(`/api/pb/cycles/${draft}`, 'resident')).json().error.code).toBe('pb_not_in_phase');
    expect((await get(`/api/pb/cycles/${draft}`, 'orgdept')).statusCode).toBe(200);
    expect((await get(`/api/pb/cycles/${withDept}`, 'dept')).json().parts).toEqual(['department']);
    expect((await get(`/api/pb/cycles/${withDept}`, 'otherDept')).statusCode).toBe(403);
  });
});

describe('editing a cycle', () => {
  it('changes budget, ballot, rule and dates in draft and proposals, and not after', async () => {
    const id = await cycleIn('draft');
    const patch = (body: object, who = 'community') => call('PATCH', `/api/pb/cycles/${id}`, who, body);
    const first = await patch({ title: '2027年新安社区微实事', budgetYuan: 250000, rule: 'greedy', voterBasis: 'both', phaseDates: { voting: { from: '2027-05-01', to: '2027-05-15' } } });
    expect(first.statusCode).toBe(200);
    expect(first.json().cycle).toMatchObject({ title: '2027年新安社区微实事', budgetYuan: 250000, rule: 'greedy', voterBasis: 'both', phaseDates: { voting: { from: '2027-05-01', to: '2027-05-15' } }, version: 1 });
    // Bad input names the field.
    expect((await patch({ voteType: 'cumulative' })).json().error.field).toBe('pointsPerVoter');
    expect((await patch({ phaseDates: { voting: { from: '2027-05-15', to: '2027-05-01' } } })).json().error.field).toBe('phaseDates.voting.to');
    expect((await patch({ phaseDates: { voting: { from: '15/05/2027' } } })).json().error.field).toMatch(/^phaseDates/);
    expect((await patch({ budgetYuan: -1 })).json().error.field).toBe('budgetYuan');
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ title: '旧版本', version: 0 })).json().error.code).toBe('pb_cycle_changed');
    expect((await patch({ voteType: 'cumulative', pointsPerVoter: 5 })).json().cycle).toMatchObject({ voteType: 'cumulative', pointsPerVoter: 5 });
    expect((await patch({ voteType: 'approval' })).json().cycle).toMatchObject({ voteType: 'approval', pointsPerVoter: null });
    // Residents may not; organisers of elsewhere may not.
    expect((await patch({ title: 'x' }, 'resident')).statusCode).toBe(403);
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'proposals' where id = ${id}`);
    expect((await patch({ budgetYuan: 260000 })).statusCode).toBe(200);
    await t.services.database.db.execute(sql`update pb_cycles set phase = 'review' where id = ${id}`);
    const late = await patch({ budgetYuan: 270000 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('pb_not_in_phase');
    const [audit] = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'pb.cycle_edit' and subject_id = ${id} and result = 'ok'`);
    expect(audit!.n).toBe(4);
  });
});

describe('proposals', () => {
  it('are entered by organisers on behalf of units and social organisations, and by units themselves', async () => {
    const id = await cycleIn('proposals');
    const propose = (who: string, extra: object = {}) => post(`/api/pb/cycles/${id}/projects`, who, { title: '社区书屋', description: '开设社区公益书屋', estimatedCostYuan: 20000, ...extra });
    const social = await propose('community', { onBehalfOf: { kind: 'social_org', name: '椰城社工服务中心' } });
    expect(social.statusCode).toBe(201);
    expect(social.json().project).toMatchObject({ proposerKind: 'social_org', proposerName: '椰城社工服务中心', status: 'proposed', summary: '开设社区公益书屋', photos: [] });
    expect((await propose('community')).json().project).toMatchObject({ proposerKind: 'community', proposerName: null });
    const resident = await propose('resident', { onBehalfOf: { kind: 'unit', name: '某公司' } });
    expect(resident.statusCode).toBe(403);
    expect(resident.json().error.field).toBe('onBehalfOf');
    expect((await propose('community', { onBehalfOf: { kind: 'school', name: 'x' } })).json().error.field).toMatch(/^onBehalfOf/);
    // A unit of the community proposes as a unit; a unit elsewhere may not.
    const unit = await propose('unit');
    expect(unit.statusCode).toBe(201);
    expect(unit.json().project).toMatchObject({ proposerKind: 'unit', proposerName: '共建单位 海甸物业' });
    expect((await propose('outUnit')).statusCode).toBe(403);
    // The unit sees its own proposal before review; residents do not see others' until then.
    const unitSees = (await get(`/api/pb/cycles/${id}`, 'unit')).json();
    expect(unitSees.parts).toEqual(['unit']);
    expect(unitSees.projects.map((x: { id: string }) => x.id)).toEqual([unit.json().project.id]);
    expect((await get(`/api/pb/cycles/${id}`, 'resident')).json().projects).toEqual([]);
  });

  it('carry photos readable by whoever may read the project, and by nobody outside', async () => {
    const id = await cycleIn('proposals');
    const photo = await upload('resident');
    const others = await upload('member');
    // Someone else's upload is refused, naming the field; nothing is written.
    const stolen = await post(`/api/pb/cycles/${id}/projects`, 'resident', { title: '楼道灯', description: '更换楼道灯', estimatedCostYuan: 5000, photos: [others] });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error).toMatchObject({ code: 'attachment_invalid', field: 'photos' });
    expect((await get(`/api/pb/cycles/${id}`, 'community')).json().projects).toEqual([]);

    const made = await post(`/api/pb/cycles/${id}/projects`, 'resident', { title: '楼道灯', description: '更换楼道灯', estimatedCostYuan: 5000, photos: [photo] });
    expect(made.statusCode).toBe(201);
    const project = made.json().project;
    expect(project.photos).toEqual([photo]);
    // A photo is attached once.
    expect((await post(`/api/pb/cycles/${id}/projects`, 'resident', { title: '再来', description: '同一张照片', estimatedCostYuan: 5000, photos: [photo] })).json().error.field).toBe('photos');
    const file = (who: string) => get(`/api/files/${photo}`, who);
    expect((await file('resident')).statusCode).toBe(200);
    expect((await file('community')).statusCode).toBe(200);
    // Before review only the organisers and the proposer see the proposal, and so its photos.
    expect((await file('member')).statusCode).toBe(403);
    await t.services.database.db.execute(sql`update pb_projects set status = 'on_ballot', official_cost_fen = 500000 where id = ${project.id}`);
    expect((await file('member')).statusCode).toBe(200);
    expect((await file('unit')).statusCode).toBe(200);
    expect((await file('outsider')).statusCode).toBe(403);
    expect((await file('dept')).statusCode).toBe(403);
  });
});

describe('merging', () => {
  it('points a proposal at another of the same cycle, in review and deliberation only', async () => {
    const id = await cycleIn('review');
    const a = await projectIn(id, 1, 'on_ballot');
    const b = await projectIn(id, 2, 'proposed', { proposer: ids.member });
    const c = await projectIn(id, 3, 'proposed');
    const rejected = await projectIn(id, 4, 'rejected');
    const elsewhere = await projectIn(await cycleIn('review'), 1, 'proposed');
    const merge = (from: string, intoId: string, who = 'community') => post(`/api/pb/projects/${from}/merge`, who, { intoId });

    expect((await merge(b, b)).json().error.field).toBe('intoId');
    expect((await merge(b, elsewhere)).statusCode).toBe(404);
    expect((await merge(b, elsewhere)).json().error.field).toBe('intoId');
    const into = await merge(b, rejected);
    expect(into.statusCode).toBe(409);
    expect(into.json().error).toMatchObject({ code: 'pb_merge_target_closed', field: 'intoId' });
    expect((await merge(b, a, 'resident')).statusCode).toBe(403);
    expect((await post(`/api/pb/projects/${b}/merge`, 'community', {})).json().error.field).toBe('intoId');

    const ok = await merge(b, c);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().project).toMatchObject({ id: b, status: 'merged', mergedIntoNumber: 3 });
    // A merged proposal is merged once; merging its target on carries it along.
    expect((await merge(b, a)).json().error.code).toBe('pb_project_not_mergeable');
    expect((await merge(c, b)).json().error.code).toBe('pb_merge_target_closed');
    expect((await merge(c, a)).json().project).toMatchObject({ status: 'merged', mergedIntoNumber: 1 });
    const listed = (await get(`/api/pb/cycles/${id}`, 'community')).json().projects as Array<{ number: number; status: string; mergedIntoNumber: number | null }>;
    expect(listed.map((x) => `${x.number}:${x.status}:${x.mergedIntoNumber}`)).toEqual(['1:on_ballot:null', '2:merged:1', '3:merged:1', '4:rejected:null']);
    // The member still sees their own proposal, now merged.
    expect((await get(`/api/pb/projects/${b}`, 'member')).json().project).toMatchObject({ status: 'merged', mergedIntoNumber: 1 });

    await t.services.database.db.execute(sql`update pb_cycles set phase = 'voting' where id = ${id}`);
    expect((await merge(rejected, a)).json().error.code).toBe('pb_not_in_phase');
  });
});

describe('the voter roll', () => {
  it('takes every resident and member of the community at once, and lists them masked', async () => {
    const id = await cycleIn('draft');
    const newcomer = await makeUser(t, 'member', p.in.building.id);
    expect((await post(`/api/pb/cycles/${id}/voters`, 'community', { allResidents: true, userIds: [ids.resident] })).json().error.field).toBe('userIds');
    expect((await post(`/api/pb/cycles/${id}/voters`, 'community', {})).json().error.field).toBe('userIds');
    const [expected] = await rows<{ n: number }>(sql`
      select count(distinct g.user_id)::int as n from role_grants g join users u on u.id = g.user_id
      where g.role in ('resident', 'member') and u.status = 'active' and g.region_path like ${`${p.in.community.path}%`}`);
    const all = await post(`/api/pb/cycles/${id}/voters`, 'community', { allResidents: true });
    expect(all.statusCode).toBe(200);
    expect(all.json().added).toBe(expected!.n);
    expect(all.json().added).toBeGreaterThanOrEqual(3);
    // Again: nobody new.
    expect((await post(`/api/pb/cycles/${id}/voters`, 'community', { allResidents: true })).json().added).toBe(0);

    const page = (await get(`/api/pb/cycles/${id}/voters?page=1&pageSize=2`, 'community')).json();
    expect(page.total).toBe(expected!.n);
    expect(page.voters).toHaveLength(2);
    const everyone = (await get(`/api/pb/cycles/${id}/voters?pageSize=200`, 'community')).json().voters as Array<{ userId: string; displayName: string; addedAt: string }>;
    const userIds = everyone.map((v) => v.userId);
    expect(userIds).toEqual(expect.arrayContaining([ids.resident, ids.member, newcomer.id]));
    expect(userIds).not.toContain(ids.outsider);
    expect(everyone.find((v) => v.userId === ids.resident)!.displayName).toBe('居*****');
    expect(JSON.stringify(everyone)).not.toContain('周阿姨');
    expect((await get(`/api/pb/cycles/${id}/voters?pageSize=500`, 'community')).json().error.field).toBe('pageSize');
    expect((await get(`/api/pb/cycles/${id}/voters`, 'resident')).statusCode).toBe(403);
  });
});

describe('a project and its department', () => {
  it('shows a project with milestones, spending and ratings; the responsible department records progress', async () => {
    const id = await cycleIn('implementation');
    const municipal = await deptId('municipal');
    const ours = await projectIn(id, 1, 'approved', { departmentId: municipal });
    const theirs = await projectIn(id, 2, 'approved', { departmentId: await deptId('housing') });
    const photo = await upload('dept');
    const milestone = (project: string, who: string, body: object) => post(`/api/pb/projects/${project}/milestones`, who, body);

    expect((await milestone(ours, 'dept', { title: '完成招标', spentYuan: 12000.5, photos: [photo] })).statusCode).toBe(201);
    expect((await milestone(theirs, 'dept', { title: '不是我的', spentYuan: 1 })).statusCode).toBe(403);
    expect((await milestone(ours, 'otherDept', { title: '不是我的', spentYuan: 1 })).statusCode).toBe(403);
    expect((await milestone(theirs, 'otherDept', { title: '施工', spentYuan: 8000 })).statusCode).toBe(201);
    expect((await milestone(ours, 'community', { title: '验收完成', spentYuan: 3000, done: true })).statusCode).toBe(201);

    // The department's list: its projects, with their cycle.
    const mine = (await get('/api/pb/department-projects', 'dept')).json().projects as Array<{ id: string; cycleId: string; phase: string; departmentName: string }>;
    expect(mine.find((x) => x.id === ours)).toMatchObject({ cycleId: id, phase: 'implementation', departmentName: '市政市容管理局' });
    expect(mine.map((x) => x.id)).not.toContain(theirs);
    expect(((await get('/api/pb/department-projects', 'otherDept')).json().projects as Array<{ id: string }>).map((x) => x.id)).toContain(theirs);
    expect((await get('/api/pb/department-projects', 'resident')).statusCode).toBe(403);

    // The milestone photo: readable by residents of the cycle, not from outside.
    expect((await get(`/api/files/${photo}`, 'member')).statusCode).toBe(200);
    expect((await get(`/api/files/${photo}`, 'outsider')).statusCode).toBe(403);

    await t.services.database.db.execute(sql`update pb_cycles set phase = 'evaluation' where id = ${id}`);
    expect((await post(`/api/pb/projects/${ours}/rating`, 'resident', { stars: 4, comment: '路灯很亮' })).statusCode).toBe(200);
    expect((await post(`/api/pb/projects/${ours}/rating`, 'member', { stars: 5 })).statusCode).toBe(200);
    const page = (await get(`/api/pb/projects/${ours}`, 'resident')).json();
    expect(page.project).toMatchObject({ id: ours, cycleId: id, status: 'done', costYuan: 30000, spentYuan: 15000.5, departmentName: '市政市容管理局', rating: { count: 2, average: 4.5, mine: { stars: 4, comment: '路灯很亮' } } });
    expect(page.milestones.map((m: { title: string; done: boolean; photos: string[] }) => [m.title, m.done, m.photos.length])).toEqual([
      ['完成招标', false, 1],
      ['验收完成', true, 0],
    ]);
    expect(page.cycle).toMatchObject({ id, phase: 'evaluation' });
    expect((await get(`/api/pb/projects/${ours}`, 'outsider')).statusCode).toBe(403);
    expect((await get(`/api/pb/projects/${ours}`, 'dept')).statusCode).toBe(200);
    expect((await get(`/api/pb/projects/${theirs}`, 'unit')).json().project.rating).toEqual({ count: 0, average: null, mine: null });
  });

  it('hides an unreviewed proposal from other residents', async () => {
    const id = await cycleIn('proposals');
    const mine = await projectIn(id, 1, 'proposed', { proposer: ids.resident });
    expect((await get(`/api/pb/projects/${mine}`, 'resident')).statusCode).toBe(200);
    expect((await get(`/api/pb/projects/${mine}`, 'member')).statusCode).toBe(404);
    expect((await get(`/api/pb/projects/${mine}`, 'community')).statusCode).toBe(200);
  });
});
