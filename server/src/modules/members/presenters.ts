import { desc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { maskIdNumber, maskPhone } from '../../platform/pii/mask.js';
import { regions } from '../regions/schema.js';
import { units } from '../units/schema.js';
import { partyOrgs } from '../orgs/schema.js';
import { dualReports, householdResidents, type HardshipFlag, type households, type partyMembers } from './schema.js';
import { ID_CONTEXT, PHONE_CONTEXT } from './member-input.js';
import { itemsOfMembers } from './menu.js';

export type MemberRow = typeof partyMembers.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;
export type ReportRow = typeof dualReports.$inferSelect;

const uniq = (xs: Array<string | null | undefined>) => [...new Set(xs.filter((x): x is string => !!x))];

/** Names of the regions, orgs and units a page of rows points at, one query each. */
export async function namesFor(db: DbOrTx, ids: { regions?: Array<string | null>; orgs?: Array<string | null>; units?: Array<string | null> }) {
  const r = uniq(ids.regions ?? []);
  const o = uniq(ids.orgs ?? []);
  const u = uniq(ids.units ?? []);
  const [rs, os, us] = await Promise.all([
    r.length ? db.select({ id: regions.id, name: regions.name }).from(regions).where(inArray(regions.id, r)) : [],
    o.length ? db.select({ id: partyOrgs.id, name: partyOrgs.name }).from(partyOrgs).where(inArray(partyOrgs.id, o)) : [],
    u.length ? db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, u)) : [],
  ]);
  const m = new Map<string, string>();
  for (const x of [...rs, ...os, ...us]) m.set(x.id, x.name);
  return (id: string | null) => (id ? (m.get(id) ?? null) : null);
}

/** Members as lists and forms show them: ID and phone numbers masked; the latest report's status. */
export async function presentMembers(db: DbOrTx, crypto: CryptoProvider, rows: readonly MemberRow[]) {
  const name = await namesFor(db, {
    regions: rows.flatMap((m) => [m.buildingId, m.gridId]),
    orgs: rows.flatMap((m) => [m.orgId, m.branchOrgId]),
    units: rows.map((m) => m.unitId),
  });
  const ids = rows.map((m) => m.id);
  const reports = [];
  for (let i = 0; i < ids.length; i += 5000) {
    reports.push(
      ...(await db
        .select({ memberId: dualReports.memberId, status: dualReports.status, createdAt: dualReports.createdAt })
        .from(dualReports)
        .where(inArray(dualReports.memberId, ids.slice(i, i + 5000)))
        .orderBy(desc(dualReports.createdAt))),
    );
  }
  const items = await itemsOfMembers(db, ids);
  const latest = new Map<string, string>();
  for (const r of reports) if (r.memberId && !latest.has(r.memberId)) latest.set(r.memberId, r.status);
  return rows.map((m) => ({
    id: m.id,
    userId: m.userId,
    name: m.name,
    idNumberMasked: maskIdNumber(crypto.decrypt(m.idNumberEnc, ID_CONTEXT)),
    phoneMasked: m.phoneEnc ? maskPhone(crypto.decrypt(m.phoneEnc, PHONE_CONTEXT)) : null,
    gender: m.gender,
    birthDate: m.birthDate,
    standing: m.standing,
    joinDate: m.joinDate,
    kind: m.kind,
    orgId: m.orgId,
    orgName: name(m.orgId),
    unitId: m.unitId,
    unitName: name(m.unitId),
    address: m.address,
    buildingId: m.buildingId,
    buildingName: name(m.buildingId),
    gridId: m.gridId,
    gridName: name(m.gridId),
    branchOrgId: m.branchOrgId,
    branchOrgName: name(m.branchOrgId),
    skills: m.skills,
    serviceItems: items.get(m.id) ?? [],
    reportStatus: latest.get(m.id) ?? null,
    version: m.version,
    createdAt: m.createdAt.toISOString(),
  }));
}

export type PresentedMember = Awaited<ReturnType<typeof presentMembers>>[number];

/** Households with their residents; hardship flags only for those who may see them (else null, `hardshipMasked`). */
export async function presentHouseholds(db: DbOrTx, rows: readonly HouseholdRow[], seeHardship: boolean) {
  const ids = rows.map((h) => h.id);
  const [people, name] = await Promise.all([
    ids.length ? db.select().from(householdResidents).where(inArray(householdResidents.householdId, ids)) : [],
    namesFor(db, { regions: rows.map((h) => h.buildingId) }),
  ]);
  return rows.map((h) => ({
    id: h.id,
    buildingId: h.buildingId,
    buildingName: name(h.buildingId),
    address: h.address,
    hardship: seeHardship ? (h.hardship as HardshipFlag[]) : null,
    hardshipMasked: !seeHardship,
    note: seeHardship ? h.note : null,
    residents: people
      .filter((p) => p.householdId === h.id)
      .map((p) => ({ id: p.id, name: p.name, relation: p.relation, birthYear: p.birthYear, userId: p.userId })),
    version: h.version,
    createdAt: h.createdAt.toISOString(),
  }));
}

/** Reports with the names they point at (the member's name, the unit's, the community's, grid, branch). */
export async function presentReports(db: DbOrTx, rows: readonly ReportRow[], memberNames: Map<string, string>) {
  const name = await namesFor(db, {
    regions: rows.flatMap((r) => [r.communityId, r.gridId, r.buildingId]),
    orgs: rows.map((r) => r.branchOrgId),
    units: rows.map((r) => r.unitId),
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    memberId: r.memberId,
    memberName: r.memberId ? (memberNames.get(r.memberId) ?? null) : null,
    unitId: r.unitId,
    unitName: name(r.unitId),
    communityId: r.communityId,
    communityName: name(r.communityId),
    channel: r.channel,
    address: r.address,
    buildingId: r.buildingId,
    buildingName: name(r.buildingId),
    gridId: r.gridId,
    gridName: name(r.gridId),
    branchOrgId: r.branchOrgId,
    branchOrgName: name(r.branchOrgId),
    status: r.status,
    reason: r.reason,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}
