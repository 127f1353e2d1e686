import type { Tx } from '../../platform/db/client.js';
import { awardByRule } from '../points/ledger.js';
import type { WishRow } from './schema.js';

/**
 * Points to the claimer of a confirmed wish, in the confirming transaction: a member earns Party points by the
 * city's rule `wish_claimed` (idempotency key `wish:<id>`, so a replay never pays twice); a unit is recorded
 * without points (0, no ledger entry).
 */
export async function awardClaimer(tx: Tx, w: WishRow, actorUserId: string | null): Promise<{ points: number; entryId: string | null; capped: boolean }> {
  if (w.claimerKind !== 'member' || !w.claimerUserId) return { points: 0, entryId: null, capped: false };
  const r = await awardByRule(tx, {
    kind: 'party',
    cityId: w.cityId,
    userId: w.claimerUserId,
    rule: 'wish_claimed',
    sourceType: 'wish',
    sourceId: w.id,
    idempotencyKey: `wish:${w.id}`,
    actorUserId,
  });
  return { points: r.points, entryId: r.entryId, capped: r.capped };
}
