import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { departments } from '../departments/schema.js';
import { fenToYuan, type CycleRow } from './cycle-access.js';
import { pbComments, pbProjects } from './schema.js';

export type ProjectRow = typeof pbProjects.$inferSelect;

/** A cycle as every answer shows it (amounts in yuan). */
export function presentCycle(c: CycleRow) {
  return {
    id: c.id,
    regionId: c.regionId,
    title: c.title,
    budgetYuan: fenToYuan(c.budgetFen),
    voteType: c.voteType,
    pointsPerVoter: c.pointsPerVoter,
    rule: c.rule,
    voterBasis: c.voterBasis,
    phase: c.phase,
    phaseDates: c.phaseDates,
    countedAt: c.countedAt?.toISOString() ?? null,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    version: c.version,
  };
}

/** The first 140 characters (code points) of a description, for lists. */
const summaryOf = (text: string) => Array.from(text).slice(0, 140).join('');

/**
 * Projects as lists show them (the API's ProjectSummary), with what they point at — the department's name, the
 * number of the project a proposal was merged into, the number of comments — looked up in one query each.
 */
export async function summariseProjects(db: DbOrTx, rows: readonly ProjectRow[]) {
  const deptIds = [...new Set(rows.map((p) => p.departmentId).filter((x): x is string => !!x))];
  const intoIds = [...new Set(rows.map((p) => p.mergedIntoId).filter((x): x is string => !!x))];
  const ids = rows.map((p) => p.id);
  const [depts, into, comments] = await Promise.all([
    deptIds.length ? db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, deptIds)) : [],
    intoIds.length ? db.select({ id: pbProjects.id, number: pbProjects.number }).from(pbProjects).where(inArray(pbProjects.id, intoIds)) : [],
    ids.length
      ? db
          .select({ id: pbComments.projectId, n: sql<number>`count(*)::int` })
          .from(pbComments)
          .where(inArray(pbComments.projectId, ids))
          .groupBy(pbComments.projectId)
      : [],
  ]);
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  const intoNumber = new Map(into.map((p) => [p.id, p.number]));
  const commentCount = new Map(comments.map((c) => [c.id, Number(c.n)]));
  return rows.map((p) => ({
    id: p.id,
    number: p.number,
    title: p.title,
    status: p.status,
    costYuan: p.officialCostFen === null ? null : fenToYuan(p.officialCostFen),
    estimatedCostYuan: fenToYuan(p.estimatedCostFen),
    summary: summaryOf(p.description),
    proposerKind: p.proposerKind,
    proposerName: p.proposerName,
    address: p.address,
    point: p.lng !== null && p.lat !== null ? { lng: p.lng, lat: p.lat } : null,
    photos: p.photos,
    departmentId: p.departmentId,
    departmentName: p.departmentId ? (deptName.get(p.departmentId) ?? null) : null,
    mergedIntoNumber: p.mergedIntoId ? (intoNumber.get(p.mergedIntoId) ?? null) : null,
    rejectionReason: p.rejectionReason,
    commentCount: commentCount.get(p.id) ?? 0,
  }));
}

export type ProjectSummary = Awaited<ReturnType<typeof summariseProjects>>[number];

export const summariseProject = async (db: DbOrTx, p: ProjectRow): Promise<ProjectSummary> => (await summariseProjects(db, [p]))[0]!;
