import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import type { AuthState } from '../../platform/http/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { regions } from '../regions/schema.js';
import { partsIn } from './access.js';
import { nextStatus, type WishCommand, type WishPart } from './machine.js';
import { wishes, type WishRow } from './schema.js';

/**
 * Applies `command` to the wish `id` as the caller, in the caller's transaction: locks the row (so that of two
 * concurrent claims the second sees the first's result), asks the machine, and writes `changes` with the new state.
 * 409 `wish_state` when the machine refuses in the wish's current state.
 */
export async function applyToWish(
  tx: Tx,
  auth: AuthState | null,
  id: string,
  command: WishCommand,
  changes: (w: WishRow, parts: Set<WishPart>) => Partial<WishRow> | Promise<Partial<WishRow>>,
  systemParts: WishPart[] = [],
): Promise<{ before: WishRow; after: WishRow; parts: Set<WishPart> }> {
  const [w] = await tx.select().from(wishes).where(eq(wishes.id, id)).for('update');
  if (!w || (auth && w.cityId !== auth.cityId)) throw notFound('wish');
  const parts = new Set<WishPart>(systemParts);
  if (auth) for (const p of partsIn(auth, w)) if (p !== 'neighbour') parts.add(p);
  const to = nextStatus(parts, command, w.status);
  if (!to) throw new AppError(409, 'wish_state', `cannot ${command} a wish that is ${w.status}`, undefined, { status: w.status });
  const set = await changes(w, parts);
  const [after] = await tx
    .update(wishes)
    .set({ ...set, status: to, version: w.version + 1, updatedAt: new Date() })
    .where(eq(wishes.id, w.id))
    .returning();
  return { before: w, after: after!, parts };
}

/** The names of communities by id (for the wall and the detail). */
export async function communityNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: regions.id, name: regions.name }).from(regions).where(inArray(regions.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** What an audit entry says about a transition: ids and codes only. */
export const auditOf = (w: WishRow, from: string, extra: Record<string, unknown> = {}) => ({
  subjectType: 'wish',
  subjectId: w.id,
  cityId: w.cityId,
  regionPath: w.regionPath,
  detail: { from, to: w.status, ...extra },
});
