import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { FastifyRequest } from 'fastify';
import type { SubjectRef } from '../../platform/http/policy.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/access/scope.js';
import type { Role } from '../../platform/access/roles.js';
import type { AuthState } from '../../platform/http/context.js';
import { departmentsOfUser } from '../departments/queries.js';
import { mayDo, type PbAction, type PbPart } from './phase-permissions.js';
import { pbCycles, pbProjects } from './schema.js';

export type CycleRow = typeof pbCycles.$inferSelect;

/** Who organises a cycle: the secretaries and administrators above its community or street. */
export const ORGANISERS: readonly Role[] = ['admin', 'street_admin', 'community_admin'];
/** Who may take part as residents: residents and Party members living under the cycle's region. */
export const RESIDENTS: readonly Role[] = ['resident', 'member'];

/** The parts a caller plays in a cycle (phase-permissions.ts). */
export function partsIn(auth: AuthState, cycle: Pick<CycleRow, 'regionPath'>): Set<PbPart> {
  const parts = new Set<PbPart>();
  for (const g of auth.grants) {
    if (ORGANISERS.includes(g.role) && inSubtree(cycle.regionPath, g.regionPath)) parts.add('organiser');
    if (RESIDENTS.includes(g.role) && inSubtree(g.regionPath, cycle.regionPath)) parts.add('resident');
    if (g.role === 'org_dept' && inSubtree(cycle.regionPath, g.regionPath)) parts.add('overseer');
    // A unit or social organisation of the cycle's community (its administrator's grant lies under the region).
    if (g.role === 'unit_admin' && inSubtree(g.regionPath, cycle.regionPath)) parts.add('unit');
  }
  return parts;
}

/** The departments a department handler works for; none for anyone else. */
export const myDepartments = async (db: DbOrTx, auth: AuthState): Promise<string[]> =>
  auth.roles.has('dept_handler') ? departmentsOfUser(db, auth.userId) : [];

/**
 * The department's part: the caller works for the department responsible for a project of the cycle (or, given
 * `projectId`, for that project).
 */
export async function isDepartmentOf(db: DbOrTx, auth: AuthState, cycleId: string, projectId?: string): Promise<boolean> {
  const mine = await myDepartments(db, auth);
  if (!mine.length) return false;
  const where = and(eq(pbProjects.cycleId, cycleId), inArray(pbProjects.departmentId, mine), projectId ? eq(pbProjects.id, projectId) : undefined);
  return (await db.select({ id: pbProjects.id }).from(pbProjects).where(where).limit(1)).length > 0;
}

/** Every part the caller plays in the cycle, the department's included (one query, for department handlers only). */
export async function partsOf(db: DbOrTx, auth: AuthState, cycle: Pick<CycleRow, 'id' | 'regionPath'>, projectId?: string): Promise<Set<PbPart>> {
  const parts = partsIn(auth, cycle);
  if (await isDepartmentOf(db, auth, cycle.id, projectId)) parts.add('department');
  return parts;
}


export const loadCycle = async (db: DbOrTx, id: string | undefined): Promise<CycleRow | undefined> =>
  id ? (await db.select().from(pbCycles).where(eq(pbCycles.id, id)).limit(1))[0] : undefined;

/** A route's subject: the cycle of `:id` (or of a project, through `cycleIdOf`), for callers who play one of `parts` in it. */
export const cycleSubject =
  (db: DbOrTx, parts: readonly PbPart[], cycleIdOf?: (req: FastifyRequest) => Promise<string | undefined>) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const c = await loadCycle(db, cycleIdOf ? await cycleIdOf(req) : (req.params as { id?: string }).id);
    if (!c) return null;
    const mine = partsIn(req.ctx.auth!, c);
    let ok = parts.some((p) => mine.has(p));
    if (!ok && parts.includes('department')) ok = await isDepartmentOf(db, req.ctx.auth!, c.id);
    return { regionPath: c.regionPath, allowed: ok, denied: !ok };
  };

/**
 * 409 `pb_not_in_phase` unless one of the caller's parts may take this action in the cycle's current phase.
 * `extra`: parts found beyond the grants (the department's, from `partsOf`).
 */
export function requirePhase(auth: AuthState, action: PbAction, cycle: CycleRow, extra: Iterable<PbPart> = []): void {
  const parts = new Set([...partsIn(auth, cycle), ...extra]);
  if (![...parts].some((p) => mayDo(p, action, cycle.phase))) {
    throw new AppError(409, 'pb_not_in_phase', `not allowed in the ${cycle.phase} phase`, undefined, { phase: cycle.phase });
  }
}

/** The `:id` of a route. */
export const IdParam = z.object({ id: z.uuid() });
/** Amounts: whole or decimal yuan in the API, fen in the database. */
export const yuanToFen = (yuan: number): bigint => BigInt(Math.round(yuan * 100));
export const fenToYuan = (fen: bigint): number => Number(fen) / 100;
