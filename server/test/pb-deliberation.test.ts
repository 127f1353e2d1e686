import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places } from './helpers/fixtures.js';
import { maskName } from '../src/platform/pii/mask.js';
import { PB_PHASES, pbObjections, pbProjects, type PbPhase } from '../src/modules/pb/schema.js';

/**
 * Deliberation and publicity of a micro-project cycle (docs/modules/pb-voting.md, "Deliberation and publicity"):
 * comments and amendments, meetings with minutes, objections during publicity and what they hold back.
 */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
const USERS = ['community', 'street', 'resident', 'member', 'unit', 'dept', 'orgdept'] as const;
type Who = (typeof USERS)[number];

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of USERS) tok[u] = await login(t.app, u);
});
afterAll(async () => t?.close());

const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const post = (url: string, who: Who, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: bearer(tok[who]!), payload });
const get = (url: string, who: Who) => t.app.inject({ method: 'GET', url, headers: bearer(tok[who]!) });
const setPhase = (cycleId: string, phase: PbPhase) => t.services.database.db.execute(sql`update pb_cycles set phase = ${phase} where id = ${cycleId}`);
const userId = async (username: string) => (await rows<{ id: string }>(sql`select id from users where username = ${username}`))[0]!.id;
const displayName = async (username: string) => (await rows<{ n: string }>(sql`select display_name as n from users where username = ${username}`))[0]!.n;

/**
 * A cycle of 新安社区 through the API, in `phase`, with two proposals: 1 on the ballot (the demo handler's
 * department), 2 proposed by the demo resident and not yet reviewed (hidden from other residents).
 */
async function cycleWithProjects(phase: PbPhase) {
  const cycle = (await post('/api/pb/cycles', 'community', { regionId: p.in.community.id, title: '2026年新安社区微实事', budgetYuan: 100000 })).json().cycle as { id: string };
  const [d] = await rows<{ id: string }>(sql`select m.department_id as id from department_members m join users u on u.id = m.user_id where u.username = 'dept'`);
  const { db } = t.services.database;
  const [a] = await db
    .insert(pbProjects)
    .values({ cycleId: cycle.id, number: 1, title: '楼道照明改造', description: '更换楼道灯', proposerKind: 'resident', estimatedCostFen: 6_000_000n, officialCostFen: 6_000_000n, departmentId: d!.id, status: 'on_ballot' })
    .returning({ id: pbProjects.id });
  const [b] = await db
    .insert(pbProjects)
    .values({ cycleId: cycle.id, number: 2, title: '增设休闲座椅', description: '在小区广场增设座椅', proposerKind: 'resident', proposerUserId: await userId('resident'), estimatedCostFen: 3_000_000n, status: 'proposed' })
    .returning({ id: pbProjects.id });
  await setPhase(cycle.id, phase);
  return { cycleId: cycle.id, a: a!.id, b: b!.id };
}

const project = async (id: string) =>
  (await rows<{ title: string; description: string; estimated_cost_fen: string; version: number }>(sql`select title, description, estimated_cost_fen::text, version from pb_projects where id = ${id}`))[0]!;

