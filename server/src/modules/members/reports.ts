import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { inSubtree } from '../../platform/access/scope.js';
import { roleGrants } from '../../platform/access/schema.js';
import { accessChanged } from '../../platform/access/changes.js';
import { regions } from '../regions/schema.js';
import { partyOrgs } from '../orgs/schema.js';
import { dualReports, partyMembers } from './schema.js';
import type { MemberRow, ReportRow } from './presenters.js';

type RegionRef = { id: string; path: string; level: string; cityId: string; parentId: string | null };

async function region(tx: Tx, id: string): Promise<RegionRef | undefined> {
  return (
    await tx
      .select({ id: regions.id, path: regions.path, level: regions.level, cityId: regions.cityId, parentId: regions.parentId })
      .from(regions)
      .where(eq(regions.id, id))
      .limit(1)
  )[0];
}

/** The community a report is made to, in the caller's city. */
export async function communityById(tx: Tx, cityId: string, id: string, field = 'communityId') {
  const c = await region(tx, id);
  if (!c || c.cityId !== cityId) throw notFound('region', field);
  if (c.level !== 'community') throw badRequest('report_not_a_community', field);
  return c;
}

/** A region of the given level inside the community (a grid or a building), or 400 naming the field. */
async function inside(tx: Tx, community: RegionRef, id: string, level: 'grid' | 'building', field: string) {
  const r = await region(tx, id);
  if (!r || r.cityId !== community.cityId) throw notFound('region', field);
  if (r.level !== level || !inSubtree(r.path, community.path)) throw badRequest('report_place_outside', field, { level });
  return r;
}

export interface MemberReportInput {
  communityId: string;
  buildingId?: string | null;
  gridId?: string | null;
  address?: string | null;
}

/** A member reports to the community where they live (online), or the community enters it (offline). */
export async function fileMemberReport(tx: Tx, member: MemberRow, input: MemberReportInput, channel: 'online' | 'offline', reportedBy: string) {
  const community = await communityById(tx, member.cityId, input.communityId);
  const building = input.buildingId ? await inside(tx, community, input.buildingId, 'building', 'buildingId') : null;
  const grid = input.gridId ? await inside(tx, community, input.gridId, 'grid', 'gridId') : null;
  if (building && grid && building.parentId !== grid.id) throw badRequest('report_place_outside', 'gridId', { level: 'grid' });
  const open = await tx.select({ id: dualReports.id }).from(dualReports).where(and(eq(dualReports.memberId, member.id), eq(dualReports.status, 'reported'))).limit(1);
  if (open.length) throw conflict('report_pending', 'memberId');
  const [r] = await tx
    .insert(dualReports)
    .values({
      cityId: member.cityId,
      kind: 'member',
      memberId: member.id,
      communityId: community.id,
      regionPath: community.path,
      channel,
      address: input.address ?? null,
      buildingId: building?.id ?? null,
      gridId: grid?.id ?? building?.parentId ?? null,
      reportedBy,
    })
    .onConflictDoNothing() // a concurrent report of the same member won the race
    .returning();
  if (!r) throw conflict('report_pending', 'memberId');
  return r;
}

/** A unit reports to the community where it sits (the community above the unit's region). */
export async function fileUnitReport(tx: Tx, unit: { id: string; cityId: string; regionPath: string }, community: RegionRef | null, channel: 'online' | 'offline', reportedBy: string) {
  if (!community) throw badRequest('report_no_community', 'unitId');
  const open = await tx.select({ id: dualReports.id }).from(dualReports).where(and(eq(dualReports.unitId, unit.id), eq(dualReports.kind, 'unit'), eq(dualReports.status, 'reported'))).limit(1);
  if (open.length) throw conflict('report_pending', 'unitId');
  const [r] = await tx
    .insert(dualReports)
    .values({ cityId: unit.cityId, kind: 'unit', unitId: unit.id, communityId: community.id, regionPath: community.path, channel, reportedBy })
    .onConflictDoNothing()
    .returning();
  if (!r) throw conflict('report_pending', 'unitId');
  return r;
}

async function lockPending(tx: Tx, id: string) {
  const [r] = await tx.select().from(dualReports).where(eq(dualReports.id, id)).for('update');
  if (!r) throw notFound('report');
  if (r.status !== 'reported') throw new AppError(409, 'report_not_pending', 'report decided already', undefined, { status: r.status });
  return r;
}

