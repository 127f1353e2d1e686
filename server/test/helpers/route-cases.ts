import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pbBallots, pbCycles, pbProjects, pbVoterRoll, pbVotingCodes, type PbPhase } from '../../src/modules/pb/schema.js';
import { codeHash } from '../../src/modules/pb/ballot-box.js';
import type { Role } from '../../src/platform/access/roles.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import { generateTotpSecret, totpCode } from '../../src/platform/auth/totp.js';
import { DEMO_PASSWORD, type TestContext } from './harness.js';
import { makeRegion, makeUser, unique, type Actor, type Places, PNG } from './fixtures.js';
import { issueKey } from '../../src/modules/open311/keys.js';
import { addSignup, makeActivity, makeTeam, userIdOf as activityUserId } from './activities.js';
import { makeToken, windowAt } from '../../src/modules/activities/qr-token.js';
import { pointsEntryOfMember, pointsUserId } from './points-fixtures.js';
import { makeWish } from './wish-fixtures.js';
import { demoItem as storeDemoItem, fundCredit, makeMerchant, redemptionOf, userIdOf } from './store-fixtures.js';
import { freshIdNumber, linkedHousehold, makeHousehold, makeMember, makeUnit, memberWorkbook, menuItem, ownMemberRecord, pendingReport, visitWithFollowUp, XLSX_HEADERS } from './members-fixtures.js';

const STAFF: Role[] = ['admin', 'org_dept', 'street_admin', 'community_admin', 'grid_worker', 'building_leader', 'dispatcher', 'dept_handler'];
const EDITORS: Role[] = ['admin', 'street_admin', 'community_admin'];
const MANAGERS: Role[] = ['admin', 'street_admin', 'community_admin'];
/** Readers of the member register (modules/members). */
const MEMBER_READERS: Role[] = ['admin', 'org_dept', 'street_admin', 'community_admin', 'grid_worker', 'building_leader'];

export interface Req {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/**
 * The expected access rule of every route, written independently of the code's policies:
 * who may call it, and whether the subject must lie in the caller's subtree.
 */
export interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  route: string;
  allow: 'public' | 'authenticated' | Role[];
  /** Callers outside the subject's subtree are refused (403), or their request is rejected (400, e.g. row errors). */
  scoped: false | 'forbidden' | 'rejected';
  /** Builds one request; `who` is null for anonymous. May create fixtures. */
  make(t: TestContext, p: Places, who: Actor | null): Promise<Req>;
  /** For rules beyond role and subtree (a case's own reporter, its departments): the outcome per caller. */
  expectFor?(who: Actor): Outcome;
}

async function freshToken(t: TestContext, who: Actor | null): Promise<Record<string, string>> {
  if (!who) return {};
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${who.username}`);
  const s = await createSession(t.services.database.db, t.config, u!.id, { ip: '127.0.0.1', userAgent: 'test' });
  return { authorization: `Bearer ${s.token}` };
}

let dayCounter = 0;

const AREA: Role[] = ['admin', 'org_dept', 'street_admin', 'community_admin', 'dispatcher', 'grid_worker'];

async function tokenOf(t: TestContext, username: string) {
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`);
  return (await createSession(t.services.database.db, t.config, u!.id, { ip: '127.0.0.1', userAgent: 'fixture' })).token;
}

async function categoryId(t: TestContext, code: string) {
  const [c] = await t.services.database.rows<{ id: string }>(sql`select id from appeal_categories where code = ${code}`);
  return c!.id;
}

async function buildingPoint(t: TestContext, p: Places) {
  const [b] = await t.services.database.rows<{ lng: number; lat: number }>(sql`select lng, lat from regions where id = ${p.in.building.id}`);
  return { lng: b!.lng, lat: b!.lat, crs: 'wgs84' };
}

/** A department case in the 新安社区 branch, reported by the demo resident; dispatched to 市政 unless `pending`. */
async function makeCase(t: TestContext, p: Places, opts: { pending?: boolean } = {}): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/appeals',
    headers: { authorization: `Bearer ${await tokenOf(t, 'resident')}` },
    payload: { categoryId: await categoryId(t, '0301'), title: unique('井盖'), description: '路口井盖破损', point: await buildingPoint(t, p) },
  });
  const id = res.json().appeal.id as string;
  if (!opts.pending) {
    const [d] = await t.services.database.rows<{ id: string }>(sql`select id from departments where code = 'municipal'`);
    await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/commands`,
      headers: { authorization: `Bearer ${await tokenOf(t, 'dispatcher')}` },
      payload: { type: 'dispatch', mode: 'department', leadDepartmentId: d!.id },
    });
  }
  return id;
}

/** A micro-project cycle of the 新安社区 community, in `phase`; on its roll the voters named (usernames). */
async function makeCycle(t: TestContext, p: Places, phase: PbPhase = 'draft', roll: string[] = []): Promise<string> {
  const { db } = t.services.database;
  const [c] = await db
    .insert(pbCycles)
    .values({ cityId: t.seed.cityId, regionId: p.in.community.id, regionPath: p.in.community.path, title: unique('微实事'), budgetFen: 5_000_000n, phase })
    .returning({ id: pbCycles.id });
  await db.insert(pbProjects).values({ cycleId: c!.id, number: 1, title: '楼道照明', description: '更换楼道灯', proposerKind: 'resident', estimatedCostFen: 1_000_000n, officialCostFen: 1_000_000n, status: 'on_ballot' });
  for (const username of roll) {
    const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`);
    await db.insert(pbVoterRoll).values({ cycleId: c!.id, userId: u!.id });
  }
  return c!.id;
}

/** A counted cycle in its publicity phase (one ballot for project 1), published when `published`. */
async function countedCycle(t: TestContext, p: Places, published: boolean): Promise<string> {
  const id = await makeCycle(t, p, 'publicity');
  await t.services.database.db.insert(pbBallots).values({ id: randomUUID(), cycleId: id, choices: { projects: [1] } });
  await t.services.database.db.execute(sql`update pb_cycles set counted_at = now(), result = '{"selected":["1"]}'::jsonb, published_at = ${published ? sql`now()` : sql`null`} where id = ${id}`);
  return id;
}

/** A proposal of a cycle in its review phase. */
async function proposal(t: TestContext, p: Places): Promise<string> {
  const cycleId = await makeCycle(t, p, 'review');
  const [pr] = await t.services.database.db
    .insert(pbProjects)
    .values({ cycleId, number: 2, title: '健身器材', description: '小区增设健身器材', proposerKind: 'resident', estimatedCostFen: 3_000_000n })
    .returning({ id: pbProjects.id });
  return pr!.id;
}

/** A project of a cycle in `phase` with status `status`. */
async function cycleProject(t: TestContext, p: Places, phase: PbPhase, status: 'approved' | 'done'): Promise<string> {
  const cycleId = await makeCycle(t, p, phase);
  const [pr] = await t.services.database.db
    .insert(pbProjects)
    .values({ cycleId, number: 2, title: '小区路灯', description: '更换路灯', proposerKind: 'resident', estimatedCostFen: 2_000_000n, officialCostFen: 2_000_000n, status })
    .returning({ id: pbProjects.id });
  return pr!.id;
}

// ---- Micro-projects, deliberation and publicity (deliberation-routes.ts, objection-routes.ts): fixtures ----

/** A project (number 2, on the ballot, the demo handler's department responsible) of a fresh cycle in `phase`. */
async function pbDeptProject(t: TestContext, p: Places, phase: PbPhase): Promise<{ cycleId: string; projectId: string }> {
  const cycleId = await makeCycle(t, p, phase);
  const [d] = await t.services.database.rows<{ id: string }>(sql`select m.department_id as id from department_members m join users u on u.id = m.user_id where u.username = 'dept' limit 1`);
  const [pr] = await t.services.database.rows<{ id: string }>(
    sql`insert into pb_projects (id, cycle_id, number, title, description, proposer_kind, estimated_cost_fen, official_cost_fen, department_id, status)
        values (gen_random_uuid(), ${cycleId}, 2, '小区路灯', '更换路灯', 'resident', 2000000, 2000000, ${d!.id}, 'on_ballot') returning id`,
  );
  return { cycleId, projectId: pr!.id };
}

