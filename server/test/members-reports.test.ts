import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { makeRegion, places, type Places } from './helpers/fixtures.js';
import { makeIdNumber } from '../src/platform/pii/id-number.js';
import { partyOrgs } from '../src/modules/orgs/schema.js';
import { units } from '../src/modules/units/schema.js';

let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
let memberUserId = '';
let memberId = '';
let branchId = '';
let unitId = '';

const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const post = (who: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: bearer(tok[who]!), payload: payload as object });
const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(tok[who]!) });

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['community', 'member', 'unit', 'grid', 'street', 'resident']) tok[u] = await login(t.app, u);
  memberUserId = (await rows<{ id: string }>(sql`select id from users where username = 'member'`))[0]!.id;
  const db = t.services.database.db;
  [{ id: branchId }] = await db
    .insert(partyOrgs)
    .values({ cityId: t.seed.cityId, kind: 'branch', special: 'compound', name: '新安社区兼合式党支部', regionId: p.in.community.id, regionPath: p.in.community.path })
    .returning({ id: partyOrgs.id }) as [{ id: string }];
  [{ id: unitId }] = await db
    .insert(units)
    .values({ cityId: t.seed.cityId, regionId: p.in.grid.id, regionPath: p.in.grid.path, kind: 'agency', name: '海口市测试局' })
    .returning({ id: units.id }) as [{ id: string }];
  // The member's record: works at the unit, linked to the demo member's account.
  const res = await post('community', '/api/members', {
    name: '赵明',
    idNumber: makeIdNumber('460106', '19880808', 31),
    standing: 'formal',
    joinDate: '2012-06-30',
    kind: 'employed',
    unitId,
    userId: memberUserId,
  });
  expect(res.statusCode, res.body).toBe(201);
  memberId = res.json().member.id;
}, 120_000);
afterAll(async () => t?.close());

