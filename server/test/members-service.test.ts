import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places } from './helpers/fixtures.js';
import { makeHousehold, makeMember, makeUnit } from './helpers/members-fixtures.js';
import { quarterOf } from '../src/modules/members/service-record.js';

let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
let memberId = '';
let unitId = '';

const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: bearer(tok[who]!), ...(payload ? { payload: payload as object } : {}) });
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['admin', 'community', 'member', 'grid', 'unit', 'orgdept', 'resident']) tok[u] = await login(t.app, u);
  unitId = await makeUnit(t, p);
  const m = await makeMember(t, p, { username: 'member', unitId });
  memberId = m.id;
}, 120_000);
afterAll(async () => t?.close());

describe('service menu, 1+10 links, visits and compliance', () => {
  it('has the default menu of 8 categories and 45 items, configurable by the city admin; members choose items', async () => {
    const menu = (await call('resident', 'GET', '/api/service-menu')).json();
    expect(menu.minHouseholds).toBe(10);
    expect(menu.categories.map((c: { name: string }) => c.name)).toEqual(['政策宣传', '文明创建', '民意收集', '义诊服务', '疫情防控', '法律咨询', '帮扶济困', '环境整治']);
    expect(menu.categories.flatMap((c: { items: unknown[] }) => c.items)).toHaveLength(45);
    // Installing the defaults again adds nothing.
    expect((await call('admin', 'POST', '/api/service-menu/defaults')).json().added).toEqual({ categories: 0, items: 0 });
    const cat = await call('admin', 'POST', '/api/service-menu/categories', { code: 'tutoring', name: '托幼托教' });
    expect(cat.statusCode, cat.body).toBe(201);
    const item = await call('admin', 'POST', '/api/service-menu/items', { categoryId: cat.json().category.id, code: 'tutoring.homework', name: '作业辅导' });
    expect(item.statusCode).toBe(201);
    const dup = await call('admin', 'POST', '/api/service-menu/items', { categoryId: cat.json().category.id, code: 'tutoring.homework', name: '作业辅导' });
    expect([dup.statusCode, dup.json().error.field]).toEqual([409, 'code']);
    expect((await call('community', 'POST', '/api/service-menu/categories', { code: 'x', name: 'x' })).statusCode).toBe(403);

    const legal = menu.categories.find((c: { code: string }) => c.code === 'legal').items[0].id;
    const chose = await call('member', 'POST', '/api/members/me/service-items', { itemIds: [legal, item.json().item.id] });
    expect(chose.statusCode, chose.body).toBe(200);
    const me = (await call('member', 'GET', '/api/members/me')).json().member;
    expect(me.serviceItems.map((i: { name: string }) => i.name).sort()).toEqual(['作业辅导', '法律咨询'].sort());
    // A retired item cannot be chosen any more.
    await call('admin', 'PATCH', `/api/service-menu/items/${item.json().item.id}`, { active: false });
    const retired = await call('member', 'POST', '/api/members/me/service-items', { itemIds: [item.json().item.id] });
    expect([retired.statusCode, retired.json().error.code]).toEqual([400, 'service_item_unknown']);
  });

  it('links members to households (visible to the grid worker), logs visits and turns a follow-up into an appeal', async () => {
    expect((await call('admin', 'PATCH', '/api/members/settings', { minHouseholds: 2 })).json().minHouseholds).toBe(2);
    const h1 = await makeHousehold(t, p);
    const h2 = await makeHousehold(t, p);
    const other = await makeHousehold(t, p);
    for (const h of [h1, h2]) expect((await call('community', 'POST', `/api/members/${memberId}/households`, { householdId: h })).statusCode).toBe(204);
    const again = await call('community', 'POST', `/api/members/${memberId}/households`, { householdId: h1 });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'link_exists']);

    const grid = (await call('grid', 'GET', `/api/member-links?gridId=${p.in.grid.id}`)).json().items;
    expect(grid.filter((l: { memberId: string }) => l.memberId === memberId)).toHaveLength(2);
    expect(grid[0].household.hardship).toEqual(['hardship']);
    const od = (await call('orgdept', 'GET', '/api/member-links')).json().items;
    expect(od[0].household).toMatchObject({ hardship: null, hardshipMasked: true });
    expect((await call('member', 'GET', '/api/members/me/households')).json().items).toHaveLength(2);

    const notLinked = await call('member', 'POST', '/api/members/me/visits', { householdId: other, type: 'routine', visitedOn: today });
    expect([notLinked.statusCode, notLinked.json().error.field, notLinked.json().error.code]).toEqual([400, 'householdId', 'visit_not_linked']);
    const future = await call('member', 'POST', '/api/members/me/visits', { householdId: h1, type: 'routine', visitedOn: '2999-01-01' });
    expect([future.statusCode, future.json().error.field]).toEqual([400, 'visitedOn']);
    const v = await call('member', 'POST', '/api/members/me/visits', { householdId: h1, type: 'dispute', visitedOn: today, note: '调解邻里纠纷', followUp: '楼上漏水，需物业维修' });
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json().visit).toMatchObject({ type: 'dispute', mustVisit: true, followUpStatus: 'open' });
    const listed = (await call('grid', 'GET', `/api/visits?memberId=${memberId}`)).json().items;
    expect(listed).toHaveLength(1);

    const [cat] = await rows<{ id: string }>(sql`select id from appeal_categories where code = '0301'`);
    const appeal = await call('member', 'POST', `/api/visits/${v.json().visit.id}/appeal`, { categoryId: cat!.id });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const [a] = await rows<{ id: string; channel: string }>(sql`select id, channel from appeals where id = ${appeal.json().appealId}`);
    expect(a).toMatchObject({ channel: 'h5' });
    const twice = await call('member', 'POST', `/api/visits/${v.json().visit.id}/appeal`, { categoryId: cat!.id });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'visit_appealed']);
    expect((await call('member', 'GET', '/api/members/me/visits')).json().items[0]).toMatchObject({ followUpStatus: 'appeal', appealId: a!.id });
    // Another member cannot send it (the grid worker could).
    expect((await call('resident', 'POST', `/api/visits/${v.json().visit.id}/appeal`, { categoryId: cat!.id })).statusCode).toBe(403);
    // A follow-up handled without an appeal is closed by the grid worker; once.
    const v2 = await call('member', 'POST', '/api/members/me/visits', { householdId: h2, type: 'illness', visitedOn: today, followUp: '需要轮椅' });
    const done = await call('grid', 'POST', `/api/visits/${v2.json().visit.id}/follow-up-done`, { note: '已借到轮椅' });
    expect(done.json().visit).toMatchObject({ followUpStatus: 'done', mustVisit: true });
    const doneAgain = await call('grid', 'POST', `/api/visits/${v2.json().visit.id}/follow-up-done`, {});
    expect([doneAgain.statusCode, doneAgain.json().error.code]).toEqual([409, 'visit_follow_up_not_open']);
  });

  it('lists members not reported, not linked to enough households, not served this quarter, for the community and the unit', async () => {
    const idle = await makeMember(t, p, { unitId });
    const community = await call('community', 'GET', `/api/members/compliance/community?communityId=${p.in.community.id}`);
    expect(community.statusCode, community.body).toBe(200);
    const c = community.json();
    expect(c.minHouseholds).toBe(2);
    expect(c.quarter).toEqual(quarterOf(today));
    const ids = (k: string) => c[k].map((m: { id: string }) => m.id);
    expect(ids('notReported')).toEqual(expect.arrayContaining([memberId, idle.id]));
    expect(ids('notLinked')).toContain(idle.id);
    expect(ids('notLinked')).not.toContain(memberId);
    expect(ids('notServed')).toContain(idle.id);
    expect(ids('notServed')).not.toContain(memberId);

    const unit = (await call('unit', 'GET', `/api/members/compliance/unit?unitId=${unitId}`)).json();
    expect(unit.total).toBe(2);
    expect(unit.notServed.map((m: { id: string }) => m.id)).toEqual([idle.id]);
    // The unit's service record counts the visit.
    const svc = (await call('unit', 'GET', `/api/members/unit-service?unitId=${unitId}`)).json();
    expect(svc.items.find((i: { memberId: string }) => i.memberId === memberId).services).toBe(2);
    expect((await call('grid', 'GET', `/api/members/compliance/community?communityId=${p.in.community.id}`)).statusCode).toBe(403);
    // A past quarter: nobody served then.
    const past = (await call('community', 'GET', `/api/members/compliance/community?communityId=${p.in.community.id}&day=2020-02-01`)).json();
    expect(past.notServed.map((m: { id: string }) => m.id)).toContain(memberId);
  });
});
