import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { TestContext } from './harness.js';
import { unique, type Actor, type Places } from './fixtures.js';
import { makeIdNumber, validateIdNumber } from '../../src/platform/pii/id-number.js';
import { piiColumns } from '../../src/modules/members/member-input.js';
import { dualReports, households, memberHouseholds, memberVisits, partyMembers } from '../../src/modules/members/schema.js';
import { units } from '../../src/modules/units/schema.js';

let n = 0;
/** A fresh valid ID number (a different birth date each call). */
export const freshIdNumber = () => makeIdNumber('460106', new Date(Date.UTC(1950, 0, 1) + n++ * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''), 201);

const userIdOf = async (t: TestContext, username: string) => (await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`))[0]!.id;

/** A member directly in the register (no API), living in the "in" building unless `at` says otherwise; linked to `username`. */
export async function makeMember(t: TestContext, p: Places, opts: { username?: string; at?: { id: string; path: string }; unitId?: string } = {}) {
  const at = opts.at ?? p.in.building;
  const idNumber = freshIdNumber();
  const id = validateIdNumber(idNumber) as { birthDate: string; gender: 'M' | 'F' };
  const [m] = await t.services.database.db
    .insert(partyMembers)
    .values({
      cityId: t.seed.cityId,
      userId: opts.username ? await userIdOf(t, opts.username) : null,
      name: unique('党员'),
      ...piiColumns(t.services.crypto, idNumber, null),
      gender: id.gender,
      birthDate: id.birthDate,
      standing: 'formal',
      joinDate: '2005-07-01',
      kind: 'employed',
      unitId: opts.unitId ?? null,
      buildingId: at.id,
      regionPath: at.path,
    })
    .returning();
  return m!;
}

/** The member record of an actor's account (created once), with no report waiting for a decision. */
export async function ownMemberRecord(t: TestContext, p: Places, who: Actor) {
  const uid = await userIdOf(t, who.username);
  const [m] = await t.services.database.rows<{ id: string }>(sql`select id from party_members where user_id = ${uid}`);
  const id = m?.id ?? (await makeMember(t, p, { username: who.username, at: who.scope === 'in' ? p.in.building : p.out.building })).id;
  await t.services.database.db.execute(sql`update dual_reports set status = 'rejected', reason = 'matrix' where member_id = ${id} and status = 'reported'`);
  return id;
}

/** A pending report of a fresh member to the "in" community, in the "in" grid. */
export async function pendingReport(t: TestContext, p: Places) {
  const m = await makeMember(t, p);
  const [r] = await t.services.database.db
    .insert(dualReports)
    .values({ cityId: t.seed.cityId, kind: 'member', memberId: m.id, communityId: p.in.community.id, regionPath: p.in.community.path, channel: 'offline', gridId: p.in.grid.id, buildingId: p.in.building.id })
    .returning();
  return r!.id;
}

/** A unit in the "in" community. */
export async function makeUnit(t: TestContext, p: Places) {
  const [u] = await t.services.database.db
    .insert(units)
    .values({ cityId: t.seed.cityId, regionId: p.in.community.id, regionPath: p.in.community.path, kind: 'enterprise', name: unique('共建单位') })
    .returning({ id: units.id });
  return u!.id;
}

/** A household in the "in" building. */
export async function makeHousehold(t: TestContext, p: Places) {
  const [h] = await t.services.database.db
    .insert(households)
    .values({ cityId: t.seed.cityId, buildingId: p.in.building.id, regionPath: p.in.building.path, address: unique('1栋'), hardship: ['hardship'] })
    .returning({ id: households.id });
  return h!.id;
}

let workbook: Buffer | null = null;
/** A one-row member workbook for the import route (its row points at the "in" building). */
export async function memberWorkbook(p: Places) {
  if (workbook) return workbook;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(['姓名', '身份证号', '党员身份', '入党日期', '党员类别', '居住楼栋']);
  ws.addRow(['矩阵党员', freshIdNumber(), '正式', '2010-01-01', '在职', p.in.building.code]);
  workbook = Buffer.from(await wb.xlsx.writeBuffer());
  return workbook;
}
export const XLSX_HEADERS = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** Links a member to a fresh household of the "in" building; returns the household id. */
export async function linkedHousehold(t: TestContext, p: Places, memberId: string) {
  const householdId = await makeHousehold(t, p);
  await t.services.database.db.insert(memberHouseholds).values({ memberId, householdId });
  return householdId;
}

/** A visit with a follow-up, made by a fresh member (no account) to a household of the "in" building. */
export async function visitWithFollowUp(t: TestContext, p: Places) {
  const m = await makeMember(t, p);
  const householdId = await linkedHousehold(t, p, m.id);
  const [v] = await t.services.database.db
    .insert(memberVisits)
    .values({ cityId: t.seed.cityId, memberId: m.id, householdId, regionPath: p.in.building.path, type: 'dispute', visitedOn: '2026-01-05', followUp: '邻里漏水纠纷需物业处理', followUpStatus: 'open' })
    .returning({ id: memberVisits.id });
  return v!.id;
}

/** A category and an item of the city's service menu (the demo installs the default menu). */
export async function menuItem(t: TestContext) {
  const [i] = await t.services.database.rows<{ id: string; category_id: string }>(sql`select id, category_id from service_items where city_id = ${t.seed.cityId} order by code limit 1`);
  return { itemId: i!.id, categoryId: i!.category_id };
}
