import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, unique, type Places } from './helpers/fixtures.js';
import { makeIdNumber } from '../src/platform/pii/id-number.js';
import { partyOrgs } from '../src/modules/orgs/schema.js';
import { units } from '../src/modules/units/schema.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
const orgName = unique('新安社区第一党支部');
const unitName = unique('新安测试公司');
const outUnitName = unique('秀英测试公司');
let buildingCode = '';

const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const HEADERS = ['姓名*', '身份证号*', '手机号', '性别', '出生日期', '党员身份*', '入党日期*', '所属党组织', '工作单位', '党员类别*', '居住地址', '居住楼栋', '技能特长'];

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['community', 'grid', 'resident']) tok[u] = await login(t.app, u);
  const db = t.services.database.db;
  await db.insert(partyOrgs).values({ cityId: t.seed.cityId, kind: 'branch', name: orgName, regionId: p.in.community.id, regionPath: p.in.community.path });
  await db.insert(units).values([
    { cityId: t.seed.cityId, regionId: p.in.community.id, regionPath: p.in.community.path, kind: 'enterprise', name: unitName },
    { cityId: t.seed.cityId, regionId: p.out.community.id, regionPath: p.out.community.path, kind: 'enterprise', name: outUnitName },
  ]);
  buildingCode = (await rows<{ code: string }>(sql`select code from regions where id = ${p.in.building.id}`))[0]!.code;
}, 120_000);
afterAll(async () => t?.close());

