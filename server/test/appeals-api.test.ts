import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places, PNG } from './helpers/fixtures.js';
import { regions } from '../src/modules/regions/schema.js';

/**
 * The appeals API as the pages use it: display names, the routing suggestion, list filters, error fields,
 * deadline colours, history entries for supervision and anonymity, merging a case sent straight to the grid,
 * and static sub-paths beside /api/appeals/:id.
 */
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
let categories: Array<{ id: string; code: string; name: string; parentId: string | null }>;
let depts: Array<{ id: string; code: string; name: string }>;
let point: { lng: number; lat: number; crs: 'wgs84' };


beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['resident', 'grid', 'community', 'dispatcher', 'dept', 'admin', 'member']) tok[u] = await login(t.app, u);
  categories = (await call('GET', '/api/appeals/categories', 'resident')).json().items;
  depts = (await call('GET', '/api/departments', 'dispatcher')).json().items;
  const [b] = await t.services.database.db.select().from(regions).where(eq(regions.id, p.in.building.id));
  point = { lng: b!.lng!, lat: b!.lat!, crs: 'wgs84' };
});
afterAll(async () => t?.close());

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: bearer(tok[who]!), payload: payload as object | undefined });
}
const cat = (code: string) => categories.find((c) => c.code === code)!;
const dept = (code: string) => depts.find((d) => d.code === code)!;
const command = (id: string, who: string, body: Record<string, unknown>) => call('POST', `/api/appeals/${id}/commands`, who, body);
const detail = async (id: string, who = 'dispatcher') => (await call('GET', `/api/appeals/${id}`, who)).json().appeal;
let n = 0;
async function report(who: string, code: string, extra: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/appeals', who, { categoryId: cat(code).id, title: `测试工单${++n}`, description: `描述${n}：路口问题`, point, ...extra });
  expect(res.statusCode).toBe(201);
  return res.json().appeal as { id: string; status: string; number: string };
}
async function upload(who: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/files?name=site.png', headers: { ...bearer(tok[who]!), 'content-type': 'image/png' }, payload: PNG });
  expect(res.statusCode).toBe(201);
  return res.json().file.id as string;
}
describe('appeals API: display names', () => {
  it('lists and details carry category, area, people and department names', async () => {
    const grid = await report('resident', '0104'); // straight to the grid worker
    const joint = await report('dispatcher', '0601');
    expect((await command(joint.id, 'dispatcher', { type: 'dispatch', mode: 'joint', leadDepartmentId: dept('municipal').id, assistDepartmentIds: [dept('ecology').id, dept('market').id] })).statusCode).toBe(200);

    const list = (await call('GET', '/api/appeals?pageSize=50', 'dispatcher')).json().items as Array<Record<string, unknown>>;
    const g = list.find((x) => x.id === grid.id)!;
    const leaf = cat('0104');
    const parent = categories.find((c) => c.id === leaf.parentId)!;
    expect(g).toMatchObject({
      categoryName: leaf.name,
      categoryPath: [parent.name, leaf.name],
      gridName: p.in.grid.name,
      communityName: '新安社区',
      streetName: p.in.street.name,
      assigneeName: '网格员 林小红',
      leadDepartmentName: expect.anything(),
    });
    const j = list.find((x) => x.id === joint.id)!;
    expect(j).toMatchObject({ leadDepartmentName: dept('municipal').name, assigneeName: null });
    expect(j.assistDepartments).toEqual([
      { id: dept('ecology').id, name: dept('ecology').name, replied: false },
      { id: dept('market').id, name: dept('market').name, replied: false },
    ]);

    const d = await detail(joint.id);
    expect(d).toMatchObject({ categoryName: cat('0601').name, gridName: p.in.grid.name, leadDepartmentName: dept('municipal').name });
    const byCommand = Object.fromEntries(d.transitions.map((x: { command: string; actorName: string | null }) => [x.command, x.actorName]));
    // The operator who took the call and dispatched is staff: named. The system's steps have no actor.
    expect(byCommand).toMatchObject({ receive: '12345 话务员 吴敏', queue: null, dispatch: '12345 话务员 吴敏' });
    // A resident's report: the reporter is never named in the history.
    const gd = await detail(grid.id);
    expect(gd.transitions[0]).toMatchObject({ command: 'receive', actorName: null });
  });

  it('looks names up once per kind for a page, whatever its length', async () => {
    for (let i = 0; i < 12; i++) await report('dispatcher', '0301');
    const db = t.services.database.db as unknown as Record<'select' | 'execute', (...a: unknown[]) => unknown>;
    const original = { select: db.select, execute: db.execute };
    let queries = 0;
    db.select = function (this: unknown, ...a: unknown[]) {
      queries++;
      return original.select.apply(this, a);
    };
    db.execute = function (this: unknown, ...a: unknown[]) {
      queries++;
      return original.execute.apply(this, a);
    };
    const count = async (size: number) => {
      queries = 0;
      const res = await call('GET', `/api/appeals?pageSize=${size}`, 'dispatcher');
      expect(res.json().items).toHaveLength(size);
      return queries;
    };
    try {
      const one = await count(1);
      const many = await count(12);
      expect(many).toBe(one);
    } finally {
      db.select = original.select;
      db.execute = original.execute;
    }
  });
});

