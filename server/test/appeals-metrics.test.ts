import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places, PNG } from './helpers/fixtures.js';
import { regions } from '../src/modules/regions/schema.js';
import type { RateKey } from '../src/modules/appeals/metrics/definitions.js';

/**
 * A small, controlled set of cases made through the API, with their times then set by SQL, and every metric
 * asserted to its exact value. The cases (all but J, K and M in the demo branch's first grid):
 *
 *   A grid case, accepted on time, replied in time, satisfied, closed 48 h after receipt
 *   B department case, accepted late, replied in time, basically satisfied, closed after 72 h; G was merged into it
 *   C department case returned twice (municipal → municipal → sanitation), extended, replied late, unsatisfied (not at fault)
 *   D department case, accepted on time, replied late, reopened once, then satisfied and closed after 96 h
 *   E answered directly      F not accepted (both set by SQL)      G merged into B      H waiting for dispatch
 *   I dispatched, its return refused, never accepted; marked overdue and supervised
 *   J another district: dispatched and accepted on time
 *   K no location (the city's path), waiting for dispatch
 *   L like H but received in February (outside the period)
 *   M the branch's second grid: answered directly
 */

let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
let cats: Array<{ id: string; code: string }>;
let depts: Array<{ id: string; code: string }>;
let inPoint: { lng: number; lat: number; crs: 'wgs84' };
let outPoint: { lng: number; lat: number; crs: 'wgs84' };
let grid2: { id: string; path: string; point: { lng: number; lat: number; crs: 'wgs84' } };
const c: Record<string, string> = {};

const PERIOD = 'from=2026-03-01&to=2026-03-31';

function call(method: 'GET' | 'POST', url: string, who: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: bearer(tok[who]!), payload: payload as object | undefined });
}
const cat = (code: string) => cats.find((x) => x.code === code)!.id;
const dept = (code: string) => depts.find((x) => x.code === code)!.id;

