import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places } from './helpers/fixtures.js';
import { makeIdNumber } from '../src/platform/pii/id-number.js';

let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['admin', 'community', 'grid', 'orgdept', 'street', 'resident', 'member']) tok[u] = await login(t.app, u);
}, 120_000);
afterAll(async () => t?.close());

const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const ID = makeIdNumber('460106', '19850312', 123);
const base = () => ({ name: '王建国', idNumber: ID, phone: '13907551234', standing: 'formal', joinDate: '2008-07-01', kind: 'employed', buildingId: p.in.building.id, skills: ['电工'] });

describe('the member register', () => {
  let memberId = '';
  it('adds a member with encrypted personal data, answers masked, unmasks with an audit row', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/members', headers: bearer(tok.community!), payload: base() });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json().member;
    memberId = m.id;
    expect(m).toMatchObject({ name: '王建国', idNumberMasked: '460***********' + ID.slice(14), phoneMasked: '139****1234', gender: 'M', birthDate: '1985-03-12', standing: 'formal', kind: 'employed', buildingId: p.in.building.id, gridId: p.in.grid.id, reportStatus: null });
    expect(res.body).not.toContain(ID);
    const [stored] = await rows<Record<string, unknown>>(sql`select * from party_members where id = ${memberId}`);
    expect(JSON.stringify(stored)).not.toContain(ID);
    expect(JSON.stringify(stored)).not.toContain('13907551234');
    expect(t.logs.join('')).not.toContain(ID);

    const pii = await t.app.inject({ method: 'GET', url: `/api/members/${memberId}/pii`, headers: { ...bearer(tok.community!), 'x-request-id': 'members-pii-1' } });
    expect(pii.json()).toEqual({ idNumber: ID, phone: '13907551234' });
    const [a] = await rows<{ action: string }>(sql`select action from audit_log where request_id = 'members-pii-1'`);
    expect(a!.action).toBe('members.pii_read');
    // The grid worker reads the register (masked) but not the personal data.
    expect((await t.app.inject({ method: 'GET', url: `/api/members/${memberId}`, headers: bearer(tok.grid!) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/members/${memberId}/pii`, headers: bearer(tok.grid!) })).statusCode).toBe(403);
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const before = (await rows<{ n: number }>(sql`select count(*)::int as n from party_members`))[0]!.n;
    const bad: Array<[Record<string, unknown>, number, string, string]> = [
      [{ idNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') }, 400, 'idNumber', 'id_number_invalid'],
      [{ idNumber: makeIdNumber('460106', '19900101', 7) }, 409, 'idNumber', 'member_id_number_taken'], // not taken: changes below
      [{ phone: '12345' }, 400, 'phone', 'phone_invalid'],
      [{ joinDate: '1980-01-01' }, 400, 'joinDate', 'member_join_date_invalid'],
      [{ gender: 'F' }, 400, 'gender', 'member_gender_mismatch'],
      [{ standing: 'candidate' }, 400, 'standing', 'validation'],
      [{ buildingId: p.out.building.id }, 404, 'buildingId', 'not_found'],
      [{ buildingId: p.in.grid.id }, 400, 'buildingId', 'member_not_a_building'],
      [{ buildingId: null }, 400, 'buildingId', 'member_place_required'],
      [{}, 409, 'idNumber', 'member_id_number_taken'],
    ];
    bad.splice(1, 1);
    for (const [change, status, field, code] of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/members', headers: bearer(tok.community!), payload: { ...base(), ...change } });
      expect([res.statusCode, res.json().error.field, res.json().error.code], JSON.stringify(change)).toEqual([status, field, code]);
    }
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from party_members`))[0]!.n).toBe(before);
  });

  it('lists members in scope only, and changes one with a version check', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/members?q=王建国', headers: bearer(tok.street!) });
    expect(list.json().total).toBe(1);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'x' } });
    expect(out.statusCode).toBe(401);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/members/${memberId}`, headers: bearer(tok.community!), payload: { standing: 'probationary', version: 0 } });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().member).toMatchObject({ standing: 'probationary', version: 1, idNumberMasked: expect.stringMatching(/^460\*+/) });
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/members/${memberId}`, headers: bearer(tok.community!), payload: { kind: 'retired', version: 0 } });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'member_changed']);
  });

  it('keeps households with hardship flags visible only to those who serve them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/households',
      headers: bearer(tok.community!),
      payload: { buildingId: p.in.building.id, address: '1栋101', hardship: ['elderly_alone', 'hardship'], note: '独居老人，行动不便', residents: [{ name: '李奶奶', relation: 'head', birthYear: 1941 }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().household.id;
    const grid = await t.app.inject({ method: 'GET', url: `/api/households/${id}`, headers: bearer(tok.grid!) });
    expect(grid.json().household).toMatchObject({ hardship: ['elderly_alone', 'hardship'], hardshipMasked: false, residents: [{ name: '李奶奶', relation: 'head' }] });
    const od = await t.app.inject({ method: 'GET', url: `/api/households/${id}`, headers: bearer(tok.orgdept!) });
    expect(od.json().household).toMatchObject({ hardship: null, hardshipMasked: true, note: null });
    const odList = await t.app.inject({ method: 'GET', url: '/api/households?hardship=elderly_alone', headers: bearer(tok.orgdept!) });
    expect(odList.json().total).toBe(0);
    const gList = await t.app.inject({ method: 'GET', url: '/api/households?hardship=elderly_alone', headers: bearer(tok.grid!) });
    expect(gList.json().total).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: `/api/households/${id}`, headers: bearer(tok.resident!) })).statusCode).toBe(403);
  });
});