describe('appeals API: the routing suggestion of a pending case', () => {
  it('shows the category route, then the rule that decides, and the dispatcher dispatches with it in one click', async () => {
    const a = await report('dispatcher', '0301');
    expect(a.status).toBe('pending_dispatch');
    const before = (await detail(a.id)).suggestedRoute;
    expect(before).toMatchObject({ mode: 'department', decidedBy: 'category', rule: null, leadDepartmentId: dept('municipal').id, leadDepartmentName: dept('municipal').name });
    // Who does not dispatch sees no suggestion.
    expect((await detail(a.id, 'community')).suggestedRoute).toBeNull();

    const rule = await call('POST', '/api/appeals/routing-rules', 'admin', {
      categoryId: cat('0301').id,
      regionId: p.in.community.id,
      mode: 'joint',
      leadDepartmentId: dept('street_office').id,
      assistDepartmentIds: [dept('municipal').id],
      priority: 5,
    });
    expect(rule.statusCode).toBe(201);
    expect(rule.json().rule).toMatchObject({ regionName: '新安社区', categoryName: cat('0301').name, leadDepartmentName: dept('street_office').name });
    const s = (await detail(a.id)).suggestedRoute;
    expect(s).toMatchObject({
      mode: 'joint',
      decidedBy: 'rule',
      rule: { id: rule.json().rule.id, regionName: '新安社区', categoryName: cat('0301').name, priority: 5 },
      leadDepartmentName: dept('street_office').name,
      assistDepartments: [{ id: dept('municipal').id, name: dept('municipal').name }],
    });
    const res = await command(a.id, 'dispatcher', { type: 'dispatch', mode: s.mode, leadDepartmentId: s.leadDepartmentId, assistDepartmentIds: s.assistDepartments.map((x: { id: string }) => x.id) });
    expect(res.json().appeal).toMatchObject({ status: 'dispatched', mode: 'joint', leadDepartmentName: dept('street_office').name });
    expect((await detail(a.id)).suggestedRoute).toBeNull();

    const rules = (await call('GET', '/api/appeals/routing-rules', 'dispatcher')).json().items as Array<Record<string, unknown>>;
    expect(rules.find((r) => r.id === rule.json().rule.id)).toMatchObject({ regionNames: expect.arrayContaining(['新安社区', p.in.street.name]), categoryPath: expect.arrayContaining([cat('0301').name]) });
    expect((await call('DELETE', `/api/appeals/routing-rules/${rule.json().rule.id}`, 'admin')).statusCode).toBe(204);
  });

  it('a grid category in a grid with a worker suggests the worker', async () => {
    const a = await report('dispatcher', '0104'); // dispatched straight to the grid
    await command(a.id, 'grid', { type: 'requestReturn', reason: '不是本网格' });
    expect((await command(a.id, 'dispatcher', { type: 'approveReturn' })).json().appeal.status).toBe('pending_dispatch');
    expect((await detail(a.id)).suggestedRoute).toMatchObject({ mode: 'grid', assigneeName: '网格员 林小红', decidedBy: 'category' });
  });
});