describe('deliberation comments', () => {
  it('are taken in each phase from exactly the parts the phase table names', async () => {
    const { cycleId, a } = await cycleWithProjects('draft');
    // Stated independently of phase-permissions.ts: who comments when.
    const allowed: Partial<Record<Who, PbPhase[]>> = {
      resident: ['proposals', 'deliberation'],
      member: ['proposals', 'deliberation'],
      unit: ['proposals', 'deliberation'],
      community: ['proposals', 'review', 'deliberation'],
      street: ['proposals', 'review', 'deliberation'],
      dept: ['review', 'deliberation'],
    };
    const mismatches: string[] = [];
    for (const phase of PB_PHASES) {
      await setPhase(cycleId, phase);
      for (const who of Object.keys(allowed) as Who[]) {
        const r = await post(`/api/pb/projects/${a}/comments`, who, { body: `${who} 在 ${phase} 阶段的意见` });
        const want = allowed[who]!.includes(phase) ? 201 : 409;
        if (r.statusCode !== want) mismatches.push(`${who}@${phase}: ${r.statusCode} ${r.body.slice(0, 100)}`);
        if (want === 409 && r.json().error?.code !== 'pb_not_in_phase') mismatches.push(`${who}@${phase}: ${r.json().error?.code}`);
      }
      // Overseers read, never comment.
      if ((await post(`/api/pb/projects/${a}/comments`, 'orgdept', { body: '意见' })).statusCode !== 403) mismatches.push(`orgdept@${phase} not refused`);
    }
    expect(mismatches).toEqual([]);

    // Everyone who may read the cycle reads them, oldest first, each in the part it was written in, names masked.
    const list = (await get(`/api/pb/projects/${a}/comments`, 'orgdept')).json().comments as Array<{ body: string; authorPart: string; authorName: string; amendment: unknown; amendmentStatus: unknown }>;
    expect(list.length).toBe(Object.values(allowed).reduce((n, phases) => n + phases.length, 0));
    expect(list[0]).toMatchObject({ body: 'resident 在 proposals 阶段的意见', authorPart: 'resident', amendment: null, amendmentStatus: null });
    expect(list.find((c) => c.body.startsWith('dept '))!.authorPart).toBe('department');
    expect(list.find((c) => c.body.startsWith('unit '))!.authorPart).toBe('unit');
    expect(list.find((c) => c.body.startsWith('community '))!.authorPart).toBe('organiser');
    const name = await displayName('resident');
    expect(list[0]!.authorName).toBe(maskName(name));
    expect(JSON.stringify(list)).not.toContain(name);
    for (const who of ['resident', 'unit', 'dept', 'community'] as const) expect((await get(`/api/pb/projects/${a}/comments`, who)).statusCode, who).toBe(200);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const { cycleId, a } = await cycleWithProjects('deliberation');
    const count = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from pb_comments where cycle_id = ${cycleId}`))[0]!.n;
    const bad = async (payload: object, field: string) => {
      const r = await post(`/api/pb/projects/${a}/comments`, 'resident', payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.field, JSON.stringify(payload)).toBe(field);
    };
    await bad({ body: '  ' }, 'body');
    await bad({ body: '意见', amendment: {} }, 'amendment');
    await bad({ body: '意见', amendment: { estimatedCostYuan: -5 } }, 'amendment.estimatedCostYuan');
    await bad({ body: '意见', amendment: { title: '' } }, 'amendment.title');
    await bad({ body: '意见', amendment: { owner: '我' } }, 'amendment');
    expect(await count()).toBe(0);
    expect((await post('/api/pb/projects/00000000-0000-4000-8000-000000000000/comments', 'resident', { body: '意见' })).statusCode).toBe(404);
  });
});

describe('a proposal not yet reviewed', () => {
  it('has its comments read and written only by those who see it: its proposer, organisers', async () => {
    const { cycleId, b } = await cycleWithProjects('proposals');
    expect((await post(`/api/pb/projects/${b}/comments`, 'resident', { body: '补充说明：靠近健身区' })).statusCode).toBe(201);
    expect((await post(`/api/pb/projects/${b}/comments`, 'community', { body: '请补充位置' })).statusCode).toBe(201);
    expect((await post(`/api/pb/projects/${b}/comments`, 'member', { body: '看不到的项目' })).statusCode).toBe(404);
    expect((await get(`/api/pb/projects/${b}/comments`, 'member')).statusCode).toBe(404);
    expect((await get(`/api/pb/projects/${b}/comments`, 'resident')).json().comments).toHaveLength(2);
    expect((await get(`/api/pb/projects/${b}/comments`, 'community')).json().comments).toHaveLength(2);
    // A draft cycle is the organisers' only.
    await setPhase(cycleId, 'draft');
    expect((await get(`/api/pb/projects/${b}/comments`, 'resident')).statusCode).toBe(404);
    expect((await get(`/api/pb/cycles/${cycleId}/meetings`, 'resident')).json().error.code).toBe('pb_not_in_phase');
  });
});

describe('amendments', () => {
  it('accepted, change the proposal and its version; rejected, change nothing; decided once', async () => {
    const { a, b } = await cycleWithProjects('deliberation');
    const before = await project(a);
    const amend = async (id: string, amendment: object, who: Who = 'resident') => {
      const r = await post(`/api/pb/projects/${id}/comments`, who, { body: '建议修改', amendment });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().comment as { id: string; amendment: object; amendmentStatus: string };
    };
    const c1 = await amend(a, { title: '楼道照明节能改造', estimatedCostYuan: 55000.5 });
    expect(c1).toMatchObject({ amendment: { title: '楼道照明节能改造', estimatedCostYuan: 55000.5 }, amendmentStatus: 'pending', answer: null, decidedAt: null });
    const c2 = await amend(a, { description: '全部换成声控灯' }, 'member');
    const plain = (await post(`/api/pb/projects/${a}/comments`, 'resident', { body: '支持' })).json().comment;

    const decide = (id: string, body: object, who: Who = 'community') => post(`/api/pb/comments/${id}/decide`, who, body);
    // Only organisers decide; a rejection needs an answer; a plain comment has nothing to decide.
    expect((await decide(c1.id, { accept: true }, 'resident')).statusCode).toBe(403);
    expect((await decide(c1.id, { accept: false })).json().error.field).toBe('answer');
    expect((await decide(plain.id, { accept: true })).json().error.code).toBe('pb_no_amendment');

    const accepted = await decide(c1.id, { accept: true, answer: '采纳' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().comment).toMatchObject({ id: c1.id, amendmentStatus: 'accepted', answer: '采纳' });
    expect(accepted.json().comment.decidedAt).toBeTruthy();
    const after = await project(a);
    expect(after).toMatchObject({ title: '楼道照明节能改造', description: before.description, estimated_cost_fen: '5500050', version: before.version + 1 });
    // Twice: refused, nothing changes.
    expect((await decide(c1.id, { accept: false, answer: '不采纳' })).json().error.code).toBe('pb_amendment_decided');
    expect((await decide(c1.id, { accept: true })).statusCode).toBe(409);

    // Two decisions at once: one wins, the other finds it decided.
    const c5 = await amend(a, { description: '加装感应开关' });
    const both = await Promise.all([decide(c5.id, { accept: false, answer: '不采纳' }), decide(c5.id, { accept: false, answer: '不采纳' })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);

    const rejected = await decide(c2.id, { accept: false, answer: '声控灯不适合老人' });
    expect(rejected.json().comment).toMatchObject({ amendmentStatus: 'rejected', answer: '声控灯不适合老人' });
    expect(await project(a)).toEqual(after);

    // The list shows each amendment's state.
    const list = (await get(`/api/pb/projects/${a}/comments`, 'member')).json().comments as Array<{ id: string; amendmentStatus: string | null }>;
    expect(list.map((c) => c.amendmentStatus)).toEqual(['accepted', 'rejected', null, 'rejected']);

    // The proposed project is amended too; a rejected one is not any more, even if the amendment was filed before.
    const c3 = await amend(b, { title: '增设休闲座椅和遮阳棚' });
    await t.services.database.db.execute(sql`update pb_projects set status = 'rejected', rejection_reason = '重复' where id = ${b}`);
    const late = await decide(c3.id, { accept: true });
    expect(late.json().error.code).toBe('pb_project_not_amendable');
    expect((await rows<{ s: string }>(sql`select amendment_status as s from pb_comments where id = ${c3.id}`))[0]!.s).toBe('pending');
    expect((await project(b)).title).toBe('增设休闲座椅');
    expect((await post(`/api/pb/projects/${b}/comments`, 'resident', { body: '再改', amendment: { title: '新标题' } })).json().error.code).toBe('pb_project_not_amendable');
    // A rejected project still takes plain comments.
    expect((await post(`/api/pb/projects/${b}/comments`, 'resident', { body: '可惜' })).statusCode).toBe(201);

    // Out of the review and deliberation phases nothing is decided.
    const c4 = await amend(a, { title: '再改一次' });
    const { cycleId } = (await rows<{ cycleId: string }>(sql`select cycle_id as "cycleId" from pb_projects where id = ${a}`))[0]!;
    await setPhase(cycleId, 'voting');
    expect((await decide(c4.id, { accept: true })).json().error.code).toBe('pb_not_in_phase');

    // Audited by name of the action, without the text.
    const audit = await rows<{ action: string; detail: string }>(sql`select action, detail::text from audit_log where action in ('pb.comment', 'pb.amendment_decide') and subject_id = ${a}`);
    expect(audit.filter((x) => x.action === 'pb.amendment_decide').length).toBeGreaterThanOrEqual(2);
    for (const x of audit) expect(x.detail).not.toMatch(/楼道照明节能改造|声控|建议修改/);
  });
});

describe('deliberation meetings', () => {
  it('are recorded by organisers in review and deliberation with the proposals they discussed, and read by the cycle', async () => {
    const { cycleId, a, b } = await cycleWithProjects('deliberation');
    const other = await cycleWithProjects('deliberation');
    const meeting = { title: '第一次议事会', heldAt: '2026-05-10T19:00:00+08:00', place: '社区活动室', attendees: 23, minutes: '讨论楼道照明与座椅两个项目' };
    const url = `/api/pb/cycles/${cycleId}/meetings`;
    expect((await post(url, 'resident', { ...meeting, projectIds: [a] })).statusCode).toBe(403);
    const foreign = await post(url, 'community', { ...meeting, projectIds: [a, other.a] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({ code: 'pb_project_not_in_cycle', field: 'projectIds' });
    expect((await post(url, 'community', { ...meeting, heldAt: '5月10日' })).json().error.field).toBe('heldAt');
    expect((await post(url, 'community', { ...meeting, minutes: '' })).json().error.field).toBe('minutes');
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from pb_meetings where cycle_id = ${cycleId}`))[0]!.n).toBe(0);

    const created = await post(url, 'community', { ...meeting, projectIds: [b, a, a] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().meeting).toMatchObject({ title: '第一次议事会', heldAt: '2026-05-10T11:00:00.000Z', place: '社区活动室', attendees: 23, minutes: meeting.minutes });
    expect(created.json().meeting.projects).toEqual([
      { id: a, number: 1, title: '楼道照明改造' },
      { id: b, number: 2, title: '增设休闲座椅' },
    ]);
    await setPhase(cycleId, 'review');
    expect((await post(url, 'street', { title: '初审会', heldAt: '2026-04-01T09:00:00+08:00', minutes: '初审' })).statusCode).toBe(201);

    // Read by everyone in the cycle, in the order held.
    for (const who of ['resident', 'unit', 'orgdept', 'dept'] as const) {
      const r = await get(url, who);
      expect(r.statusCode, who).toBe(200);
      expect(r.json().meetings.map((m: { title: string }) => m.title), who).toEqual(['初审会', '第一次议事会']);
    }
    expect((await get(`/api/pb/cycles/${other.cycleId}/meetings`, 'resident')).json().meetings).toEqual([]);
    // A proposal not yet reviewed is listed only to those who see it (its proposer, organisers).
    const linked = async (who: Who) => ((await get(url, who)).json().meetings[1].projects as Array<{ number: number }>).map((x) => x.number);
    expect(await linked('member')).toEqual([1]);
    expect(await linked('resident')).toEqual([1, 2]);
    expect(await linked('street')).toEqual([1, 2]);

    // Not during voting.
    await setPhase(cycleId, 'voting');
    expect((await post(url, 'community', meeting)).json().error.code).toBe('pb_not_in_phase');
  });
});

