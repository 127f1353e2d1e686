import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { FastifyRequest } from 'fastify';
import type { SubjectRef } from '../../platform/http/policy.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { inSubtree } from '../../platform/access/scope.js';
import type { Role } from '../../platform/access/roles.js';
import type { AuthState } from '../../platform/http/context.js';
import { mayDo, type PbAction, type PbPart } from './phase-permissions.js';
import { pbCycles } from './schema.js';

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
  }
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
    const ok = parts.some((p) => mine.has(p));
    return { regionPath: c.regionPath, allowed: ok, denied: !ok };
  };

/** 409 `pb_not_in_phase` unless one of the caller's parts may take this action in the cycle's current phase. */
export function requirePhase(auth: AuthState, action: PbAction, cycle: CycleRow): void {
  const parts = partsIn(auth, cycle);
  if (![...parts].some((p) => mayDo(p, action, cycle.phase))) {
    throw new AppError(409, 'pb_not_in_phase', `not allowed in the ${cycle.phase} phase`, undefined, { phase: cycle.phase });
  }
}

/** The `:id` of a route. */
export const IdParam = z.object({ id: z.uuid() });
/** Amounts: whole or decimal yuan in the API, fen in the database. */
export const yuanToFen = (yuan: number): bigint => BigInt(Math.round(yuan * 100));
export const fenToYuan = (fen: bigint): number => Number(fen) / 100;