/** A cycle in publicity whose result is published, with a project of the demo handler's department. */
async function pbPublishedCycle(t: TestContext, p: Places): Promise<{ cycleId: string; projectId: string }> {
  const out = await pbDeptProject(t, p, 'publicity');
  await t.services.database.db.execute(sql`update pb_cycles set counted_at = now(), published_at = now(), result = '{"selected":["1"]}'::jsonb where id = ${out.cycleId}`);
  return out;
}

/** A comment of the demo resident proposing an amendment not yet decided, in a cycle in deliberation. */
async function pbPendingAmendment(t: TestContext, p: Places): Promise<string> {
  const { cycleId, projectId } = await pbDeptProject(t, p, 'deliberation');
  const [c] = await t.services.database.rows<{ id: string }>(
    sql`insert into pb_comments (id, cycle_id, project_id, author_user_id, author_part, body, amendment, amendment_status)
        select gen_random_uuid(), ${cycleId}, ${projectId}, id, 'resident', '建议改用太阳能路灯', '{"title":"太阳能路灯"}'::jsonb, 'pending' from users where username = 'resident' returning id`,
  );
  return c!.id;
}

/** An objection of the demo resident, not yet answered, in a published cycle. */
async function pbOpenObjection(t: TestContext, p: Places): Promise<string> {
  const { cycleId } = await pbPublishedCycle(t, p);
  const [o] = await t.services.database.rows<{ id: string }>(
    sql`insert into pb_objections (id, cycle_id, author_user_id, body) select gen_random_uuid(), ${cycleId}, id, '计票结果有疑问' from users where username = 'resident' returning id`,
  );
  return o!.id;
}

// ---- end of the deliberation and publicity fixtures ----

// ---- Micro-projects: lists, editing, project pages, merging, voters, departments (S1): fixtures ----

/** A fresh cycle of 新安社区 in `phase` whose project 1 (on the ballot) is the demo handler's department's (市政). */
async function pbCycleOfDept(t: TestContext, p: Places, phase: PbPhase): Promise<{ cycleId: string; projectId: string }> {
  const cycleId = await makeCycle(t, p, phase);
  const [pr] = await t.services.database.rows<{ id: string }>(
    sql`update pb_projects set department_id = (select m.department_id from department_members m join users u on u.id = m.user_id where u.username = 'dept' limit 1)
        where cycle_id = ${cycleId} and number = 1 returning id`,
  );
  return { cycleId, projectId: pr!.id };
}

/** A proposal (number 2) to merge into project 1 (on the ballot), in a cycle under review. */
async function pbMergePair(t: TestContext, p: Places): Promise<{ id: string; intoId: string }> {
  const id = await proposal(t, p);
  const [into] = await t.services.database.rows<{ id: string }>(sql`select id from pb_projects where number = 1 and cycle_id = (select cycle_id from pb_projects where id = ${id})`);
  return { id, intoId: into!.id };
}

// ---- end of the S1 fixtures ----

/** An Open311 api_key issued directly (no API, no audit), for the city of the demo seed. */
async function open311Key(t: TestContext, name = unique('matrix client ')) {
  return t.services.database.db.transaction((tx) => issueKey(tx, t.services.crypto, { cityId: t.seed.cityId, name, createdBy: null, granter: null }));
}

const open311Fixtures = new WeakMap<TestContext, Promise<{ apiKey: string; number: string; token: string }>>();

/** One api_key per server, and one request filed with it under a token (Idempotency-Key). */
function open311Fixture(t: TestContext) {
  let f = open311Fixtures.get(t);
  if (!f) {
    f = (async () => {
      const { apiKey } = await open311Key(t);
      const token = unique('matrix-token-');
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'idempotency-key': token },
        payload: { api_key: apiKey, service_code: '0302', description: '路灯不亮', address_string: '海甸岛' },
      });
      return { apiKey, number: (res.json() as Array<{ service_request_id: string }>)[0]!.service_request_id, token };
    })();
    open311Fixtures.set(t, f);
  }
  return f;
}

const inAs = (who: Actor, roles: Role[]) => who.scope === 'in' && roles.includes(who.role);

