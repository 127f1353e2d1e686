import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places, PNG } from './helpers/fixtures.js';
import { regions } from '../src/modules/regions/schema.js';
import { sweepDeadlines } from '../src/modules/appeals/deadline-sweep.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TAXONOMY = fileURLToPath(new URL('../../../shared/data/appeals/taxonomy_3level.csv', import.meta.url));

let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
let categories: Array<{ id: string; code: string; name: string; handling: string }>;
let point: [number, number];


beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['resident', 'grid', 'community', 'dispatcher', 'dept', 'street', 'member']) tok[u] = await login(t.app, u);
  categories = (await call('GET', '/api/appeals/categories', 'resident')).json().items;
  const [b] = await t.services.database.db.select().from(regions).where(eq(regions.id, p.in.building.id));
  point = [b!.lng!, b!.lat!];
});
afterAll(async () => t?.close());

function call(method: 'GET' | 'POST', url: string, who: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url, headers: { ...bearer(tok[who]!), ...headers }, payload: payload as object | undefined });
}
const cat = (code: string) => categories.find((c) => c.code === code)!;
const command = (id: string, who: string, body: Record<string, unknown>) => call('POST', `/api/appeals/${id}/commands`, who, body);
async function upload(who: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/files?name=site.png', headers: { ...bearer(tok[who]!), 'content-type': 'image/png' }, payload: PNG });
  expect(res.statusCode).toBe(201);
  return res.json().file.id as string;
}