/**
 * Approves a report. A member lands in their grid (the one given, else the report's) and the community's branch
 * (兼合式党支部: the one given, else the community's only compound or joint branch, if there is exactly one); an
 * earlier approved report becomes `superseded` (moving house); an account linked to the member gets the `member`
 * grant at the grid. A unit's earlier approved report is superseded likewise.
 */
export async function approveReport(tx: Tx, id: string, input: { gridId?: string | null; branchOrgId?: string | null }, decidedBy: string) {
  const r = await lockPending(tx, id);
  const community = (await region(tx, r.communityId))!;
  const now = new Date();
  const previous = and(ne(dualReports.id, r.id), eq(dualReports.status, 'approved'), r.kind === 'member' ? eq(dualReports.memberId, r.memberId!) : and(eq(dualReports.kind, 'unit'), eq(dualReports.unitId, r.unitId!)));
  let granted = false;
  let branchOrgId: string | null = null;
  let gridId: string | null = null;
  if (r.kind === 'member') {
    const gid = input.gridId ?? r.gridId;
    if (!gid) throw badRequest('report_grid_required', 'gridId');
    const grid = await inside(tx, community, gid, 'grid', 'gridId');
    if (r.buildingId && input.gridId && input.gridId !== r.gridId) throw badRequest('report_place_outside', 'gridId', { level: 'grid' });
    gridId = grid.id;
    branchOrgId = await branchFor(tx, community, input.branchOrgId ?? null);
    const building = r.buildingId ? await region(tx, r.buildingId) : undefined;
    const [m] = await tx.select().from(partyMembers).where(eq(partyMembers.id, r.memberId!)).for('update');
    await tx
      .update(partyMembers)
      .set({
        gridId: grid.id,
        buildingId: building?.id ?? null,
        address: r.address ?? m!.address,
        branchOrgId,
        regionPath: building?.path ?? grid.path,
        version: m!.version + 1,
        updatedAt: now,
      })
      .where(eq(partyMembers.id, m!.id));
    if (m!.userId) {
      const ins = await tx
        .insert(roleGrants)
        .values({ cityId: m!.cityId, userId: m!.userId, role: 'member', regionId: grid.id, regionPath: grid.path, createdBy: decidedBy })
        .onConflictDoNothing()
        .returning({ id: roleGrants.id });
      granted = ins.length > 0;
      if (granted) accessChanged();
    }
  } else if (input.gridId || input.branchOrgId) {
    throw badRequest('report_unit_no_grid', input.gridId ? 'gridId' : 'branchOrgId');
  }
  const superseded = await tx.update(dualReports).set({ status: 'superseded', updatedAt: now }).where(previous).returning({ id: dualReports.id });
  const [u] = await tx
    .update(dualReports)
    .set({ status: 'approved', gridId: gridId ?? r.gridId, branchOrgId, decidedBy, decidedAt: now, updatedAt: now })
    .where(eq(dualReports.id, r.id))
    .returning();
  return { report: u!, granted, superseded: superseded.map((s) => s.id) };
}

/** The community's branch for reported members: the one named (in the community), else its only compound/joint one. */
async function branchFor(tx: Tx, community: RegionRef, branchOrgId: string | null): Promise<string | null> {
  if (branchOrgId) {
    const [o] = await tx.select({ id: partyOrgs.id, path: partyOrgs.regionPath }).from(partyOrgs).where(eq(partyOrgs.id, branchOrgId)).limit(1);
    if (!o) throw notFound('org', 'branchOrgId');
    if (!inSubtree(o.path, community.path)) throw badRequest('report_branch_outside', 'branchOrgId');
    return o.id;
  }
  const rows = await tx
    .select({ id: partyOrgs.id, path: partyOrgs.regionPath })
    .from(partyOrgs)
    .where(and(eq(partyOrgs.cityId, community.cityId), inArray(partyOrgs.special, ['compound', 'joint'])));
  const mine = rows.filter((o) => inSubtree(o.path, community.path));
  return mine.length === 1 ? mine[0]!.id : null;
}

/** Rejects a pending report with a reason; the member or unit may report again. */
export async function rejectReport(tx: Tx, id: string, reason: string, decidedBy: string): Promise<ReportRow> {
  const r = await lockPending(tx, id);
  const now = new Date();
  const [u] = await tx.update(dualReports).set({ status: 'rejected', reason, decidedBy, decidedAt: now, updatedAt: now }).where(eq(dualReports.id, r.id)).returning();
  return u!;
}