/** Row i's ID number: a different birth date per row. */
const idOf = (i: number) => {
  const d = new Date(Date.UTC(1960, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return makeIdNumber('350525', d, 100 + (i % 800));
};

async function workbook(data: Array<Array<string | Date | null>>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(HEADERS);
  for (const r of data) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (who: string, body: Buffer) => t.app.inject({ method: 'POST', url: '/api/members/import', headers: { ...bearer(tok[who]!), 'content-type': XLSX }, payload: body });

describe('Excel import and export of members', () => {
  it('gives a template with Chinese headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/members/import/template', headers: bearer(tok.community!) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(HEADERS);
    expect(wb.worksheets[1]!.name).toBe('填写说明');
  });

  it('imports 5,000 rows: exactly the 50 bad ones are reported with field and reason, 4,950 are added', async () => {
    // Members already in the register, whose ID numbers five rows repeat (one each).
    const existing = [1, 2, 3, 4, 5].map((n) => makeIdNumber('460106', `1970010${n}`, 11));
    for (const [n, idNumber] of existing.entries()) {
      const pre = await t.app.inject({
        method: 'POST',
        url: '/api/members',
        headers: bearer(tok.community!),
        payload: { name: `已有党员${n}`, idNumber, standing: 'formal', joinDate: '2000-01-01', kind: 'retired', buildingId: p.in.building.id },
      });
      expect(pre.statusCode, pre.body).toBe(201);
    }
    let taken = 0;

    type Bad = { field: string; code: string; break: (r: Array<string | Date | null>, i: number) => void };
    const kinds: Bad[] = [
      { field: 'idNumber', code: 'id_number_invalid', break: (r) => void (r[1] = String(r[1]).slice(0, 17) + (String(r[1]).endsWith('0') ? '1' : '0')) },
      { field: 'phone', code: 'phone_invalid', break: (r) => void (r[2] = '1234567') },
      { field: 'standing', code: 'import_choice', break: (r) => void (r[5] = '党员') },
      { field: 'joinDate', code: 'date_invalid', break: (r) => void (r[6] = '2020-13-01') },
      { field: 'kind', code: 'import_choice', break: (r) => void (r[9] = '在岗') },
      { field: 'org', code: 'import_not_found', break: (r) => void (r[7] = '不存在的党支部') },
      { field: 'unit', code: 'import_not_found', break: (r) => void (r[8] = outUnitName) }, // outside the caller's area
      { field: 'idNumber', code: 'import_duplicate_in_file', break: (r, i) => void (r[1] = idOf(i - 37)) },
      { field: 'idNumber', code: 'member_id_number_taken', break: (r) => void (r[1] = existing[taken++]!) },
      { field: 'name', code: 'import_required', break: (r) => void (r[0] = null) },
    ];
    const data: Array<Array<string | Date | null>> = [];
    const expected = new Map<number, { field: string; code: string }>();
    for (let i = 0; i < 5000; i++) {
      const r: Array<string | Date | null> = [
        `党员${i}`,
        idOf(i),
        i % 3 ? `139${String(i).padStart(8, '0')}` : null,
        null,
        null,
        i % 7 ? '正式' : '预备',
        i % 2 ? new Date(Date.UTC(2001, i % 12, 1 + (i % 28))) : `2001/${(i % 12) + 1}/${1 + (i % 28)}`,
        i % 4 === 0 ? orgName : null,
        i % 4 === 1 ? unitName : null,
        ['在职', '退休', '流动', '候鸟'][i % 4]!,
        `新安社区 ${i} 号`,
        i % 4 >= 2 ? (i % 8 < 4 ? buildingCode : p.in.building.name) : null,
        i % 5 ? '电工、法律咨询' : null,
      ];
      // Every 100th row from row 50 on is broken, each kind five times.
      if (i >= 50 && (i - 50) % 100 === 0) {
        const k = kinds[((i - 50) / 100) % kinds.length]!;
        k.break(r, i);
        expected.set(i + 2, { field: k.field, code: k.code });
      }
      data.push(r);
    }
    expect(expected.size).toBe(50);
    const body = await workbook(data);
    const before = (await rows<{ n: number }>(sql`select count(*)::int as n from party_members`))[0]!.n;
    const started = Date.now();
    const res = await upload('community', body);
    const ms = Date.now() - started;
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const report = res.json() as { total: number; imported: number; failed: Array<{ row: number; errors: Array<{ field: string; column: string; code: string; message: Record<string, string> }> }> };
    console.log(`members import: 5,000 rows in ${ms} ms`);
    expect(ms).toBeLessThan(20_000);
    expect(report.total).toBe(5000);
    expect(report.imported).toBe(4950);
    expect(report.failed.map((f) => f.row)).toEqual([...expected.keys()]);
    for (const f of report.failed) {
      expect(f.errors.map((e) => ({ field: e.field, code: e.code })), `row ${f.row}`).toEqual([expected.get(f.row)]);
      expect(f.errors[0]!.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(f.errors[0]!.message.en).toMatch(/[A-Za-z]/);
    }
    expect(report.failed.find((f) => f.errors[0]!.code === 'import_duplicate_in_file')!.errors[0]!.column).toBe('身份证号');
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from party_members`))[0]!.n).toBe(before + 4950);
    // Stored encrypted; read back masked; places resolved.
    const list = await t.app.inject({ method: 'GET', url: '/api/members?q=党员4999', headers: bearer(tok.community!) });
    expect(list.json().items[0]).toMatchObject({ name: '党员4999', kind: 'seasonal', buildingId: p.in.building.id, phoneMasked: '139****4999', skills: ['电工', '法律咨询'] });
    const one = await t.app.inject({ method: 'GET', url: '/api/members?q=党员4', headers: bearer(tok.community!) });
    const m4 = one.json().items.find((m: { name: string }) => m.name === '党员4');
    expect(m4).toMatchObject({ orgName, standing: 'formal', joinDate: '2001-05-05', skills: ['电工', '法律咨询'], gender: expect.stringMatching(/^[MF]$/) });
    const [raw] = await rows<{ n: number }>(sql`select count(*)::int as n from party_members where id_number_enc like ${'%' + idOf(4) + '%'}`);
    expect(raw!.n).toBe(0);
    const [audit] = await rows<{ detail: Record<string, number> }>(sql`select detail from audit_log where action = 'members.import' and result = 'ok' order by id desc limit 1`);
    expect(audit!.detail).toEqual({ rows: 5000, imported: 4950, failed: 50 });

    // The same file again: every row is now a duplicate of the register (or invalid as before); nothing is added.
    const again = await upload('community', body);
    expect(again.json().imported).toBe(0);
    expect(again.json().failed).toHaveLength(5000);
  }, 120_000);

  it('refuses a file that is not a workbook, or lacks a required column, and callers without the role', async () => {
    const notXlsx = await upload('community', Buffer.from('hello'));
    expect([notXlsx.statusCode, notXlsx.json().error.code]).toEqual([400, 'import_invalid']);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['姓名', '身份证号']);
    const missing = await upload('community', Buffer.from(await wb.xlsx.writeBuffer()));
    expect([missing.statusCode, missing.json().error.field]).toEqual([400, 'standing']);
    const json = await t.app.inject({ method: 'POST', url: '/api/members/import', headers: bearer(tok.community!), payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    expect((await upload('grid', await workbook([]))).statusCode).toBe(403);
  });

  it('exports members in scope masked, and unmasked only for those who may (audited)', async () => {
    const read = async (who: string, unmask: boolean) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/members/export?unmask=${unmask}`, headers: { ...bearer(tok[who]!), 'x-request-id': `export-${who}-${unmask}` } });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const found = new Map<string, string>();
      ws.eachRow((r, n) => {
        if (n > 1) found.set(String(r.getCell(1).value), String(r.getCell(2).value));
      });
      return found;
    };
    const masked = await read('community', false);
    expect(masked.size).toBe(4955);
    expect(masked.get('党员10')).toMatch(/^350\*{11}\w{4}$/);
    const clear = await read('community', true);
    expect(clear.get('党员10')).toBe(idOf(10));
    const [a] = await rows<{ action: string; detail: Record<string, unknown> }>(sql`select action, detail from audit_log where request_id = 'export-community-true'`);
    expect(a).toMatchObject({ action: 'members.export_unmasked', detail: { rows: 4955 } });
    const grid = await read('grid', true);
    expect(grid.get('党员10') ?? '').not.toBe(idOf(10));
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where request_id = 'export-grid-true'`))[0]!.n).toBe(0);
  });
});
