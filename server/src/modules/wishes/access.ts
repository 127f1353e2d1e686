import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../platform/db/client.js';
import type { Role } from '../../platform/access/roles.js';
import { inSubtree } from '../../platform/access/scope.js';
import type { AuthState } from '../../platform/http/context.js';
import type { SubjectRef } from '../../platform/http/policy.js';
import type { WishPart } from './machine.js';
import { wishes, type WishRow } from './schema.js';

/** The secretaries and administrators above a wish's region: verify, publish, confirm on a family's behalf. */
export const COMMUNITY_ROLES: readonly Role[] = ['admin', 'street_admin', 'community_admin'];
/** Who posts a wish for themself. */
export const SELF_POSTER_ROLES: readonly Role[] = ['resident', 'member'];
/** Who claims: Party members, and units through their administrator. */
export const CLAIMER_ROLES: readonly Role[] = ['member', 'unit_admin'];
/** Who reads the wish wall: claimers, residents, and the community. */
export const WALL_ROLES: readonly Role[] = ['member', 'unit_admin', 'resident', ...COMMUNITY_ROLES];
/** Every role that may play some part in a wish (detail, confirm, cancel …). */
export const ANY_PART_ROLES: readonly Role[] = WALL_ROLES;

/** Depth of a community in the region tree (city 0, district 1, street 2, community 3). */
const COMMUNITY_DEPTH = 3;

/**
 * A member's, resident's or unit's area: the community they live or sit in (the path cut after the community), or
 * their own node when granted above a community (a unit at a street sees the street's wishes).
 */
export function areaRoot(path: string): string {
  const segs = path.split('/').filter(Boolean);
  return `/${segs.slice(0, COMMUNITY_DEPTH + 1).join('/')}/`;
}

/** The areas the caller's grants of these roles open on the wall: subtrees for the community, communities for the rest. */
export function wallRoots(auth: AuthState): string[] {
  const roots = new Set<string>();
  for (const g of auth.grants) {
    if (COMMUNITY_ROLES.includes(g.role)) roots.add(g.regionPath);
    else if (WALL_ROLES.includes(g.role)) roots.add(areaRoot(g.regionPath));
  }
  // Drop roots inside other roots.
  const all = [...roots];
  return all.filter((r) => !all.some((o) => o !== r && r.startsWith(o)));
}

/** The parts the caller plays in a wish (machine.ts), plus `neighbour` for residents of its area (they read the wall). */
export function partsIn(auth: AuthState, w: Pick<WishRow, 'regionPath' | 'postedBy' | 'beneficiaryUserId' | 'claimerUserId'>): Set<WishPart | 'neighbour'> {
  const parts = new Set<WishPart | 'neighbour'>();
  if (w.postedBy === auth.userId) parts.add('poster');
  if (w.beneficiaryUserId && w.beneficiaryUserId === auth.userId) parts.add('beneficiary');
  if (w.claimerUserId && w.claimerUserId === auth.userId) parts.add('claimer');
  for (const g of auth.grants) {
    if (COMMUNITY_ROLES.includes(g.role) && inSubtree(w.regionPath, g.regionPath)) parts.add('community');
    const inArea = inSubtree(w.regionPath, areaRoot(g.regionPath));
    if (g.role === 'member' && inArea) parts.add('member');
    if (g.role === 'unit_admin' && inArea) parts.add('unit');
    if (g.role === 'resident' && inArea) parts.add('neighbour');
  }
  return parts;
}

export const loadWish = async (db: DbOrTx, id: string | undefined): Promise<WishRow | undefined> =>
  id ? (await db.select().from(wishes).where(eq(wishes.id, id)).limit(1))[0] : undefined;

/**
 * A wish route's subject: the wish `:id`, for callers who play one of `parts` in it (else 403 out_of_scope). The
 * state is checked later, in the transaction (409 wish_state).
 */
export const wishSubject =
  (db: DbOrTx, parts: ReadonlyArray<WishPart | 'neighbour'>) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const w = await loadWish(db, (req.params as { id?: string }).id);
    if (!w || w.cityId !== req.ctx.auth!.cityId) return null;
    const mine = partsIn(req.ctx.auth!, w);
    const ok = parts.some((p) => mine.has(p));
    return { regionPath: w.regionPath, allowed: ok, denied: !ok };
  };

export const IdParam = z.object({ id: z.uuid() });

export const yuanToFen = (yuan: number): bigint => BigInt(Math.round(yuan * 100));
export const fenToYuan = (fen: bigint): number => Number(fen) / 100;