describe('dual reporting 双报到', () => {
  it('a member reports online, is rejected with a reason, reports again and is approved into the grid and the branch', async () => {
    const first = await post('member', '/api/dual-reports/me', { communityId: p.in.community.id, buildingId: p.in.building.id, address: '1栋 502' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().report).toMatchObject({ kind: 'member', memberId, status: 'reported', channel: 'online', gridId: p.in.grid.id, buildingId: p.in.building.id });
    // One open report at a time.
    const again = await post('member', '/api/dual-reports/me', { communityId: p.in.community.id });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'report_pending']);
    // A building outside the community is refused, naming the field.
    const outside = await post('community', '/api/dual-reports', { memberId, communityId: p.in.community.id, buildingId: p.out.building.id });
    expect([outside.statusCode, outside.json().error.field]).toEqual([400, 'buildingId']);

    const rej = await post('community', `/api/dual-reports/${first.json().report.id}/reject`, { reason: '住址信息不完整' });
    expect(rej.json().report).toMatchObject({ status: 'rejected', reason: '住址信息不完整' });
    const twice = await post('community', `/api/dual-reports/${first.json().report.id}/approve`, {});
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'report_not_pending']);

    const second = await post('member', '/api/dual-reports/me', { communityId: p.in.community.id, buildingId: p.in.building.id, address: '1栋 502 室' });
    expect(second.statusCode).toBe(201);
    const grantsBefore = (await rows<{ n: number }>(sql`select count(*)::int as n from role_grants where user_id = ${memberUserId} and region_id = ${p.in.grid.id}`))[0]!.n;
    const ok = await t.app.inject({ method: 'POST', url: `/api/dual-reports/${second.json().report.id}/approve`, headers: { ...bearer(tok.community!), 'x-request-id': 'approve-1' }, payload: { branchOrgId: branchId } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().report).toMatchObject({ status: 'approved', gridId: p.in.grid.id, branchOrgId: branchId, branchOrgName: '新安社区兼合式党支部' });
    const me = await get('member', '/api/members/me');
    expect(me.json().member).toMatchObject({ gridId: p.in.grid.id, buildingId: p.in.building.id, branchOrgId: branchId, address: '1栋 502 室', reportStatus: 'approved' });
    // The demo member already had a member grant at this grid: none added twice.
    const grantsAfter = (await rows<{ n: number }>(sql`select count(*)::int as n from role_grants where user_id = ${memberUserId} and region_id = ${p.in.grid.id} and role = 'member'`))[0]!.n;
    expect(grantsAfter).toBe(Math.max(1, grantsBefore));
    const [audit] = await rows<{ action: string; detail: Record<string, unknown> }>(sql`select action, detail from audit_log where request_id = 'approve-1'`);
    expect(audit).toMatchObject({ action: 'dual_reports.approve', detail: { from: 'reported', to: 'approved', memberId, gridId: p.in.grid.id } });
    const trail = await rows<{ action: string }>(sql`select action from audit_log where subject_type = 'dual_report' and result = 'ok' order by id`);
    expect(trail.map((a) => a.action)).toEqual(['dual_reports.report_self', 'dual_reports.reject', 'dual_reports.report_self', 'dual_reports.approve']);
  });

  it('moving house is a new report: its approval supersedes the old one and grants the member role at the new grid', async () => {
    const grid2 = await makeRegion(t, p.in.community.id, 'grid');
    const building2 = await makeRegion(t, grid2.id, 'building');
    const r = await post('community', '/api/dual-reports', { memberId, communityId: p.in.community.id, buildingId: building2.id, address: '新楼 3 单元' });
    expect(r.json().report).toMatchObject({ channel: 'offline', gridId: grid2.id });
    const wrongGrid = await post('community', `/api/dual-reports/${r.json().report.id}/approve`, { gridId: p.in.grid.id });
    expect([wrongGrid.statusCode, wrongGrid.json().error.field]).toEqual([400, 'gridId']);
    const ok = await post('community', `/api/dual-reports/${r.json().report.id}/approve`, { branchOrgId: branchId });
    expect(ok.statusCode, ok.body).toBe(200);
    const statuses = await rows<{ status: string }>(sql`select status from dual_reports where member_id = ${memberId} order by created_at`);
    expect(statuses.map((s) => s.status)).toEqual(['rejected', 'superseded', 'approved']);
    const [g] = await rows<{ n: number }>(sql`select count(*)::int as n from role_grants where user_id = ${memberUserId} and region_id = ${grid2.id} and role = 'member'`);
    expect(g!.n).toBe(1);
    const m = (await get('community', `/api/members/${memberId}`)).json().member;
    expect(m).toMatchObject({ gridId: grid2.id, buildingId: building2.id });
  });

  it('a unit reports to the community where it sits; its administrator sees its members and their service', async () => {
    const r = await post('unit', '/api/dual-reports/units', { unitId });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().report).toMatchObject({ kind: 'unit', unitId, communityId: p.in.community.id, channel: 'online', status: 'reported' });
    const grid = await post('community', `/api/dual-reports/${r.json().report.id}/approve`, { gridId: p.in.grid.id });
    expect([grid.statusCode, grid.json().error.code]).toEqual([400, 'report_unit_no_grid']);
    expect((await post('community', `/api/dual-reports/${r.json().report.id}/approve`, {})).json().report.status).toBe('approved');

    const list = await get('unit', '/api/dual-reports');
    const kinds = list.json().items.map((i: { kind: string; memberId: string | null }) => i.kind);
    expect(kinds).toContain('unit');
    expect(kinds).toContain('member');
    expect((await get('grid', '/api/dual-reports')).statusCode).toBe(403);
    const svc = await get('unit', `/api/members/unit-service?unitId=${unitId}`);
    expect(svc.statusCode, svc.body).toBe(200);
    expect(svc.json().items).toEqual([expect.objectContaining({ memberId, name: '赵明', reported: true, communityName: '新安社区', services: 0 })]);
    expect(svc.json().from).toMatch(/^\d{4}-(01|04|07|10)-01$/);
    expect((await get('resident', `/api/members/unit-service?unitId=${unitId}`)).statusCode).toBe(403);
  });

  it('a member without a record cannot report; another community cannot decide', async () => {
    const res = await post('resident', '/api/dual-reports/me', { communityId: p.in.community.id });
    expect(res.statusCode).toBe(403);
    const street = await post('street', '/api/dual-reports', { memberId, communityId: p.out.community.id });
    expect(street.statusCode).toBe(403);
  });
});