describe('appeals API: list filters', () => {
  it('takes several statuses, comma-separated or repeated', async () => {
    await report('dispatcher', '0301'); // pending
    await report('resident', '0104'); // dispatched
    const statuses = (url: string) => call('GET', url, 'dispatcher').then((r) => new Set((r.json().items as Array<{ status: string }>).map((x) => x.status)));
    expect(await statuses('/api/appeals?status=pending_dispatch,dispatched&pageSize=200')).toEqual(new Set(['pending_dispatch', 'dispatched']));
    expect(await statuses('/api/appeals?status=pending_dispatch&status=dispatched&pageSize=200')).toEqual(new Set(['pending_dispatch', 'dispatched']));
    expect(await statuses('/api/appeals?status=dispatched&pageSize=200')).toEqual(new Set(['dispatched']));
    const bad = await call('GET', '/api/appeals?status=dispatched,nonsense', 'dispatcher');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation', field: 'status' });
  });

  it('takes a received-at range (Shanghai dates or instants), naming the field when wrong', async () => {
    const a = await report('dispatcher', '0301');
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const ids = async (qs: string) => ((await call('GET', `/api/appeals?pageSize=200&${qs}`, 'dispatcher')).json().items as Array<{ id: string }>).map((x) => x.id);
    expect(await ids(`receivedFrom=${day}&receivedTo=${day}`)).toContain(a.id);
    expect(await ids('receivedTo=2020-01-01')).toEqual([]);
    expect(await ids(`receivedFrom=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`)).toEqual([]);
    const bad = await call('GET', '/api/appeals?receivedFrom=yesterday', 'dispatcher');
    expect(bad.json().error).toMatchObject({ code: 'validation', field: 'receivedFrom' });
    const reversed = await call('GET', '/api/appeals?receivedFrom=2026-03-02&receivedTo=2026-03-01', 'dispatcher');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.field).toBe('receivedTo');
  });
});