describe('appeals: a grid case from the resident report to the archive', () => {
  it('goes straight to the grid worker, is resolved on site, reviewed, visited and closed', async () => {
    const created = await call('POST', '/api/appeals', 'resident', {
      categoryId: cat('0104').id,
      title: '小区垃圾桶满溢',
      description: '碧海嘉园3栋楼下垃圾桶两天没人清理，气味很大',
      point: { lng: point[0], lat: point[1], crs: 'wgs84' },
      contact: { name: '周阿姨', phone: '13900001111' },
    });
    expect(created.statusCode).toBe(201);
    const a = created.json().appeal;
    expect(a).toMatchObject({ status: 'dispatched', mode: 'grid', gridId: p.in.grid.id, channel: 'h5' });
    // On site within 30 minutes of receipt; done within the category's working days.
    expect(new Date(a.onSiteBy).getTime() - new Date(a.receivedAt).getTime()).toBe(30 * 60_000);

    expect((await command(a.id, 'resident', { type: 'accept' })).statusCode).toBe(403);
    expect((await command(a.id, 'grid', { type: 'accept' })).json().appeal.status).toBe('accepted');
    const early = await command(a.id, 'grid', { type: 'start' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('onsite_required');
    const photo = await upload('grid');
    expect((await command(a.id, 'grid', { type: 'checkIn', lng: point[0], lat: point[1], photo })).json().appeal.status).toBe('on_site');
    expect((await command(a.id, 'grid', { type: 'start' })).json().appeal.status).toBe('in_progress');
    expect((await command(a.id, 'grid', { type: 'reply', reply: '已联系物业清运，现场已清理干净' })).json().appeal.status).toBe('replied');
    expect((await command(a.id, 'community', { type: 'approveReply' })).json().appeal.status).toBe('reviewed');
    expect((await command(a.id, 'dispatcher', { type: 'visit', result: 'satisfied' })).json().appeal.status).toBe('visited');
    expect((await command(a.id, 'dispatcher', { type: 'close' })).json().appeal.status).toBe('closed');

    const detail = (await call('GET', `/api/appeals/${a.id}`, 'resident')).json().appeal;
    expect(detail.transitions.map((x: { command: string }) => x.command)).toEqual([
      'receive', 'queue', 'dispatch', 'accept', 'checkIn', 'start', 'reply', 'approveReply', 'visit', 'close',
    ]);
    expect(detail.callers[0]).toMatchObject({ phone: '139****1111', name: '周**', visitResult: 'satisfied' });
    expect(detail.allowedCommands).toEqual([]);
    // The photo is readable by whoever may see the case, and by nobody else.
    expect((await call('GET', `/api/files/${photo}`, 'community')).statusCode).toBe(200);
    expect((await call('GET', `/api/files/${photo}`, 'member')).statusCode).toBe(403);
    // Every accepted transition is audited.
    const [n] = await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where subject_id = ${a.id} and result = 'ok'`);
    expect(n!.n).toBe(1 + 7); // intake + seven commands given through the API
  });
});

describe('appeals: a joint case with a return request', () => {
  it('waits for every assisting department, and a refused return locks returning', async () => {
    const created = await call('POST', '/api/appeals', 'dispatcher', {
      categoryId: cat('0601').id, // 餐饮油烟: joint, ecology leads
      title: '餐馆油烟直排',
      description: '海甸五西路一家餐馆油烟直排，熏得居民不敢开窗',
      point: { lng: point[0], lat: point[1], crs: 'wgs84' },
      contact: { phone: '13900002222' },
    });
    const a = created.json().appeal;
    expect(a).toMatchObject({ status: 'pending_dispatch', channel: 'hotline' });
    const depts = (await call('GET', '/api/departments', 'dispatcher')).json().items as Array<{ id: string; code: string }>;
    const id = (code: string) => depts.find((d) => d.code === code)!.id;
    // The municipal department leads (our demo handler works there), ecology and market assist.
    const dispatched = await command(a.id, 'dispatcher', { type: 'dispatch', mode: 'joint', leadDepartmentId: id('municipal'), assistDepartmentIds: [id('ecology'), id('market')] });
    expect(dispatched.json().appeal).toMatchObject({ status: 'dispatched', mode: 'joint' });
    const ret = await command(a.id, 'dept', { type: 'requestReturn', reason: '不属于本部门职责' });
    expect(ret.statusCode).toBe(200);
    expect((await command(a.id, 'dept', { type: 'accept' })).json().error.code).toBe('request_pending');
    expect((await command(a.id, 'dispatcher', { type: 'rejectReturn', reason: '油烟扰民由牵头部门协调' })).json().appeal.status).toBe('dispatched');
    expect((await command(a.id, 'dept', { type: 'requestReturn', reason: '再次申请' })).json().error.code).toBe('dispatch_locked');
    await command(a.id, 'dept', { type: 'accept' });
    await command(a.id, 'dept', { type: 'start' });
    const tooEarly = await command(a.id, 'dept', { type: 'reply', reply: '已处理' });
    expect(tooEarly.json().error.code).toBe('assists_pending');
    expect(tooEarly.json().error.message).toContain('协办');
    // Our handler also works for ecology and market for this test: both assisting departments reply.
    const [dept] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = 'dept'`);
    await t.services.database.db.execute(sql`insert into department_members (department_id, user_id) values (${id('ecology')}, ${dept!.id}), (${id('market')}, ${dept!.id})`);
    expect((await command(a.id, 'dept', { type: 'assistReply', reply: '已检测油烟浓度' })).statusCode).toBe(200);
    expect((await command(a.id, 'dept', { type: 'assistReply', reply: '已核查营业执照' })).statusCode).toBe(200);
    expect((await command(a.id, 'dept', { type: 'reply', reply: '已责令安装油烟净化器' })).json().appeal.status).toBe('replied');
    const detail = (await call('GET', `/api/appeals/${a.id}`, 'dispatcher')).json().appeal;
    expect(detail.assignments.filter((x: { repliedAt: string | null }) => x.repliedAt).length).toBe(3);
  });

  it('a bounced case goes back to dispatch with its count raised, and earns supervision when bounced twice', async () => {
    const a = (await call('POST', '/api/appeals', 'dispatcher', { categoryId: cat('0301').id, title: '井盖缺失', description: '路口井盖缺失很危险', point: { lng: point[0], lat: point[1], crs: 'wgs84' } })).json().appeal;
    const depts = (await call('GET', '/api/departments', 'dispatcher')).json().items as Array<{ id: string; code: string }>;
    const municipal = depts.find((d) => d.code === 'municipal')!.id;
    for (let i = 1; i <= 2; i++) {
      await command(a.id, 'dispatcher', { type: 'dispatch', mode: 'department', leadDepartmentId: municipal });
      await command(a.id, 'dept', { type: 'requestReturn', reason: `第${i}次退单` });
      const approved = (await command(a.id, 'dispatcher', { type: 'approveReturn' })).json().appeal;
      expect(approved).toMatchObject({ status: 'pending_dispatch', bounceCount: i });
    }
    const after = (await call('GET', `/api/appeals/${a.id}`, 'dispatcher')).json().appeal;
    expect(after.supervision).toBe('urge');
  });
});

describe('appeals: intake rules', () => {
  it('a retried intake with the same Idempotency-Key returns the first case', async () => {
    const body = { categoryId: cat('0302').id, title: '路灯不亮', description: '海甸岛环岛路路灯不亮', point: { lng: point[0], lat: point[1], crs: 'wgs84' } };
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await call('POST', '/api/appeals', 'dispatcher', body, headers);
    const again = await call('POST', '/api/appeals', 'dispatcher', body, headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().appeal.id).toBe(first.json().appeal.id);
    expect(again.json().replayed).toBe(true);
  });

  it('suggests a similar open case nearby, and merging keeps every caller', async () => {
    const body = (desc: string) => ({ categoryId: cat('0201').id, title: '道路垃圾', description: desc, point: { lng: point[0], lat: point[1], crs: 'wgs84' }, contact: { phone: '13900003333' } });
    const first = (await call('POST', '/api/appeals', 'dispatcher', body('人民大道海甸五西路口人行道上堆满垃圾，好几天没人清扫'))).json().appeal;
    const second = (await call('POST', '/api/appeals', 'dispatcher', body('海甸五西路口人民大道人行道垃圾堆了好几天没有清扫'))).json();
    expect(second.duplicates.map((d: { id: string }) => d.id)).toContain(first.id);
    const merged = await command(second.appeal.id, 'dispatcher', { type: 'merge', into: first.id });
    expect(merged.json().appeal.status).toBe('merged');
    const target = (await call('GET', `/api/appeals/${first.id}`, 'dispatcher')).json().appeal;
    expect(target.callers).toHaveLength(2);
    expect(target.callers.filter((c: { merged: boolean }) => c.merged)).toHaveLength(1);
  });

  it('refuses a non-leaf category and a bad phone, naming the field, and writes nothing', async () => {
    const parent = categories.find((c) => c.code === '01')!;
    const before = (await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from appeals`))[0]!.n;
    const r1 = await call('POST', '/api/appeals', 'resident', { categoryId: parent.id, title: 'x', description: 'y' });
    expect(r1.json().error).toMatchObject({ code: 'category_not_leaf', field: 'categoryId' });
    const r2 = await call('POST', '/api/appeals', 'dispatcher', { categoryId: cat('0104').id, title: 'x', description: 'y', contact: { phone: '12345' } });
    expect(r2.json().error).toMatchObject({ code: 'phone_invalid', field: 'contact.phone' });
    const r3 = await call('POST', '/api/appeals', 'dispatcher', { categoryId: cat('0104').id, title: '', description: 'y' });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.field).toBe('title');
    const after = (await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from appeals`))[0]!.n;
    expect(after).toBe(before);
  });

  it('lets the reporter change anonymity later, and nobody else', async () => {
    const a = (await call('POST', '/api/appeals', 'resident', { categoryId: cat('0102').id, title: '邻居装修噪音', description: '楼上装修每天早上七点开始' })).json().appeal;
    expect((await call('POST', `/api/appeals/${a.id}/anonymity`, 'resident', { anonymous: true })).json().appeal.anonymous).toBe(true);
    expect((await call('POST', `/api/appeals/${a.id}/anonymity`, 'member', { anonymous: false })).statusCode).toBe(403);
  });
});