describe('objections during publicity', () => {
  it('wait for publication, are seen by residents once answered, and hold the cycle in publicity until answered', async () => {
    const { cycleId, a } = await cycleWithProjects('voting');
    await t.services.database.db.execute(sql`update pb_projects set status = 'selected' where id = ${a}`);
    const url = `/api/pb/cycles/${cycleId}/objections`;
    const advance = (from: PbPhase) => post(`/api/pb/cycles/${cycleId}/advance`, 'community', { from });

    // Not while voting.
    expect((await post(url, 'resident', { body: '太早了' })).json().error.code).toBe('pb_not_in_phase');
    expect((await advance('voting')).statusCode).toBe(200);
    // Publicity, counted but not published: no objection yet, and the phase cannot end.
    await t.services.database.db.execute(sql`update pb_cycles set counted_at = now(), result = '{"selected":["1"]}'::jsonb where id = ${cycleId}`);
    expect((await post(url, 'resident', { body: '结果呢' })).json().error.code).toBe('pb_not_published');
    expect((await advance('publicity')).json().error.code).toBe('pb_not_published');
    await t.services.database.db.execute(sql`update pb_cycles set published_at = now() where id = ${cycleId}`);

    // Bad input, and a project of another cycle, are refused naming the field.
    const other = await cycleWithProjects('publicity');
    expect((await post(url, 'resident', { body: '' })).json().error.field).toBe('body');
    expect((await post(url, 'resident', { body: '有问题', projectId: 'nope' })).json().error.field).toBe('projectId');
    const foreign = await post(url, 'resident', { body: '有问题', projectId: other.a });
    expect(foreign.json().error).toMatchObject({ code: 'pb_project_not_in_cycle', field: 'projectId' });
    // Organisers and overseers do not object.
    expect((await post(url, 'community', { body: '有问题' })).statusCode).toBe(403);
    expect((await post(url, 'orgdept', { body: '有问题' })).statusCode).toBe(403);

    const raised = await post(url, 'resident', { body: '楼道照明项目预算偏高', projectId: a });
    expect(raised.statusCode, raised.body).toBe(201);
    const o = raised.json().objection;
    expect(o).toMatchObject({ projectId: a, projectNumber: 1, body: '楼道照明项目预算偏高', answer: null, upheld: null, answeredAt: null, mine: true });
    expect(o.authorName).toBe(maskName(await displayName('resident')));
    const byUnit = await post(url, 'unit', { body: '公示时间太短' });
    expect(byUnit.statusCode, byUnit.body).toBe(201);
    expect(byUnit.json().objection).toMatchObject({ projectId: null, projectNumber: null });

    // Another resident sees neither until answered; the author sees theirs; organisers and overseers see all.
    const seen = async (who: Who) => ((await get(url, who)).json().objections as Array<{ id: string; mine: boolean }>).map((x) => x.id);
    expect(await seen('member')).toEqual([]);
    expect(await seen('resident')).toEqual([o.id]);
    expect(await seen('community')).toEqual([o.id, byUnit.json().objection.id]);
    expect(await seen('orgdept')).toEqual([o.id, byUnit.json().objection.id]);

    // Open objections hold the cycle.
    const held = (await advance('publicity')).json().error;
    expect(held).toMatchObject({ code: 'pb_objections_open', count: 2 });

    // Answered by organisers, once.
    const answer = (id: string, body: object, who: Who = 'community') => post(`/api/pb/objections/${id}/answer`, who, body);
    expect((await answer(o.id, { answer: '预算已复核', upheld: false }, 'resident')).statusCode).toBe(403);
    expect((await answer(o.id, { answer: '', upheld: false })).json().error.field).toBe('answer');
    expect((await answer(o.id, { answer: '预算已复核' })).json().error.field).toBe('upheld');
    const answered = await answer(o.id, { answer: '预算经第三方复核，符合标准', upheld: false });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().objection).toMatchObject({ id: o.id, answer: '预算经第三方复核，符合标准', upheld: false, mine: false, projectNumber: 1 });
    expect(answered.json().objection.answeredAt).toBeTruthy();
    expect((await answer(o.id, { answer: '再答', upheld: true })).json().error.code).toBe('pb_objection_answered');

    // Now every resident sees the answered one; the unit's is still open and still holds the cycle.
    const memberView = (await get(url, 'member')).json().objections;
    expect(memberView).toHaveLength(1);
    expect(memberView[0]).toMatchObject({ id: o.id, mine: false, answer: '预算经第三方复核，符合标准' });
    expect(memberView[0].authorName).not.toContain('周阿姨');
    expect((await advance('publicity')).json().error).toMatchObject({ code: 'pb_objections_open', count: 1 });
    expect((await answer(byUnit.json().objection.id, { answer: '公示期为七天，符合规定', upheld: true })).statusCode).toBe(200);

    // All answered: the cycle moves on to approval, where nobody objects any more.
    const moved = await advance('publicity');
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().cycle.phase).toBe('approval');
    expect((await post(url, 'resident', { body: '还有问题' })).json().error.code).toBe('pb_not_in_phase');

    // The audit trail names the actions, never the text of an objection or an answer.
    const audit = await rows<{ action: string; detail: string }>(sql`select action, detail::text from audit_log where action in ('pb.object', 'pb.objection_answer') and subject_id = ${cycleId}`);
    expect(audit.filter((x) => x.action === 'pb.object').length).toBe(2);
    expect(audit.filter((x) => x.action === 'pb.objection_answer').length).toBe(2);
    for (const x of audit) expect(x.detail).not.toMatch(/预算|公示时间/);
  });

  it('is answered only by organisers above its community', async () => {
    const { cycleId } = await cycleWithProjects('publicity');
    await t.services.database.db.execute(sql`update pb_cycles set counted_at = now(), published_at = now() where id = ${cycleId}`);
    const [o] = await t.services.database.db.insert(pbObjections).values({ cycleId, authorUserId: await userId('resident'), body: '异议' }).returning({ id: pbObjections.id });
    const elsewhere = await makeUser(t, 'community_admin', p.out.community.id);
    const answer = (token: string, id: string) => t.app.inject({ method: 'POST', url: `/api/pb/objections/${id}/answer`, headers: bearer(token), payload: { answer: '答复', upheld: false } });
    expect((await answer(await login(t.app, elsewhere.username), o!.id)).statusCode).toBe(403);
    expect((await answer(tok.community!, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await answer(tok.street!, o!.id)).statusCode).toBe(200);
  });
});