async function command(id: string, who: string, body: Record<string, unknown>, status = 200) {
  const res = await call('POST', `/api/appeals/${id}/commands`, who, body);
  expect(res.statusCode, `${body.type} as ${who}: ${res.body}`).toBe(status);
  return res.json().appeal;
}
async function report(who: string, category: string, point: unknown, title = '测试诉求') {
  const res = await call('POST', '/api/appeals', who, { categoryId: cat(category), title, description: `${title}：详细情况`, point });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().appeal as { id: string; status: string };
}
async function departmentCase(point: unknown = inPoint) {
  return (await report('dispatcher', '0301', point, '井盖破损')).id;
}
const dispatch = (id: string, code: string) => command(id, 'dispatcher', { type: 'dispatch', mode: 'department', leadDepartmentId: dept(code) });
async function handle(id: string, who = 'dept') {
  await command(id, who, { type: 'accept' });
  await command(id, who, { type: 'start' });
}
async function replyAndReview(id: string, who = 'dept') {
  await command(id, who, { type: 'reply', reply: '已处理完毕' });
  await command(id, 'dispatcher', { type: 'approveReply' });
}
/** Ends a case as answered directly or not accepted, as the machine would from 'received'. */
async function finish(id: string, status: 'answered' | 'not_accepted') {
  await t.services.database.db.execute(sql`update appeals set status = ${status}, closed_at = now(), state = jsonb_set(state, '{status}', to_jsonb(${status}::text)) where id = ${id}`);
}
/** Sets a case's times (Shanghai wall-clock strings) by SQL: only the given columns. */
async function times(id: string, cols: Partial<Record<'received_at' | 'accept_by' | 'accepted_at' | 'due_by' | 'replied_at' | 'closed_at' | 'overdue_at', string>>) {
  const sets = Object.entries(cols).map(([k, v]) => sql`${sql.raw(k)} = ${`${v}+08:00`}::timestamptz`);
  await t.services.database.db.execute(sql`update appeals set ${sql.join(sets, sql`, `)} where id = ${id}`);
}

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['resident', 'grid', 'community', 'dispatcher', 'dept', 'orgdept', 'street', 'admin']) tok[u] = await login(t.app, u);
  tok.outCommunity = await login(t.app, (await makeUser(t, 'community_admin', p.out.community.id)).username);
  cats = (await call('GET', '/api/appeals/categories', 'resident')).json().items;
  depts = (await call('GET', '/api/departments', 'dispatcher')).json().items;
  const db = t.services.database.db;
  const [b] = await db.select().from(regions).where(eq(regions.id, p.in.building.id));
  inPoint = { lng: b!.lng!, lat: b!.lat!, crs: 'wgs84' };
  const [ob] = await db.select().from(regions).where(eq(regions.id, p.out.building.id));
  outPoint = { lng: ob!.lng!, lat: ob!.lat!, crs: 'wgs84' };
  const grids = await db.select().from(regions).where(and(eq(regions.parentId, p.in.community.id), eq(regions.level, 'grid'))).orderBy(regions.code);
  const g2 = grids.find((g) => g.id !== p.in.grid.id)!;
  const [b2] = await db.select().from(regions).where(and(eq(regions.parentId, g2.id), eq(regions.level, 'building'))).limit(1);
  grid2 = { id: g2.id, path: g2.path, point: { lng: b2!.lng!, lat: b2!.lat!, crs: 'wgs84' } };
  // Our demo handler works for municipal; for these cases also for sanitation (C ends there).
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = 'dept'`);
  await db.execute(sql`insert into department_members (department_id, user_id) values (${dept('sanitation')}, ${u!.id})`);

  // A: grid case, straight to the grid worker.
  const a = await report('resident', '0104', inPoint, '垃圾桶满溢');
  expect(a.status).toBe('dispatched');
  c.A = a.id;
  await command(c.A, 'grid', { type: 'accept' });
  const photo = (await t.app.inject({ method: 'POST', url: '/api/files?name=site.png', headers: { ...bearer(tok.grid!), 'content-type': 'image/png' }, payload: PNG })).json().file.id;
  await command(c.A, 'grid', { type: 'checkIn', lng: inPoint.lng, lat: inPoint.lat, photo });
  await command(c.A, 'grid', { type: 'start' });
  await replyAndReview(c.A, 'grid');
  await command(c.A, 'dispatcher', { type: 'visit', result: 'satisfied' });
  await command(c.A, 'dispatcher', { type: 'close' });

  // B: department case, basically satisfied.
  c.B = await departmentCase();
  await dispatch(c.B, 'municipal');
  await handle(c.B);
  await replyAndReview(c.B);
  await command(c.B, 'dispatcher', { type: 'visit', result: 'basic' });
  // G is merged into B while B is still open (a closed case takes no merge).
  c.G = await departmentCase();
  await command(c.G, 'dispatcher', { type: 'merge', into: c.B });
  await command(c.B, 'dispatcher', { type: 'close' });

  // C: returned twice, then extended, unsatisfied without fault of the handler.
  c.C = await departmentCase();
  for (const code of ['municipal', 'municipal']) {
    await dispatch(c.C, code);
    await command(c.C, 'dept', { type: 'requestReturn', reason: '不属于本部门' });
    await command(c.C, 'dispatcher', { type: 'approveReturn' });
  }
  await dispatch(c.C, 'sanitation');
  await handle(c.C);
  await command(c.C, 'dept', { type: 'requestExtension', days: 3, reason: '需协调施工' });
  await command(c.C, 'dispatcher', { type: 'approveExtension' });
  await replyAndReview(c.C);
  await command(c.C, 'dispatcher', { type: 'visit', result: 'unsatisfied', handlerAtFault: false });

  // D: reopened once (unsatisfied, handler at fault), then satisfied.
  c.D = await departmentCase();
  await dispatch(c.D, 'municipal');
  await handle(c.D);
  await replyAndReview(c.D);
  expect((await command(c.D, 'dispatcher', { type: 'visit', result: 'unsatisfied', handlerAtFault: true })).status).toBe('dispatched');
  await handle(c.D);
  await replyAndReview(c.D);
  await command(c.D, 'dispatcher', { type: 'visit', result: 'satisfied' });
  await command(c.D, 'dispatcher', { type: 'close' });

  // E answered, F not accepted (G was merged into B above), H pending.
  // Intake queues every case at once, so a direct answer or a refusal (from 'received') is set by SQL.
  c.E = await departmentCase();
  await finish(c.E, 'answered');
  c.F = await departmentCase();
  await finish(c.F, 'not_accepted');
  c.H = await departmentCase();

  // I: dispatched, its return refused, never accepted.
  c.I = await departmentCase();
  await dispatch(c.I, 'municipal');
  await command(c.I, 'dept', { type: 'requestReturn', reason: '不属于本部门' });
  await command(c.I, 'dispatcher', { type: 'rejectReturn', reason: '属于市政职责' });

  // J: another district, accepted on time. K: no location. L: February. M: the second grid, answered.
  c.J = await departmentCase(outPoint);
  await dispatch(c.J, 'municipal');
  await command(c.J, 'dept', { type: 'accept' });
  c.K = await departmentCase(null);
  c.L = await departmentCase();
  c.M = (await report('dispatcher', '0301', grid2.point, '路面坑洼')).id;
  await finish(c.M, 'answered');

  await times(c.A, { received_at: '2026-03-02 09:00', accept_by: '2026-03-02 11:00', accepted_at: '2026-03-02 09:30', due_by: '2026-03-09 23:59:59.999', replied_at: '2026-03-03 10:00', closed_at: '2026-03-04 09:00' });
  await times(c.B, { received_at: '2026-03-02 09:00', accept_by: '2026-03-02 11:00', accepted_at: '2026-03-02 12:00', due_by: '2026-03-09 23:59:59.999', replied_at: '2026-03-04 10:00', closed_at: '2026-03-05 09:00' });
  await times(c.C, { received_at: '2026-03-03 09:00', accept_by: '2026-03-03 11:00', accepted_at: '2026-03-03 10:00', due_by: '2026-03-10 23:59:59.999', replied_at: '2026-03-12 10:00' });
  await times(c.D, { received_at: '2026-03-03 09:00', accept_by: '2026-03-03 11:00', accepted_at: '2026-03-03 10:30', due_by: '2026-03-05 23:59:59.999', replied_at: '2026-03-06 10:00', closed_at: '2026-03-07 09:00' });
  await times(c.E, { received_at: '2026-03-04 09:00', closed_at: '2026-03-04 09:10' });
  await times(c.F, { received_at: '2026-03-04 10:00' });
  await times(c.G, { received_at: '2026-03-05 09:00' });
  await times(c.H, { received_at: '2026-03-05 10:00' });
  await times(c.I, { received_at: '2026-03-06 09:00', accept_by: '2026-03-06 11:00', overdue_at: '2026-03-16 00:00' });
  await db.execute(sql`update appeals set supervision = 'supervise' where id = ${c.I}`);
  await times(c.J, { received_at: '2026-03-06 09:00', accept_by: '2026-03-06 11:00', accepted_at: '2026-03-06 10:00' });
  await times(c.K, { received_at: '2026-03-07 09:00' });
  await times(c.L, { received_at: '2026-02-15 09:00' });
  await times(c.M, { received_at: '2026-03-08 09:00', closed_at: '2026-03-08 09:05' });
}, 180_000);
afterAll(async () => t?.close());

type Rate = { value: number | null; numerator: number; denominator: number };
type Row = { key: string | null; id: string | null; name: string | null; counts: Record<string, number>; rates: Record<RateKey, Rate>; avgHandlingHours: number | null; score: number | null };
async function stats(who: string, query: string) {
  const res = await call('GET', `/api/appeals/stats?${query}`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { rows: Row[]; total: Omit<Row, 'key' | 'id' | 'name'> | null };
}

/** The counts of the first grid (cases A–I). */
const GRID1 = {
  received: 9, valid: 7, answered: 1, dispatched: 5, signed: 4, signedOnTime: 3, completed: 4, closed: 3, closedOnTime: 2,
  visited: 4, satisfied: 2, basic: 1, unsatisfied: 1, visitedEver: 4, reopened: 1, returned: 1, extended: 1, repeated: 1,
  overdue: 1, supervised: 2, open: 3, handlingHours: 216,
};
/** The default composite score of GRID1 (weights of DEFAULT_METRIC_WEIGHTS), worked by hand. */
const GRID1_SCORE = 100 * (0.15 * (3 / 5) + 0.15 * (2 / 3) + 0.1 * (4 / 7) + 0.2 * (3 / 4) + 0.25 * 0.7 + 0.05 * (1 - 1 / 5) + 0.05 * (1 - 1 / 4) + 0.05 * (1 - 1 / 5));

describe('appeal statistics by area', () => {
  it('counts every case of a grid and gives each rate as numerator / denominator', async () => {
    const body = await stats('community', `groupBy=grid&${PERIOD}`);
    expect(body.rows.map((r) => r.id).sort()).toEqual([p.in.grid.id, grid2.id].sort());
    const g = body.rows.find((r) => r.id === p.in.grid.id)!;
    expect(g.key).toBe(p.in.grid.path);
    expect(g.name).toBe(p.in.grid.name);
    expect(g.counts).toEqual(GRID1);
    const v = (k: RateKey) => g.rates[k].value;
    expect(v('signOnTimeRate')).toBe(3 / 4);
    expect(v('responseRate')).toBe(3 / 5);
    expect(v('onTimeCompletionRate')).toBe(2 / 3);
    expect(v('completionRate')).toBe(4 / 7);
    expect(v('resolutionRate')).toBe(3 / 4);
    expect(g.rates.satisfactionRate).toEqual({ value: 2.8 / 4, numerator: 2.8, denominator: 4 });
    expect(v('returnRate')).toBe(1 / 5);
    expect(v('reopenRate')).toBe(1 / 4);
    expect(v('extensionRate')).toBe(1 / 5);
    expect(v('repeatRate')).toBe(1 / 7);
    expect(g.avgHandlingHours).toBe(72);
    expect(g.score).toBeCloseTo(GRID1_SCORE, 9);
    expect(g.score).toBeCloseTo(68.9642857142857, 9);
  });

  it('rolls grids up into their community, street and district, and leaves out what is outside my area', async () => {
    const M = { received: 1, valid: 1, answered: 1, completed: 1 };
    const community = GRID1;
    const sum = { ...community, received: community.received + M.received, valid: community.valid + M.valid, answered: 2, completed: 5 };
    for (const [level, node] of [['community', p.in.community], ['street', p.in.street], ['district', p.in.district]] as const) {
      const body = await stats('community', `groupBy=${level}&${PERIOD}`);
      expect(body.rows).toHaveLength(1);
      expect(body.rows[0]!).toMatchObject({ key: node.path, id: node.id, name: node.name });
      expect(body.rows[0]!.counts).toEqual(sum);
      expect(body.total!.counts).toEqual(sum);
    }
  });

  it('gives a city-level reader every district, and the cases located in no grid a row of their own', async () => {
    const body = await stats('orgdept', `groupBy=district&${PERIOD}`);
    const byKey = new Map(body.rows.map((r) => [r.key, r]));
    expect(byKey.get(p.in.district.path)!.counts.received).toBe(10);
    expect(byKey.get(p.out.district.path)!.counts).toMatchObject({ received: 1, dispatched: 1, signed: 1, signedOnTime: 1 });
    expect(byKey.get(null)!.counts).toMatchObject({ received: 1, valid: 1, open: 1 });
    expect(body.total!.counts.received).toBe(12);
    const city = await stats('orgdept', `groupBy=city&${PERIOD}`);
    expect(city.rows).toHaveLength(1);
    expect(city.rows[0]!).toMatchObject({ key: p.city.path, id: p.city.id });
    expect(city.rows[0]!.counts.received).toBe(12);
  });

  it('counts by receipt in the period: a date as `to` includes that day', async () => {
    const march = await stats('community', `groupBy=community&${PERIOD}`);
    const withFeb = await stats('community', `groupBy=community&from=2026-02-01&to=2026-03-31`);
    expect(withFeb.rows[0]!.counts.received).toBe(march.rows[0]!.counts.received! + 1);
    const oneDay = await stats('community', `groupBy=community&from=2026-03-02&to=2026-03-02`);
    expect(oneDay.rows[0]!.counts.received).toBe(2); // A and B
    const instants = await stats('community', `groupBy=community&from=2026-03-02T01:00:00Z&to=2026-03-02T01:00:00.001Z`);
    expect(instants.rows[0]!.counts.received).toBe(2); // 09:00 Shanghai exactly
    const bad = await call('GET', '/api/appeals/stats?groupBy=grid&from=2026-03-31&to=2026-03-01', 'community');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation', field: 'from' });
  });

  it('takes satisfaction and score weights per call', async () => {
    const w = encodeURIComponent(JSON.stringify({ satisfaction: { basic: 0.5 }, score: { satisfactionRate: 1, responseRate: 0, onTimeCompletionRate: 0, completionRate: 0, resolutionRate: 0, returnRate: 0, reopenRate: 0, extensionRate: 0 } }));
    const body = await stats('community', `groupBy=grid&${PERIOD}&weights=${w}`);
    const g = body.rows.find((r) => r.id === p.in.grid.id)!;
    expect(g.rates.satisfactionRate.value).toBe(2.5 / 4);
    expect(g.score).toBe(62.5);
    const bad = await call('GET', `/api/appeals/stats?groupBy=grid&weights=${encodeURIComponent('{"satisfaction":{"basic":2}}')}`, 'community');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('weights.satisfaction.basic');
  });
});

describe('appeal statistics by department', () => {
  it('counts a case for the department leading its current round, and a returned case also for the department that returned it', async () => {
    const body = await stats('community', `groupBy=department&${PERIOD}`);
    expect(body.total).toBeNull();
    const byId = new Map(body.rows.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual([dept('municipal'), dept('sanitation')].sort());
    const municipal = byId.get(dept('municipal'))!;
    // Holds B, D and I; was given C and returned it (twice, one case).
    expect(municipal.counts).toMatchObject({ received: 3, valid: 3, dispatched: 4, returned: 1, signed: 2, signedOnTime: 1, closed: 2, closedOnTime: 1, reopened: 1, visited: 2, satisfied: 1, basic: 1, repeated: 1, overdue: 1, open: 1 });
    expect(municipal.rates.returnRate.value).toBe(1 / 4);
    expect(municipal.rates.responseRate.value).toBe(1 / 4);
    expect(municipal.avgHandlingHours).toBe((72 + 96) / 2);
    const sanitation = byId.get(dept('sanitation'))!;
    expect(sanitation.counts).toMatchObject({ received: 1, dispatched: 1, returned: 0, extended: 1, visited: 1, unsatisfied: 1, open: 1 });
    expect(municipal.name).toBe('市政市容管理局');
  });

  it('the lead of the current round is the one in appeal_assignments', async () => {
    const rows = await t.services.database.rows<{ id: string; ok: boolean }>(sql`
      select a.id, (x.department_id is not distinct from a.lead_department_id) as ok
      from appeals a join appeal_assignments x on x.appeal_id = a.id and x.role = 'lead' and x.round = a.reopen_count * 100 + a.bounce_count
      where a.mode in ('department','joint')`);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r.ok)).toBe(true);
  });

  it('shows a department handler the rows of their own departments only, and nothing by area', async () => {
    const body = await stats('dept', `groupBy=department&${PERIOD}`);
    expect(body.rows.map((r) => r.id).sort()).toEqual([dept('municipal'), dept('sanitation')].sort());
    // Their departments' cases wherever they are: J in the other district too.
    expect(body.rows.find((r) => r.id === dept('municipal'))!.counts.received).toBe(4);
    const byArea = await call('GET', `/api/appeals/stats?groupBy=grid&${PERIOD}`, 'dept');
    expect(byArea.statusCode).toBe(403);
    expect(byArea.json().error.code).toBe('out_of_scope');
  });
});

describe('red and black lists', () => {
  it('ranks units with at least minSample valid cases by the composite score', async () => {
    const res = await call('GET', `/api/appeals/rankings?groupBy=grid&${PERIOD}&minSample=1&top=1`, 'orgdept');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Eligible: the first grid (7 valid), M's grid (1) and J's grid (1); the unlocated row never ranks.
    expect(body.eligible).toBe(3);
    // J's grid: response 1, completion 0, return 0, extension 0 → (0.15 + 0 + 0.05 + 0.05) / 0.35.
    // M's grid: completion 1 alone → 100. The first grid: 68.96.
    expect(body.red).toEqual([expect.objectContaining({ rank: 1, id: grid2.id, score: 100, sample: 1 })]);
    expect(body.black).toEqual([expect.objectContaining({ rank: 1, id: p.in.grid.id, sample: 7 })]);
    expect(body.black[0].score).toBeCloseTo(GRID1_SCORE, 9);

    const two = (await call('GET', `/api/appeals/rankings?groupBy=grid&${PERIOD}&minSample=2&top=5`, 'orgdept')).json();
    expect(two.eligible).toBe(1);
    expect(two.red.map((r: { id: string }) => r.id)).toEqual([p.in.grid.id]);
    expect(two.black).toEqual([]);

    const all = (await call('GET', `/api/appeals/rankings?groupBy=grid&${PERIOD}&minSample=1&top=5`, 'orgdept')).json();
    expect(all.red.map((r: { score: number }) => Math.round(r.score * 1e6) / 1e6)).toEqual([100, Math.round((2500 / 35) * 1e6) / 1e6, Math.round(GRID1_SCORE * 1e6) / 1e6]);
    expect(all.black).toEqual([]);
  });

  it('is refused to a department handler', async () => {
    expect((await call('GET', `/api/appeals/rankings?groupBy=department`, 'dept')).statusCode).toBe(403);
  });
});

describe('supervision list and returns', () => {
  it('lists unfinished cases that are supervised, overdue, returned twice or unsatisfied, with the reasons', async () => {
    const res = await call('GET', '/api/appeals/supervision-list', 'community');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([c.I, c.C]);
    expect(body.items[0].reasons).toEqual(['supervised', 'overdue']);
    expect(body.items[1].reasons).toEqual(['supervised', 'bounced', 'unsatisfied']);
    expect(body.items[1]).toMatchObject({ supervision: 'supervise', bounceCount: 2, satisfaction: 'unsatisfied', departmentName: '环境卫生管理局', gridName: p.in.grid.name });
    const bounced = (await call('GET', '/api/appeals/supervision-list?reason=bounced', 'community')).json();
    expect(bounced.items.map((i: { id: string }) => i.id)).toEqual([c.C]);
    const paged = (await call('GET', '/api/appeals/supervision-list?page=2&pageSize=1', 'community')).json();
    expect(paged).toMatchObject({ total: 2, items: [expect.objectContaining({ id: c.C })] });
    expect((await call('GET', '/api/appeals/supervision-list?page=9&pageSize=1', 'community')).json()).toEqual({ total: 2, items: [] });
    // Another district's community secretary sees none of them.
    expect((await call('GET', '/api/appeals/supervision-list', 'outCommunity')).json()).toEqual({ total: 0, items: [] });
  });

  it('counts returns per department, and which department passed cases to which', async () => {
    const res = await call('GET', '/api/appeals/bounce-stats', 'community');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.departments).toEqual([{ id: dept('municipal'), name: '市政市容管理局', requested: 3, approved: 2, rejected: 1 }]);
    expect(body.pairs).toHaveLength(2);
    expect(body.pairs).toEqual(
      expect.arrayContaining([
        { from: { id: dept('municipal'), name: '市政市容管理局' }, to: { id: dept('municipal'), name: '市政市容管理局' }, count: 1 },
        { from: { id: dept('municipal'), name: '市政市容管理局' }, to: { id: dept('sanitation'), name: '环境卫生管理局' }, count: 1 },
      ]),
    );
    // The period is the time of the return, not of receipt (the returns were made today).
    const past = (await call('GET', '/api/appeals/bounce-stats?from=2020-01-01&to=2020-01-31', 'community')).json();
    expect(past).toMatchObject({ departments: [], pairs: [] });
    // Another district's community secretary sees none of them.
    const other = (await call('GET', '/api/appeals/bounce-stats', 'outCommunity')).json();
    expect(other).toMatchObject({ departments: [], pairs: [] });
  });
});