describe('appeals: deadlines', () => {
  it('marks warnings and overdues once each, and supervises overdue cases', async () => {
    const a = (await call('POST', '/api/appeals', 'dispatcher', { categoryId: cat('0703').id, title: '燃气泄漏味道', description: '楼道里有燃气味', point: { lng: point[0], lat: point[1], crs: 'wgs84' } })).json().appeal;
    await t.services.database.db.execute(sql`update appeals set warn_at = now() - interval '1 minute', due_by = now() - interval '1 second' where id = ${a.id}`);
    const first = await t.services.database.db.transaction((tx) => sweepDeadlines(t.services, tx));
    const second = await t.services.database.db.transaction((tx) => sweepDeadlines(t.services, tx));
    expect(first.warnings).toBeGreaterThanOrEqual(1);
    expect(first.overdues).toBeGreaterThanOrEqual(1);
    expect(second).toEqual({ warnings: 0, overdues: 0 });
    const detail = (await call('GET', `/api/appeals/${a.id}`, 'dispatcher')).json().appeal;
    expect(detail.supervision).toBe('supervise');
    const events = await t.services.database.rows<{ type: string; n: number }>(sql`select type, count(*)::int as n from events where subject_id = ${a.id} and type in ('appeal.warning','appeal.overdue') group by type order by type`);
    expect(events).toEqual([
      { type: 'appeal.overdue', n: 1 },
      { type: 'appeal.warning', n: 1 },
    ]);
  });
});