describe('appeals API: errors name the fields of the request body', () => {
  it('dispatch, check-in and configuration errors', async () => {
    const a = await report('dispatcher', '0601');
    const noAssists = await command(a.id, 'dispatcher', { type: 'dispatch', mode: 'joint', leadDepartmentId: dept('municipal').id, assistDepartmentIds: [] });
    expect(noAssists.json().error).toMatchObject({ code: 'invalid_argument', field: 'assistDepartmentIds' });
    const unknownAssist = await command(a.id, 'dispatcher', { type: 'dispatch', mode: 'joint', leadDepartmentId: dept('municipal').id, assistDepartmentIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownAssist.statusCode).toBe(404);
    expect(unknownAssist.json().error.field).toBe('assistDepartmentIds');

    const g = await report('resident', '0104');
    await command(g.id, 'grid', { type: 'accept' });
    const otherPhoto = await upload('resident'); // not the grid worker's upload
    const checkIn = await command(g.id, 'grid', { type: 'checkIn', lng: point.lng, lat: point.lat, photo: otherPhoto });
    expect(checkIn.json().error).toMatchObject({ code: 'attachment_invalid', field: 'photo' });

    const badCode = await call('POST', '/api/appeals/categories', 'admin', { parentId: cat('0301').parentId, code: 'X991', name: '测试', departmentCode: 'no_such_dept' });
    expect(badCode.statusCode).toBe(404);
    expect(badCode.json().error.field).toBe('departmentCode');
    const badAssists = await call('PATCH', `/api/appeals/categories/${cat('0301').id}`, 'admin', { assistDepartmentCodes: ['municipal', 'no_such_dept'] });
    expect(badAssists.json().error.field).toBe('assistDepartmentCodes');
    const jointNoAssist = await call('POST', '/api/appeals/routing-rules', 'admin', { categoryId: cat('0301').id, regionId: p.in.street.id, mode: 'joint', leadDepartmentId: dept('municipal').id });
    expect(jointNoAssist.json().error.field).toBe('assistDepartmentIds');
    const badCategory = await call('POST', '/api/appeals/routing-rules', 'admin', { categoryId: '00000000-0000-4000-8000-000000000000', regionId: p.in.street.id, mode: 'grid' });
    expect(badCategory.json().error.field).toBe('categoryId');
  });
});

describe('appeals API: deadline colours', () => {
  const setDeadline = (id: string, key: 'acceptBy' | 'onSiteBy', at: number) =>
    t.services.database.db.execute(sql`update appeals set state = jsonb_set(state, ${`{deadlines,${key}}`}::text[], to_jsonb(${at}::bigint)) where id = ${id}`);

  it('a case not accepted by its accept-by time is red, and no longer once accepted', async () => {
    const a = await report('dispatcher', '0301');
    await setDeadline(a.id, 'acceptBy', Date.now() - 60_000);
    expect((await detail(a.id)).deadlineStatus).toBe('overdue');
    await command(a.id, 'dispatcher', { type: 'dispatch', mode: 'department', leadDepartmentId: dept('municipal').id });
    expect((await detail(a.id)).deadlineStatus).toBe('overdue');
    expect((await command(a.id, 'dept', { type: 'accept' })).json().appeal.deadlineStatus).toBe('ok');
  });

  it('a grid case not on site by its on-site time is red, and no longer after the check-in', async () => {
    const a = await report('resident', '0104');
    await setDeadline(a.id, 'onSiteBy', Date.now() - 60_000);
    await command(a.id, 'grid', { type: 'accept' });
    expect((await detail(a.id)).deadlineStatus).toBe('overdue');
    const photo = await upload('grid');
    const on = await command(a.id, 'grid', { type: 'checkIn', lng: point.lng, lat: point.lat, photo });
    expect(on.json().appeal.deadlineStatus).toBe('ok');
  });
});

describe('appeals API: history entries beside the lifecycle', () => {
  it('raising supervision by hand is in the history and audited', async () => {
    const a = await report('dispatcher', '0301');
    const res = await call('POST', `/api/appeals/${a.id}/supervision`, 'dispatcher', { level: 'supervise', reason: '群众多次来电' });
    expect(res.json().appeal.supervision).toBe('supervise');
    const last = (await detail(a.id)).transitions.at(-1);
    expect(last).toMatchObject({ command: 'supervise', actorName: '12345 话务员 吴敏', actorRole: 'supervisor', note: '群众多次来电', from: 'pending_dispatch', to: 'pending_dispatch', data: { level: 'supervise' } });
    const audit = await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where subject_id = ${a.id} and action = 'appeals.supervise' and result = 'ok'`);
    expect(audit[0]!.n).toBe(1);
    // The next lifecycle step follows in the same sequence.
    await command(a.id, 'dispatcher', { type: 'dispatch', mode: 'department', leadDepartmentId: dept('municipal').id });
    const seqs = (await detail(a.id)).transitions.map((x: { seq: number }) => x.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("the reporter's change of anonymity is in the history (unnamed) and audited; no change, no entry", async () => {
    const a = await report('resident', '0102');
    expect((await call('POST', `/api/appeals/${a.id}/anonymity`, 'resident', { anonymous: true })).json().appeal.anonymous).toBe(true);
    await call('POST', `/api/appeals/${a.id}/anonymity`, 'resident', { anonymous: true });
    const entries = (await detail(a.id, 'resident')).transitions.filter((x: { command: string }) => x.command === 'anonymity');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorRole: 'reporter', actorName: null, data: { anonymous: true } });
    const [resident] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = 'resident'`);
    expect(entries[0].actorId).toBe(resident!.id);
    const audit = await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where subject_id = ${a.id} and action = 'appeals.anonymity' and result = 'ok'`);
    expect(audit[0]!.n).toBe(2);
  });
});

describe('appeals API: attachments', () => {
  it('the on-site photo is attached once', async () => {
    const a = await report('resident', '0104');
    await command(a.id, 'grid', { type: 'accept' });
    const photo = await upload('grid');
    expect((await command(a.id, 'grid', { type: 'checkIn', lng: point.lng, lat: point.lat, photo })).statusCode).toBe(200);
    const d = await detail(a.id);
    expect(d.transitions.find((x: { command: string }) => x.command === 'checkIn').attachments).toEqual([photo]);
    expect(d.transitions.flatMap((x: { attachments: string[] }) => x.attachments).filter((f: string) => f === photo)).toHaveLength(1);
    const [row] = await t.services.database.rows<{ attachments: string[] }>(sql`select attachments from appeal_transitions where appeal_id = ${a.id} and command = 'checkIn'`);
    expect(row!.attachments).toEqual([photo]);
    expect((await call('GET', `/api/files/${photo}`, 'community')).statusCode).toBe(200);
  });
});

describe('appeals API: merging a case sent straight to the grid', () => {
  it('the dispatcher merges it while nobody has accepted it, not afterwards', async () => {
    const target = await report('dispatcher', '0301');
    const g = await report('resident', '0104');
    expect(g.status).toBe('dispatched');
    expect((await detail(g.id)).allowedCommands).toContain('merge');
    expect((await command(g.id, 'grid', { type: 'merge', into: target.id })).statusCode).toBe(403);
    const merged = await command(g.id, 'dispatcher', { type: 'merge', into: target.id });
    expect(merged.json().appeal).toMatchObject({ status: 'merged', mode: null, assigneeUserId: null });
    expect((await detail(target.id)).callers).toHaveLength(2);

    const accepted = await report('resident', '0104');
    await command(accepted.id, 'grid', { type: 'accept' });
    expect((await detail(accepted.id)).allowedCommands).not.toContain('merge');
    expect((await command(accepted.id, 'dispatcher', { type: 'merge', into: target.id })).json().error.code).toBe('illegal_transition');
  });

  it('not into a closed case', async () => {
    const closed = await report('dispatcher', '0301');
    await command(closed.id, 'dispatcher', { type: 'merge', into: (await report('dispatcher', '0301')).id });
    const g = await report('resident', '0104');
    const res = await command(g.id, 'dispatcher', { type: 'merge', into: closed.id });
    expect(res.json().error).toMatchObject({ code: 'merge_target_closed', field: 'into' });
  });
});

describe('appeals API: static sub-paths are never taken for a case id', () => {
  const STATIC = ['/api/appeals/stats', '/api/appeals/rankings', '/api/appeals/supervision-list', '/api/appeals/bounce-stats', '/api/appeals/categories', '/api/appeals/routing-rules'];

  it('the router picks the static route, not /api/appeals/:id', async () => {
    for (const url of STATIC) {
      const found = t.app.findRoute({ method: 'GET', url });
      expect(found, url).not.toBeNull();
      expect(found!.params, url).toEqual({});
      const res = await call('GET', url, 'admin');
      expect(res.statusCode, url).toBe(200);
      expect(res.json(), url).not.toHaveProperty('appeal');
      expect(res.json().error, url).toBeUndefined();
    }
    // Every registered static GET under /api/appeals is among them.
    const statics = t.app.routeTable.filter((r) => r.method === 'GET' && /^\/api\/appeals\/[a-z-]+$/.test(r.url)).map((r) => r.url);
    expect(new Set(statics)).toEqual(new Set(STATIC));
    // An unknown sub-path does reach /api/appeals/:id, and is refused as a bad id.
    const unknown = await call('GET', '/api/appeals/not-a-route', 'admin');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('id');
  });
});

describe('appeals API: the category tree for the configuration pages', () => {
  it('lists inactive categories on request, with codes and radius', async () => {
    const created = await call('POST', '/api/appeals/categories', 'admin', { parentId: cat('0301').parentId, code: 'X0399', name: '临时分类', departmentCode: 'municipal', workingDays: 3 });
    expect(created.statusCode).toBe(201);
    const id = created.json().category.id;
    expect((await call('PATCH', `/api/appeals/categories/${id}`, 'admin', { active: false })).statusCode).toBe(200);
    const active = (await call('GET', '/api/appeals/categories', 'admin')).json().items as Array<{ id: string }>;
    expect(active.map((c) => c.id)).not.toContain(id);
    const all = (await call('GET', '/api/appeals/categories?includeInactive=true', 'admin')).json().items as Array<Record<string, unknown>>;
    expect(all.find((c) => c.id === id)).toMatchObject({ active: false, departmentCode: 'municipal', workingDays: 3, duplicateRadiusM: expect.any(Number), assistDepartmentCodes: expect.any(Array) });
  });
});