export const ROUTE_CASES: RouteCase[] = [
  { method: 'GET', route: '/healthz', allow: 'public', scoped: false, make: async () => ({ url: '/healthz' }) },
  { method: 'GET', route: '/readyz', allow: 'public', scoped: false, make: async () => ({ url: '/readyz' }) },
  { method: 'GET', route: '/api/openapi.json', allow: 'public', scoped: false, make: async () => ({ url: '/api/openapi.json' }) },
  { method: 'GET', route: '/api/config', allow: 'public', scoped: false, make: async () => ({ url: '/api/config' }) },
  {
    method: 'POST',
    route: '/api/auth/login',
    allow: 'public',
    scoped: false,
    make: async () => ({ url: '/api/auth/login', payload: { username: 'orgdept', password: DEMO_PASSWORD } }),
  },
  {
    method: 'POST',
    route: '/api/auth/logout',
    allow: 'authenticated',
    scoped: false,
    make: async (t, _p, who) => ({ url: '/api/auth/logout', headers: await freshToken(t, who) }),
  },
  { method: 'GET', route: '/api/auth/me', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/auth/me' }) },
  {
    method: 'POST',
    route: '/api/auth/password',
    allow: 'authenticated',
    scoped: false,
    make: async (t, _p, who) => ({
      url: '/api/auth/password',
      payload: { oldPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD },
      headers: await freshToken(t, who),
    }),
  },
  {
    method: 'POST',
    route: '/api/auth/totp/setup',
    allow: 'authenticated',
    scoped: false,
    make: async (t, _p, who) => ({ url: '/api/auth/totp/setup', headers: await freshToken(t, who) }),
  },
  {
    method: 'POST',
    route: '/api/auth/totp/enable',
    allow: 'authenticated',
    scoped: false,
    make: async (t, _p, who) => {
      if (!who) return { url: '/api/auth/totp/enable', payload: { code: '123456' } };
      const secret = generateTotpSecret();
      const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${who.username}`);
      const enc = t.services.crypto.encrypt(secret, `totp:${u!.id}`);
      await t.services.database.db.execute(sql`update users set totp_secret_enc = ${enc}, totp_enabled = false where id = ${u!.id}`);
      const headers = await freshToken(t, who);
      // Enabling is per user; turn it off again so the actor can keep logging in without a code.
      return { url: '/api/auth/totp/enable', payload: { code: totpCode(secret, Date.now()) }, headers };
    },
  },
  { method: 'GET', route: '/api/regions/roots', allow: STAFF, scoped: false, make: async () => ({ url: '/api/regions/roots' }) },
  { method: 'GET', route: '/api/regions/search', allow: STAFF, scoped: false, make: async () => ({ url: `/api/regions/search?q=${encodeURIComponent('新安')}` }) },
  {
    method: 'GET',
    route: '/api/regions/:id/children',
    allow: STAFF,
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: `/api/regions/${p.in.building.id}/children` }),
  },
  { method: 'GET', route: '/api/regions/:id', allow: STAFF, scoped: 'forbidden', make: async (_t, p) => ({ url: `/api/regions/${p.in.building.id}` }) },
  { method: 'GET', route: '/api/regions/:id/map', allow: STAFF, scoped: 'forbidden', make: async (_t, p) => ({ url: `/api/regions/${p.in.building.id}/map` }) },
  {
    method: 'GET',
    route: '/api/regions/:id/export',
    allow: STAFF,
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: `/api/regions/${p.in.building.id}/export?format=geojson` }),
  },
  {
    method: 'POST',
    route: '/api/regions',
    allow: EDITORS,
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: '/api/regions', payload: { parentId: p.in.community.id, level: 'grid', name: unique('新网格'), code: unique('G') } }),
  },
  {
    method: 'PATCH',
    route: '/api/regions/:id',
    allow: EDITORS,
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: `/api/regions/${p.in.grid.id}`, payload: { population: 1234 } }),
  },
  {
    method: 'DELETE',
    route: '/api/regions/:id',
    allow: EDITORS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/regions/${(await makeRegion(t, p.in.community.id, 'grid')).id}` }),
  },
  {
    method: 'POST',
    route: '/api/regions/import',
    allow: EDITORS,
    scoped: 'rejected',
    make: async (_t, p) => ({
      url: '/api/regions/import',
      payload: {
        format: 'geojson',
        crs: 'wgs84',
        data: {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: { code: unique('I'), name: unique('导入网格'), level: 'grid', parentCode: p.in.community.code }, geometry: null }],
        },
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/geo/locate',
    allow: 'authenticated',
    scoped: false,
    make: async () => ({ url: '/api/geo/locate?lng=110.33&lat=20.03&crs=wgs84' }),
  },
  { method: 'GET', route: '/api/users', allow: MANAGERS, scoped: false, make: async () => ({ url: '/api/users' }) },
  {
    method: 'GET',
    route: '/api/users/:id',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/users/${(await makeUser(t, 'resident', p.in.grid.id)).id}` }),
  },
  {
    method: 'POST',
    route: '/api/users',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (_t, p) => ({
      url: '/api/users',
      payload: { username: unique('new_'), displayName: '新用户', password: 'Haikou#2026x', grants: [{ role: 'resident', regionId: p.in.grid.id }] },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/users/:id',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/users/${(await makeUser(t, 'resident', p.in.grid.id)).id}`, payload: { displayName: '改名' } }),
  },
  {
    method: 'POST',
    route: '/api/users/:id/grants',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({
      url: `/api/users/${(await makeUser(t, 'resident', p.in.grid.id)).id}/grants`,
      payload: { role: 'member', regionId: p.in.grid.id },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/users/:id/grants/:grantId',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => {
      const u = await makeUser(t, 'resident', p.in.grid.id);
      const [g] = await t.services.database.rows<{ id: string }>(sql`select id from role_grants where user_id = ${u.id}`);
      return { url: `/api/users/${u.id}/grants/${g!.id}` };
    },
  },
  {
    method: 'POST',
    route: '/api/users/:id/password',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/users/${(await makeUser(t, 'resident', p.in.grid.id)).id}/password`, payload: { newPassword: 'Haikou#2026x' } }),
  },
  {
    method: 'POST',
    route: '/api/users/:id/unlock',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/users/${(await makeUser(t, 'resident', p.in.grid.id)).id}/unlock` }),
  },
  {
    method: 'POST',
    route: '/api/users/:id/totp-reset',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/users/${(await makeUser(t, 'resident', p.in.grid.id)).id}/totp-reset` }),
  },
  {
    method: 'GET',
    route: '/api/users/:id/pii',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/users/${(await makeUser(t, 'resident', p.in.grid.id)).id}/pii` }),
  },
  { method: 'GET', route: '/api/audit', allow: ['admin'], scoped: false, make: async () => ({ url: '/api/audit?pageSize=5' }) },
  { method: 'GET', route: '/api/audit/verify', allow: ['admin'], scoped: false, make: async () => ({ url: '/api/audit/verify' }) },
  { method: 'GET', route: '/api/calendar/days', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/calendar/days?from=2026-09-28&to=2026-10-12' }) },
  { method: 'GET', route: '/api/calendar/overrides', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/calendar/overrides' }) },
  {
    method: 'POST',
    route: '/api/calendar/overrides',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async () => ({ url: '/api/calendar/overrides', payload: { date: '2026-07-16', kind: 'holiday', name: '台风停工' } }),
  },
  {
    method: 'DELETE',
    route: '/api/calendar/overrides/:date',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t) => {
      const date = `2026-08-${String(10 + (dayCounter++ % 18)).padStart(2, '0')}`;
      await t.services.database.db.execute(sql`insert into calendar_overrides (date, kind, name) values (${date}, 'holiday', 'x') on conflict (date) do nothing`);
      return { url: `/api/calendar/overrides/${date}` };
    },
  },
  { method: 'GET', route: '/api/departments', allow: [...STAFF, 'secretary'], scoped: false, make: async () => ({ url: '/api/departments' }) },
  {
    method: 'POST',
    route: '/api/departments',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: '/api/departments', payload: { regionId: p.in.street.id, code: unique('d_').toLowerCase().replace(/[^a-z0-9_]/g, '_'), name: '测试部门' } }),
  },
  {
    method: 'POST',
    route: '/api/departments/:id/members',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const [d] = await t.services.database.rows<{ id: string }>(sql`select id from departments where code = 'sanitation' limit 1`);
      const u = await makeUser(t, 'dept_handler', p.city.id);
      return { url: `/api/departments/${d!.id}/members`, payload: { userId: u.id } };
    },
  },
  {
    method: 'DELETE',
    route: '/api/departments/:id/members/:userId',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const [d] = await t.services.database.rows<{ id: string }>(sql`select id from departments where code = 'sanitation' limit 1`);
      const u = await makeUser(t, 'dept_handler', p.city.id);
      await t.services.database.db.execute(sql`insert into department_members (department_id, user_id) values (${d!.id}, ${u.id})`);
      return { url: `/api/departments/${d!.id}/members/${u.id}` };
    },
  },
  { method: 'GET', route: '/api/appeals/categories', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/appeals/categories' }) },
  {
    method: 'POST',
    route: '/api/appeals',
    allow: ['dispatcher', 'resident', 'member', 'grid_worker', 'building_leader'],
    scoped: false,
    make: async (t, p) => ({ url: '/api/appeals', payload: { categoryId: await categoryId(t, '0302'), title: unique('路灯'), description: '路灯不亮', point: await buildingPoint(t, p) } }),
  },
  {
    method: 'GET',
    route: '/api/appeals',
    allow: [...AREA, 'dept_handler', 'resident', 'member', 'building_leader'],
    scoped: false,
    make: async () => ({ url: '/api/appeals?pageSize=5' }),
  },
  {
    method: 'GET',
    route: '/api/appeals/:id',
    allow: [...AREA, 'dept_handler', 'resident', 'member', 'building_leader'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/appeals/${await makeCase(t, p)}` }),
    // Area staff of the branch, the department it was dispatched to, and the resident who reported it.
    expectFor: (who) => (inAs(who, [...AREA, 'dept_handler', 'resident']) ? 'allowed' : 'denied'),
  },
  {
    method: 'POST',
    route: '/api/appeals/:id/commands',
    allow: ['admin', 'street_admin', 'community_admin', 'dispatcher', 'grid_worker', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const [d] = await t.services.database.rows<{ id: string }>(sql`select id from departments where code = 'municipal'`);
      return { url: `/api/appeals/${await makeCase(t, p, { pending: true })}/commands`, payload: { type: 'dispatch', mode: 'department', leadDepartmentId: d!.id } };
    },
    // Only a dispatcher of the area dispatches; other parties are refused by the machine (actor_not_allowed).
    expectFor: (who) => (inAs(who, ['dispatcher']) ? 'allowed' : 'denied'),
  },
  {
    method: 'GET',
    route: '/api/appeals/:id/duplicates',
    allow: AREA,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/appeals/${await makeCase(t, p, { pending: true })}/duplicates` }),
  },
  {
    method: 'POST',
    route: '/api/appeals/:id/anonymity',
    allow: ['dispatcher', 'resident', 'member', 'grid_worker', 'building_leader'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/appeals/${await makeCase(t, p, { pending: true })}/anonymity`, payload: { anonymous: true } }),
    // Only the reporter changes their anonymity.
    expectFor: (who) => (inAs(who, ['resident']) ? 'allowed' : 'denied'),
  },
  {
    method: 'POST',
    route: '/api/appeals/:id/rating',
    allow: ['resident', 'member'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const id = await makeCase(t, p);
      // Replied by its department (the steps between are covered by the appeals tests).
      await t.services.database.db.execute(sql`update appeals set status = 'replied', state = jsonb_set(state, '{status}', '"replied"') where id = ${id}`);
      return { url: `/api/appeals/${id}/rating`, payload: { result: 'satisfied', comment: '处理及时' } };
    },
    // Only a caller of the case rates it.
    expectFor: (who) => (inAs(who, ['resident']) ? 'allowed' : 'denied'),
  },
  {
    method: 'POST',
    route: '/api/appeals/:id/supervision',
    allow: ['admin', 'org_dept', 'dispatcher'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/appeals/${await makeCase(t, p, { pending: true })}/supervision`, payload: { level: 'urge', reason: '群众反映强烈' } }),
  },
  // Micro-projects: organisers above the community; residents living under it (their grant below the community).
  {
    method: 'POST',
    route: '/api/pb/cycles',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: '/api/pb/cycles', payload: { regionId: p.in.community.id, title: unique('2026年微实事'), budgetYuan: 500000 } }),
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id',
    // Units under the community; department handlers whose department is responsible for a project (the demo one's is).
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member', 'unit_admin', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${(await pbCycleOfDept(t, p, 'proposals')).cycleId}` }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/advance',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p)}/advance`, payload: { from: 'draft' } }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/ballots',
    allow: ['resident', 'member'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'voting', ['resident'])}/ballots`, payload: { projects: [1] } }),
    // Only a voter on the cycle's roll votes (the demo resident is; the member is not).
    expectFor: (who) => (inAs(who, ['resident']) ? 'allowed' : 'denied'),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/projects',
    allow: ['resident', 'member', 'admin', 'street_admin', 'community_admin', 'unit_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'proposals')}/projects`, payload: { title: '增设休闲座椅', description: '在小区广场增设座椅', estimatedCostYuan: 8000 } }),
  },
  {
    method: 'POST',
    route: '/api/pb/projects/:id/review',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/projects/${await proposal(t, p)}/review`, payload: { decision: 'on_ballot', officialCostYuan: 30000 } }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/voters',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = 'resident'`);
      return { url: `/api/pb/cycles/${await makeCycle(t, p, 'draft')}/voters`, payload: { userIds: [u!.id] } };
    },
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/count',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await countedCycle(t, p, false)}/count` }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/publish',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await countedCycle(t, p, false)}/publish` }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/paper',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'voting')}/paper`, payload: { sheet: unique('S'), projects: [1] } }),
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id/paper',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'voting')}/paper` }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/codes',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const id = await makeCycle(t, p, 'draft');
      await t.services.database.db.execute(sql`update pb_cycles set voter_basis = 'both' where id = ${id}`);
      return { url: `/api/pb/cycles/${id}/codes`, payload: { count: 3 } };
    },
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/code-ballots',
    allow: 'public',
    scoped: false,
    make: async (t, p) => {
      const id = await makeCycle(t, p, 'voting');
      const code = unique('CODE-');
      await t.services.database.db.execute(sql`update pb_cycles set voter_basis = 'code' where id = ${id}`);
      await t.services.database.db.insert(pbVotingCodes).values({ cycleId: id, codeHash: codeHash(t.services, id, code) });
      return { url: `/api/pb/cycles/${id}/code-ballots`, payload: { code, projects: [1] } };
    },
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id/export.pb',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await countedCycle(t, p, true)}/export.pb` }),
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id/result',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await countedCycle(t, p, true)}/result` }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/approve',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'approval')}/approve` }),
  },
  {
    method: 'POST',
    route: '/api/pb/projects/:id/milestones',
    // The handlers of the department responsible for the project too (the demo handler's is; the other one's is not).
    allow: ['admin', 'street_admin', 'community_admin', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const id = await cycleProject(t, p, 'implementation', 'approved');
      await t.services.database.db.execute(sql`update pb_projects set department_id = (select m.department_id from department_members m join users u on u.id = m.user_id where u.username = 'dept' limit 1) where id = ${id}`);
      return { url: `/api/pb/projects/${id}/milestones`, payload: { title: '完成采购', spentYuan: 5000 } };
    },
  },
  {
    method: 'POST',
    route: '/api/pb/projects/:id/rating',
    allow: ['resident', 'member'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/projects/${await cycleProject(t, p, 'evaluation', 'done')}/rating`, payload: { stars: 5 } }),
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id/accountability',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'implementation')}/accountability` }),
  },
  // ---- Micro-projects, deliberation and publicity (deliberation-routes.ts, objection-routes.ts) ----
  // Readers: everyone who plays a part in the cycle (organisers, org_dept, residents, units, the responsible
  // department's handlers). Comments: residents, units, organisers, departments (deliberation phase). Deciding
  // amendments, meetings and answering objections: organisers. Objections: residents and units (publicity).
  {
    method: 'GET',
    route: '/api/pb/projects/:id/comments',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member', 'unit_admin', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/projects/${(await pbDeptProject(t, p, 'deliberation')).projectId}/comments` }),
  },
  {
    method: 'POST',
    route: '/api/pb/projects/:id/comments',
    allow: ['admin', 'street_admin', 'community_admin', 'resident', 'member', 'unit_admin', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => ({
      url: `/api/pb/projects/${(await pbDeptProject(t, p, 'deliberation')).projectId}/comments`,
      payload: { body: '建议增加两盏路灯', amendment: { estimatedCostYuan: 24000 } },
    }),
  },
  {
    method: 'POST',
    route: '/api/pb/comments/:id/decide',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/comments/${await pbPendingAmendment(t, p)}/decide`, payload: { accept: true, answer: '采纳' } }),
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id/meetings',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member', 'unit_admin', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${(await pbDeptProject(t, p, 'deliberation')).cycleId}/meetings` }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/meetings',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const { cycleId, projectId } = await pbDeptProject(t, p, 'deliberation');
      return { url: `/api/pb/cycles/${cycleId}/meetings`, payload: { title: '议事会', heldAt: '2026-05-10T19:00:00+08:00', place: '社区活动室', attendees: 23, minutes: '讨论了路灯项目', projectIds: [projectId] } };
    },
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id/objections',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member', 'unit_admin', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${(await pbPublishedCycle(t, p)).cycleId}/objections` }),
  },
  {
    method: 'POST',
    route: '/api/pb/cycles/:id/objections',
    allow: ['resident', 'member', 'unit_admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const { cycleId, projectId } = await pbPublishedCycle(t, p);
      return { url: `/api/pb/cycles/${cycleId}/objections`, payload: { body: '该项目预算偏高', projectId } };
    },
  },
  {
    method: 'POST',
    route: '/api/pb/objections/:id/answer',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/objections/${await pbOpenObjection(t, p)}/answer`, payload: { answer: '预算经第三方评估', upheld: false } }),
  },
  // ---- end of deliberation and publicity ----
  // ---- Micro-projects: lists, editing, project pages, merging, voters, departments (S1) ----
  // The list: everyone who may play a part somewhere, filtered to their cycles. Reading a project: as reading its
  // cycle. Editing, merging, the roll: organisers above the community. Department projects: department handlers.
  {
    method: 'GET',
    route: '/api/pb/cycles',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member', 'unit_admin', 'dept_handler'],
    scoped: false,
    make: async () => ({ url: '/api/pb/cycles' }),
  },
  {
    method: 'PATCH',
    route: '/api/pb/cycles/:id',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'draft')}`, payload: { budgetYuan: 300000, phaseDates: { voting: { from: '2026-05-01', to: '2026-05-15' } } } }),
  },
  {
    method: 'GET',
    route: '/api/pb/projects/:id',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'resident', 'member', 'unit_admin', 'dept_handler'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/projects/${(await pbCycleOfDept(t, p, 'voting')).projectId}` }),
  },
  {
    method: 'POST',
    route: '/api/pb/projects/:id/merge',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const { id, intoId } = await pbMergePair(t, p);
      return { url: `/api/pb/projects/${id}/merge`, payload: { intoId } };
    },
  },
  {
    method: 'GET',
    route: '/api/pb/cycles/:id/voters',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/pb/cycles/${await makeCycle(t, p, 'voting', ['resident'])}/voters?pageSize=10` }),
  },
  { method: 'GET', route: '/api/pb/department-projects', allow: ['dept_handler'], scoped: false, make: async () => ({ url: '/api/pb/department-projects' }) },
  // ---- end of the S1 cases ----
  // Statistics: area staff for their subtree (lists: no subject); department handlers their departments' rows.
  { method: 'GET', route: '/api/appeals/stats', allow: [...AREA, 'dept_handler'], scoped: false, make: async () => ({ url: '/api/appeals/stats?groupBy=department' }) },
  { method: 'GET', route: '/api/appeals/rankings', allow: AREA, scoped: false, make: async () => ({ url: '/api/appeals/rankings?groupBy=grid&minSample=1' }) },
  { method: 'GET', route: '/api/appeals/supervision-list', allow: AREA, scoped: false, make: async () => ({ url: '/api/appeals/supervision-list' }) },
  { method: 'GET', route: '/api/appeals/bounce-stats', allow: AREA, scoped: false, make: async () => ({ url: '/api/appeals/bounce-stats' }) },
  {
    method: 'POST',
    route: '/api/files',
    allow: 'authenticated',
    scoped: false,
    make: async () => ({ url: '/api/files?name=a.png', payload: PNG, headers: { 'content-type': 'image/png' } }),
  },
  {
    method: 'GET',
    route: '/api/files/:id',
    allow: 'authenticated',
    scoped: false,
    make: async (t) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/files?name=b.png', payload: PNG, headers: { 'content-type': 'image/png', authorization: `Bearer ${await tokenOf(t, 'grid')}` } });
      return { url: `/api/files/${res.json().file.id}` };
    },
    // An unattached file is the uploader's alone.
    expectFor: (who) => (who.scope === 'in' && who.role === 'grid_worker' ? 'allowed' : 'denied'),
  },
  {
    method: 'POST',
    route: '/api/appeals/categories',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async () => ({ url: '/api/appeals/categories', payload: { code: unique('C'), name: unique('新分类') } }),
  },
  {
    method: 'PATCH',
    route: '/api/appeals/categories/:id',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t) => ({ url: `/api/appeals/categories/${await categoryId(t, '1202')}`, payload: { workingDays: 9 } }),
  },
  {
    method: 'POST',
    route: '/api/appeals/categories/import',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async () => ({ url: '/api/appeals/categories/import', payload: { csv: `level1,level2,level3\n${unique('甲')},乙,丙\n` } }),
  },
  { method: 'GET', route: '/api/appeals/routing-rules', allow: ['admin', 'dispatcher'], scoped: false, make: async () => ({ url: '/api/appeals/routing-rules' }) },
  {
    method: 'POST',
    route: '/api/appeals/routing-rules',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const [d] = await t.services.database.rows<{ id: string }>(sql`select id from departments where code = 'street_office'`);
      return { url: '/api/appeals/routing-rules', payload: { categoryId: await categoryId(t, '0205'), regionId: p.in.street.id, mode: 'department', leadDepartmentId: d!.id } };
    },
  },
  {
    method: 'DELETE',
    route: '/api/appeals/routing-rules/:id',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const [r] = await t.services.database.rows<{ id: string }>(sql`
        insert into appeal_routing_rules (id, city_id, category_id, region_id, region_path, mode)
        select gen_random_uuid(), city_id, id, ${p.in.street.id}, ${p.in.street.path}, 'grid' from appeal_categories where code = '0205' returning id`);
      return { url: `/api/appeals/routing-rules/${r!.id}` };
    },
  },
  { method: 'GET', route: '/api/units', allow: STAFF, scoped: false, make: async () => ({ url: '/api/units' }) },
  {
    method: 'POST',
    route: '/api/units',
    allow: EDITORS,
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: '/api/units', payload: { regionId: p.in.grid.id, kind: 'enterprise', name: unique('企业') } }),
  },
  { method: 'GET', route: '/api/orgs', allow: STAFF, scoped: false, make: async () => ({ url: '/api/orgs' }) },
  {
    method: 'POST',
    route: '/api/orgs',
    allow: EDITORS,
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: '/api/orgs', payload: { regionId: p.in.grid.id, kind: 'branch', name: unique('网格党支部') } }),
  },
  // ---- Activities and volunteering 活动打卡 (modules/activities, docs/modules/activities.md): organisers are the
  // secretaries above the activity's community (team leaders and unit administrators only for their own, not in these
  // fixtures); members and residents living under it see, join and scan; org_dept above it reads. ----
  {
    method: 'POST',
    route: '/api/activities',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (_t, p) => ({
      url: '/api/activities',
      payload: { regionId: p.in.community.id, organiserKind: 'community', title: unique('志愿活动'), venue: '党群服务中心', startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 90_000_000).toISOString(), capacity: 10 },
    }),
  },
  { method: 'GET', route: '/api/activities', allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'unit_admin', 'member', 'resident'], scoped: false, make: async () => ({ url: '/api/activities' }) },
  {
    method: 'GET',
    route: '/api/activities/rankings',
    allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'unit_admin', 'member', 'resident'],
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: `/api/activities/rankings?regionId=${p.in.community.id}` }),
  },
  { method: 'GET', route: '/api/activities/:id', allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'member', 'resident'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/activities/${await makeActivity(t, p)}` }) },
  { method: 'POST', route: '/api/activities/:id/publish', allow: ['admin', 'street_admin', 'community_admin'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/activities/${await makeActivity(t, p, { status: 'draft' })}/publish`, payload: {} }) },
  { method: 'POST', route: '/api/activities/:id/cancel', allow: ['admin', 'street_admin', 'community_admin'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/activities/${await makeActivity(t, p)}/cancel`, payload: { reason: '台风停课' } }) },
  { method: 'POST', route: '/api/activities/:id/end', allow: ['admin', 'street_admin', 'community_admin'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/activities/${await makeActivity(t, p)}/end`, payload: {} }) },
  { method: 'GET', route: '/api/activities/:id/qr', allow: ['admin', 'street_admin', 'community_admin'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/activities/${await makeActivity(t, p)}/qr?purpose=in` }) },
  { method: 'GET', route: '/api/activities/:id/attendance', allow: ['admin', 'street_admin', 'community_admin'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/activities/${await makeActivity(t, p)}/attendance` }) },
  { method: 'POST', route: '/api/activities/:id/signup', allow: ['member', 'resident'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/activities/${await makeActivity(t, p)}/signup`, payload: {} }) },
  {
    method: 'DELETE',
    route: '/api/activities/:id/signup',
    allow: ['member', 'resident'],
    scoped: 'forbidden',
    make: async (t, p, who) => {
      const id = await makeActivity(t, p);
      if (who) await addSignup(t, id, await activityUserId(t, who.username));
      return { url: `/api/activities/${id}/signup` };
    },
  },
  {
    method: 'POST',
    route: '/api/activities/scan',
    allow: ['member', 'resident'],
    scoped: 'forbidden',
    make: async (t, p, who) => {
      const id = await makeActivity(t, p, { startsAt: Date.now() - 30 * 60_000 });
      if (who) await addSignup(t, id, await activityUserId(t, who.username));
      return { url: '/api/activities/scan', payload: { token: makeToken(t.services.crypto, id, windowAt(Date.now()), 'in') } };
    },
  },
  {
    method: 'POST',
    route: '/api/activities/:id/review',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const id = await makeActivity(t, p, { startsAt: Date.now() - 4 * 3600_000 });
      const u = await makeUser(t, 'member', p.in.grid.id);
      await addSignup(t, id, u.id, { ledger: 'party', checkedIn: true });
      return { url: `/api/activities/${id}/review`, payload: { participants: [{ userId: u.id, outcome: 'approved', minutes: 60 }] } };
    },
  },
  { method: 'POST', route: '/api/volunteer-teams', allow: ['admin', 'street_admin', 'community_admin'], scoped: 'forbidden', make: async (_t, p) => ({ url: '/api/volunteer-teams', payload: { regionId: p.in.community.id, name: unique('志愿队') } }) },
  { method: 'GET', route: '/api/volunteer-teams', allow: ['admin', 'street_admin', 'community_admin', 'org_dept', 'unit_admin', 'member', 'resident'], scoped: false, make: async () => ({ url: '/api/volunteer-teams' }) },
  { method: 'GET', route: '/api/volunteer-teams/:id', allow: ['admin', 'street_admin', 'community_admin'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/volunteer-teams/${await makeTeam(t, p)}` }) },
  {
    method: 'POST',
    route: '/api/volunteer-teams/:id/members',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/volunteer-teams/${await makeTeam(t, p)}/members`, payload: { userId: await activityUserId(t, 'resident'), role: 'member' } }),
  },
  {
    method: 'DELETE',
    route: '/api/volunteer-teams/:id/members/:userId',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t, p) => {
      const team = await makeTeam(t, p);
      const resident = await activityUserId(t, 'resident');
      await t.services.database.db.execute(sql`insert into volunteer_team_members (team_id, user_id, role) values (${team}, ${resident}, 'member')`);
      return { url: `/api/volunteer-teams/${team}/members/${resident}` };
    },
  },
  // ---- end of activities ----
  // ---- Points ledgers (modules/points) ----
  // My balances and entries: anyone logged in (their own). An account's entries and the rankings: admin, org_dept,
  // street and community above the holder / region. Manual awards and corrections: admin, street, community above
  // the holder. Rules: read by the same readers anywhere in the city, set by admin and org_dept (city-wide, so not
  // scoped). Verify: admins.
  { method: 'GET', route: '/api/points/me', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/points/me' }) },
  { method: 'GET', route: '/api/points/me/entries', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/points/me/entries?kind=party' }) },
  {
    method: 'GET',
    route: '/api/points/accounts/:userId/entries',
    allow: ['admin', 'org_dept', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t) => ({ url: `/api/points/accounts/${await pointsUserId(t, 'member')}/entries?kind=party` }),
  },
  {
    method: 'POST',
    route: '/api/points/accounts/:userId/entries',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t) => ({
      url: `/api/points/accounts/${await pointsUserId(t, 'member')}/entries`,
      payload: { kind: 'party', rule: 'activity_attend', idempotencyKey: unique('matrix') },
    }),
  },
  {
    method: 'POST',
    route: '/api/points/entries/:id/correction',
    allow: ['admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (t) => ({ url: `/api/points/entries/${await pointsEntryOfMember(t)}/correction`, payload: { reason: '误记，冲正' } }),
  },
  { method: 'GET', route: '/api/points/rules', allow: ['admin', 'org_dept', 'street_admin', 'community_admin'], scoped: false, make: async () => ({ url: '/api/points/rules?kind=party' }) },
  {
    method: 'PUT',
    route: '/api/points/rules',
    allow: ['admin', 'org_dept'],
    scoped: false,
    make: async () => ({ url: '/api/points/rules', payload: { rules: [{ kind: 'credit', code: 'matrix_rule', points: 1, label: '矩阵测试' }] } }),
  },
  {
    method: 'GET',
    route: '/api/points/rankings',
    allow: ['admin', 'org_dept', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: `/api/points/rankings?kind=party&regionId=${p.in.community.id}` }),
  },
  { method: 'GET', route: '/api/points/verify', allow: ['admin'], scoped: false, make: async () => ({ url: '/api/points/verify' }) },
  // ---- end of points ----
  // Open311 GeoReport v2: public reads; filing is public too, because the api_key in the body decides, not the caller's session.
  { method: 'GET', route: '/open311/v2/discovery.:format', allow: 'public', scoped: false, make: async () => ({ url: '/open311/v2/discovery.xml' }) },
  { method: 'GET', route: '/open311/v2/services.:format', allow: 'public', scoped: false, make: async () => ({ url: '/open311/v2/services.json' }) },
  { method: 'GET', route: '/open311/v2/services/:code.:format', allow: 'public', scoped: false, make: async () => ({ url: '/open311/v2/services/0301.xml' }) },
  {
    method: 'POST',
    route: '/open311/v2/requests.:format',
    allow: 'public',
    scoped: false,
    make: async (t, p) => {
      const point = await buildingPoint(t, p);
      return { url: '/open311/v2/requests.json', payload: { api_key: (await open311Fixture(t)).apiKey, service_code: '0302', description: '路灯不亮', lat: point.lat, long: point.lng } };
    },
  },
  { method: 'GET', route: '/open311/v2/requests.:format', allow: 'public', scoped: false, make: async () => ({ url: '/open311/v2/requests.json?status=open' }) },
  {
    method: 'GET',
    route: '/open311/v2/requests/:id.:format',
    allow: 'public',
    scoped: false,
    make: async (t) => ({ url: `/open311/v2/requests/${(await open311Fixture(t)).number}.xml` }),
  },
  {
    method: 'GET',
    route: '/open311/v2/tokens/:token.:format',
    allow: 'public',
    scoped: false,
    make: async (t) => ({ url: `/open311/v2/tokens/${(await open311Fixture(t)).token}.json` }),
  },
  // api_key management: like calendar overrides, only an admin granted at a city.
  { method: 'GET', route: '/api/open311/keys', allow: ['admin'], scoped: 'forbidden', make: async () => ({ url: '/api/open311/keys' }) },
  {
    method: 'POST',
    route: '/api/open311/keys',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async () => ({ url: '/api/open311/keys', payload: { name: unique('matrix client ') } }),
  },
  {
    method: 'POST',
    route: '/api/open311/keys/:id/revoke',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t) => ({ url: `/api/open311/keys/${(await open311Key(t)).key.id}/revoke` }),
  },
  // ---- Points store 积分超市 (modules/store, docs/modules/store.md) ----
  // The profile case comes first: every merchant caller then has a profile (the "out" one a pending profile).
  {
    method: 'POST',
    route: '/api/store/merchant',
    allow: ['merchant'],
    scoped: false,
    make: async (_t, _p, who) => ({
      url: '/api/store/merchant',
      payload: who?.scope === 'in' ? { name: '椰香小馆', address: '新安社区北门商业街 12 号', openingHours: '每日 08:00–21:00', phone: '13908981234' } : { name: unique('商户'), address: '秀英区', phone: null },
    }),
  },
  { method: 'GET', route: '/api/store/merchant', allow: ['merchant'], scoped: false, make: async () => ({ url: '/api/store/merchant' }) },
  { method: 'GET', route: '/api/store/merchants', allow: MANAGERS, scoped: false, make: async () => ({ url: '/api/store/merchants?status=pending' }) },
  {
    method: 'POST',
    route: '/api/store/merchants/:id/approve',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/store/merchants/${(await makeMerchant(t, p)).merchant.id}/approve` }),
  },
  {
    method: 'POST',
    route: '/api/store/merchants/:id/suspend',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/store/merchants/${(await makeMerchant(t, p, 'approved')).merchant.id}/suspend`, payload: { reason: '经营异常' } }),
  },
  { method: 'GET', route: '/api/store/merchant/items', allow: ['merchant'], scoped: false, make: async () => ({ url: '/api/store/merchant/items' }) },
  {
    method: 'POST',
    route: '/api/store/merchant/items',
    allow: ['merchant'],
    scoped: false,
    make: async () => ({ url: '/api/store/merchant/items', payload: { kind: 'goods', title: unique('商品'), price: 10, stock: 5 } }),
  },
  {
    method: 'PATCH',
    route: '/api/store/merchant/items/:id',
    allow: ['merchant'],
    scoped: 'forbidden',
    make: async (t) => ({ url: `/api/store/merchant/items/${(await storeDemoItem(t)).id}`, payload: { stock: 100_000 } }),
  },
  { method: 'GET', route: '/api/store/catalogue', allow: ['resident', 'member'], scoped: false, make: async () => ({ url: '/api/store/catalogue' }) },
  {
    method: 'POST',
    route: '/api/store/items/:id/redeem',
    allow: ['resident', 'member'],
    scoped: 'forbidden',
    make: async (t, _p, who) => {
      if (who && (who.role === 'resident' || who.role === 'member')) await fundCredit(t, await userIdOf(t, who.username), 1);
      return { url: `/api/store/items/${(await storeDemoItem(t)).id}/redeem` };
    },
  },
  { method: 'GET', route: '/api/store/redemptions/mine', allow: ['resident', 'member'], scoped: false, make: async () => ({ url: '/api/store/redemptions/mine?status=issued' }) },
  {
    // The holder (a resident or member) or the merchant who sells it; everyone else is refused.
    method: 'POST',
    route: '/api/store/redemptions/:id/cancel',
    allow: ['resident', 'member', 'merchant'],
    scoped: 'forbidden',
    make: async (t, _p, who) => {
      const holder = who?.scope === 'in' && (who.role === 'resident' || who.role === 'member') ? who.username : 'resident';
      return { url: `/api/store/redemptions/${(await redemptionOf(t, holder)).id}/cancel` };
    },
  },
  {
    // Another merchant's code is not found (404), so an "out" merchant is rejected rather than refused.
    method: 'POST',
    route: '/api/store/honour',
    allow: ['merchant'],
    scoped: 'rejected',
    make: async (t) => ({ url: '/api/store/honour', payload: { code: (await redemptionOf(t, 'resident')).code } }),
  },
  { method: 'GET', route: '/api/store/merchant/redemptions', allow: ['merchant'], scoped: false, make: async () => ({ url: '/api/store/merchant/redemptions' }) },
  // ---- end of the points store block ----
  // ---- Micro-wishes 微心愿 (modules/wishes): posters are residents and members living there (for themselves) and the
  // community (for a family); the community reviews; members and units of the community read the wall and claim; the
  // claimer (the demo member) fulfils and unclaims; the beneficiary (the demo resident) or the community confirms;
  // the poster (the demo resident) or the community cancels. Subjects: wishes in the 新安社区 branch's grid. ----
  {
    method: 'POST',
    route: '/api/wishes',
    allow: ['resident', 'member', 'admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (_t, p) => ({
      url: '/api/wishes',
      payload: { regionId: p.in.grid.id, title: '想要一个书包', story: '孩子的书包坏了', category: 'study', estimatedValueYuan: 100, deadline: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10), beneficiary: { name: '周阿姨', address: '新安社区2栋101' } },
    }),
  },
  { method: 'GET', route: '/api/wishes/mine', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/wishes/mine?as=claimer' }) },
  { method: 'GET', route: '/api/wishes/queue', allow: EDITORS, scoped: false, make: async () => ({ url: '/api/wishes/queue' }) },
  { method: 'GET', route: '/api/wishes/wall', allow: ['member', 'unit_admin', 'resident', ...EDITORS], scoped: false, make: async () => ({ url: '/api/wishes/wall' }) },
  {
    method: 'GET',
    route: '/api/wishes/:id',
    allow: ['member', 'unit_admin', 'resident', ...EDITORS],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'published')}` }),
  },
  { method: 'POST', route: '/api/wishes/:id/verify', allow: EDITORS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'submitted')}/verify`, payload: {} }) },
  { method: 'POST', route: '/api/wishes/:id/reject', allow: EDITORS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'submitted')}/reject`, payload: { reason: '不属于微心愿范围' } }) },
  {
    method: 'PATCH',
    route: '/api/wishes/:id/public-text',
    allow: EDITORS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'verified', { minor: true })}/public-text`, payload: { publicTitle: '一名学生需要文具' } }),
  },
  { method: 'POST', route: '/api/wishes/:id/publish', allow: EDITORS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'verified')}/publish` }) },
  { method: 'POST', route: '/api/wishes/:id/claim', allow: ['member', 'unit_admin'], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'published')}/claim`, payload: {} }) },
  { method: 'POST', route: '/api/wishes/:id/unclaim', allow: ['member', ...EDITORS], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'claimed')}/unclaim` }) },
  {
    method: 'POST',
    route: '/api/wishes/:id/fulfil',
    allow: ['member'],
    scoped: 'forbidden',
    make: async (t, p, who) => {
      // The demo member is the claimer: their proof photo must be their own upload.
      const upload = who ? await t.app.inject({ method: 'POST', url: '/api/files?name=proof.png', headers: { ...(await freshToken(t, who)), 'content-type': 'image/png' }, payload: PNG }) : null;
      const photo = upload?.statusCode === 201 ? (upload.json().file.id as string) : '00000000-0000-4000-8000-000000000000';
      return { url: `/api/wishes/${await makeWish(t, p, 'claimed')}/fulfil`, payload: { note: '已送达', photos: [photo] } };
    },
  },
  { method: 'POST', route: '/api/wishes/:id/confirm', allow: ['resident', ...EDITORS], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'fulfilled')}/confirm` }) },
  { method: 'POST', route: '/api/wishes/:id/cancel', allow: ['resident', ...EDITORS], scoped: 'forbidden', make: async (t, p) => ({ url: `/api/wishes/${await makeWish(t, p, 'published')}/cancel`, payload: { reason: '已自行解决' } }) },
  // ---- end of the micro-wishes cases ----
  // ---- Members, households and dual reporting 双报到 (modules/members, docs/modules/members.md) ----
  // The register: read by area staff who serve members (not dispatchers or department handlers), kept by admins and
  // street/community secretaries; unmasked numbers for those secretaries only. Reports: members for themselves
  // (anywhere they live), secretaries for offline reports and decisions; units by their administrator.
  { method: 'GET', route: '/api/members', allow: MEMBER_READERS, scoped: false, make: async () => ({ url: '/api/members' }) },
  {
    method: 'GET',
    route: '/api/members/me',
    allow: ['member'],
    scoped: false,
    make: async (t, p, who) => {
      if (who?.role === 'member') await ownMemberRecord(t, p, who);
      return { url: '/api/members/me' };
    },
  },
  { method: 'GET', route: '/api/members/:id', allow: MEMBER_READERS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/members/${(await makeMember(t, p)).id}` }) },
  { method: 'GET', route: '/api/members/:id/pii', allow: MANAGERS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/members/${(await makeMember(t, p)).id}/pii` }) },
  {
    method: 'POST',
    route: '/api/members',
    allow: MANAGERS,
    // The building must lie in the caller's area: others get 404 naming buildingId.
    scoped: 'rejected',
    make: async (_t, p) => ({
      url: '/api/members',
      payload: { name: '矩阵党员', idNumber: freshIdNumber(), standing: 'formal', joinDate: '2010-01-01', kind: 'retired', buildingId: p.in.building.id },
    }),
  },
  { method: 'PATCH', route: '/api/members/:id', allow: MANAGERS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/members/${(await makeMember(t, p)).id}`, payload: { skills: ['理发'] } }) },
  { method: 'GET', route: '/api/members/import/template', allow: MANAGERS, scoped: false, make: async () => ({ url: '/api/members/import/template' }) },
  // Rows outside the caller's area fail inside the report (200), so the route is not scoped.
  { method: 'POST', route: '/api/members/import', allow: MANAGERS, scoped: false, make: async (_t, p) => ({ url: '/api/members/import', payload: await memberWorkbook(p), headers: XLSX_HEADERS }) },
  { method: 'GET', route: '/api/members/export', allow: MEMBER_READERS, scoped: false, make: async () => ({ url: '/api/members/export' }) },
  {
    method: 'GET',
    route: '/api/members/unit-service',
    allow: ['admin', 'org_dept', 'street_admin', 'community_admin', 'unit_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/members/unit-service?unitId=${await makeUnit(t, p)}` }),
  },
  { method: 'GET', route: '/api/households', allow: MEMBER_READERS, scoped: false, make: async () => ({ url: '/api/households' }) },
  { method: 'GET', route: '/api/households/:id', allow: MEMBER_READERS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/households/${await makeHousehold(t, p)}` }) },
  {
    method: 'POST',
    route: '/api/households',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: '/api/households', payload: { buildingId: p.in.building.id, address: unique('2栋'), residents: [{ name: '王五', relation: 'head' }] } }),
  },
  { method: 'PATCH', route: '/api/households/:id', allow: MANAGERS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/households/${await makeHousehold(t, p)}`, payload: { hardship: ['elderly_alone'] } }) },
  {
    method: 'POST',
    route: '/api/dual-reports/me',
    allow: ['member'],
    // A member reports to the community where they live, wherever their account's grant is.
    scoped: false,
    make: async (t, p, who) => {
      if (who?.role === 'member') await ownMemberRecord(t, p, who);
      return { url: '/api/dual-reports/me', payload: { communityId: p.in.community.id, buildingId: p.in.building.id } };
    },
  },
  {
    method: 'POST',
    route: '/api/dual-reports',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: '/api/dual-reports', payload: { memberId: (await makeMember(t, p)).id, communityId: p.in.community.id, gridId: p.in.grid.id } }),
  },
  {
    method: 'POST',
    route: '/api/dual-reports/units',
    allow: ['admin', 'street_admin', 'community_admin', 'unit_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: '/api/dual-reports/units', payload: { unitId: await makeUnit(t, p) } }),
  },
  { method: 'POST', route: '/api/dual-reports/:id/approve', allow: MANAGERS, scoped: 'forbidden', make: async (t, p) => ({ url: `/api/dual-reports/${await pendingReport(t, p)}/approve`, payload: {} }) },
  {
    method: 'POST',
    route: '/api/dual-reports/:id/reject',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/dual-reports/${await pendingReport(t, p)}/reject`, payload: { reason: '信息不全' } }),
  },
  { method: 'GET', route: '/api/dual-reports', allow: ['admin', 'org_dept', 'street_admin', 'community_admin', 'unit_admin'], scoped: false, make: async () => ({ url: '/api/dual-reports' }) },
  { method: 'GET', route: '/api/dual-reports/me', allow: ['member'], scoped: false, make: async () => ({ url: '/api/dual-reports/me' }) },
  // Service menu and the 1+10 setting: read by everyone signed in, configured by an admin granted at the city.
  { method: 'GET', route: '/api/service-menu', allow: 'authenticated', scoped: false, make: async () => ({ url: '/api/service-menu' }) },
  { method: 'POST', route: '/api/service-menu/defaults', allow: ['admin'], scoped: 'forbidden', make: async () => ({ url: '/api/service-menu/defaults' }) },
  { method: 'POST', route: '/api/service-menu/categories', allow: ['admin'], scoped: 'forbidden', make: async () => ({ url: '/api/service-menu/categories', payload: { code: unique('c'), name: '测试类别' } }) },
  {
    method: 'POST',
    route: '/api/service-menu/items',
    allow: ['admin'],
    scoped: 'forbidden',
    make: async (t) => ({ url: '/api/service-menu/items', payload: { categoryId: (await menuItem(t)).categoryId, code: unique('i'), name: '测试项目' } }),
  },
  { method: 'PATCH', route: '/api/service-menu/items/:id', allow: ['admin'], scoped: 'forbidden', make: async (t) => ({ url: `/api/service-menu/items/${(await menuItem(t)).itemId}`, payload: { sort: 1 } }) },
  { method: 'PATCH', route: '/api/members/settings', allow: ['admin'], scoped: 'forbidden', make: async () => ({ url: '/api/members/settings', payload: { minHouseholds: 10 } }) },
  {
    method: 'POST',
    route: '/api/members/me/service-items',
    allow: ['member'],
    scoped: false,
    make: async (t, p, who) => {
      if (who?.role === 'member') await ownMemberRecord(t, p, who);
      return { url: '/api/members/me/service-items', payload: { itemIds: [(await menuItem(t)).itemId] } };
    },
  },
  {
    method: 'POST',
    route: '/api/members/:id/service-items',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/members/${(await makeMember(t, p)).id}/service-items`, payload: { itemIds: [(await menuItem(t)).itemId] } }),
  },
  // 1+10 links: kept by the secretaries; read by the register's readers (a grid worker: their grid). Visits: by the member.
  {
    method: 'POST',
    route: '/api/members/:id/households',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/members/${(await makeMember(t, p)).id}/households`, payload: { householdId: await makeHousehold(t, p) } }),
  },
  {
    method: 'DELETE',
    route: '/api/members/:id/households/:householdId',
    allow: MANAGERS,
    scoped: 'forbidden',
    make: async (t, p) => {
      const m = await makeMember(t, p);
      return { url: `/api/members/${m.id}/households/${await linkedHousehold(t, p, m.id)}` };
    },
  },
  { method: 'GET', route: '/api/member-links', allow: MEMBER_READERS, scoped: false, make: async () => ({ url: '/api/member-links' }) },
  { method: 'GET', route: '/api/members/me/households', allow: ['member'], scoped: false, make: async () => ({ url: '/api/members/me/households' }) },
  {
    method: 'POST',
    route: '/api/members/me/visits',
    allow: ['member'],
    scoped: false,
    make: async (t, p, who) => {
      const householdId = who?.role === 'member' ? await linkedHousehold(t, p, await ownMemberRecord(t, p, who)) : await makeHousehold(t, p);
      return { url: '/api/members/me/visits', payload: { householdId, type: 'illness', visitedOn: '2026-01-10', note: '探望病患' } };
    },
  },
  { method: 'GET', route: '/api/visits', allow: MEMBER_READERS, scoped: false, make: async () => ({ url: '/api/visits' }) },
  { method: 'GET', route: '/api/members/me/visits', allow: ['member'], scoped: false, make: async () => ({ url: '/api/members/me/visits' }) },
  {
    method: 'POST',
    route: '/api/visits/:id/appeal',
    allow: ['member', 'grid_worker', 'admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    // The visit was made by another member: members are refused; the grid worker and secretaries above it may.
    expectFor: (who) => (who.role === 'member' || !['grid_worker', 'admin', 'street_admin', 'community_admin'].includes(who.role) || who.scope === 'out' ? 'denied' : 'allowed'),
    make: async (t, p) => ({ url: `/api/visits/${await visitWithFollowUp(t, p)}/appeal`, payload: { categoryId: await categoryId(t, '0301') } }),
  },
  {
    method: 'POST',
    route: '/api/visits/:id/follow-up-done',
    allow: ['member', 'grid_worker', 'admin', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    expectFor: (who) => (who.role === 'member' || !['grid_worker', 'admin', 'street_admin', 'community_admin'].includes(who.role) || who.scope === 'out' ? 'denied' : 'allowed'),
    make: async (t, p) => ({ url: `/api/visits/${await visitWithFollowUp(t, p)}/follow-up-done`, payload: { note: '已联系物业处理' } }),
  },
  {
    method: 'GET',
    route: '/api/members/compliance/community',
    allow: ['admin', 'org_dept', 'street_admin', 'community_admin'],
    scoped: 'forbidden',
    make: async (_t, p) => ({ url: `/api/members/compliance/community?communityId=${p.in.community.id}` }),
  },
  {
    method: 'GET',
    route: '/api/members/compliance/unit',
    allow: ['admin', 'org_dept', 'street_admin', 'community_admin', 'unit_admin'],
    scoped: 'forbidden',
    make: async (t, p) => ({ url: `/api/members/compliance/unit?unitId=${await makeUnit(t, p)}` }),
  },
  // ---- end of members ----
];

export type Outcome = 'allowed' | 'denied' | 'unauthenticated' | 'rejected' | 'error';

export function outcomeOf(status: number): Outcome {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'denied';
  if (status >= 500) return 'error';
  if (status >= 400) return 'rejected';
  return 'allowed';
}

export function expected(c: RouteCase, who: Actor | null): Outcome {
  if (c.allow === 'public') return 'allowed';
  if (!who) return 'unauthenticated';
  if (c.expectFor) return c.expectFor(who);
  if (c.allow === 'authenticated') return 'allowed';
  if (!c.allow.includes(who.role)) return 'denied';
  if (who.scope === 'out' && c.scoped) return c.scoped === 'forbidden' ? 'denied' : 'rejected';
  return 'allowed';
}