describe('appeals: configuration', () => {
  it('a routing rule for an area sends a category elsewhere there, and only there', async () => {
    const admin = await login(t.app, 'admin');
    tok.admin = admin;
    const depts = (await call('GET', '/api/departments', 'admin')).json().items as Array<{ id: string; code: string }>;
    const office = depts.find((d) => d.code === 'street_office')!.id;
    const rule = await call('POST', '/api/appeals/routing-rules', 'admin', { categoryId: cat('0205').id, regionId: p.in.street.id, mode: 'department', leadDepartmentId: office });
    expect(rule.statusCode).toBe(201);
    const inside = (await call('POST', '/api/appeals', 'dispatcher', { categoryId: cat('0205').id, title: '招牌松动', description: '商铺招牌松动', point: { lng: point[0], lat: point[1], crs: 'wgs84' } })).json().appeal;
    expect(inside.leadDepartmentId).toBe(office);
    const [other] = await t.services.database.rows<{ lng: number; lat: number }>(sql`select lng, lat from regions where id = ${p.out.building.id}`);
    const outside = (await call('POST', '/api/appeals', 'dispatcher', { categoryId: cat('0205').id, title: '招牌松动', description: '商铺招牌松动', point: { lng: other!.lng, lat: other!.lat, crs: 'wgs84' } })).json().appeal;
    expect(outside.leadDepartmentId).toBe(depts.find((d) => d.code === 'urban_enforcement')!.id);
  });

  it('imports a three-level taxonomy beside the default tree', async () => {
    const csv = ['level1,level2,level3', '城乡建设,安全生产,事故处理', '城乡建设,安全生产,安全隐患', '城乡建设,城市建设和市政管理,园林绿化环卫', '劳动和社会保障,劳动关系,欠薪'].join('\n');
    const res = await call('POST', '/api/appeals/categories/import', 'admin', { csv });
    expect(res.json()).toEqual({ created: 2 + 3 + 4 });
    const items = (await call('GET', '/api/appeals/categories', 'resident')).json().items as Array<{ name: string; level: number }>;
    expect(items.filter((c) => c.level === 3).map((c) => c.name)).toEqual(expect.arrayContaining(['事故处理', '安全隐患', '园林绿化环卫', '欠薪']));
    const bad = await call('POST', '/api/appeals/categories/import', 'admin', { csv: 'a,b\n1,2' });
    expect(bad.json().error).toMatchObject({ code: 'import_invalid', field: 'csv' });
  });

  it.runIf(existsSync(TAXONOMY))('imports the real 12345 taxonomy of the test data (15 + 118 + 517 classes)', async () => {
    const res = await call('POST', '/api/appeals/categories/import', 'admin', { csv: readFileSync(TAXONOMY, 'utf8') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 15 + 118 + 517 });
  });
});
