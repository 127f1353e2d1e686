import { and, asc, eq, lte } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { writeAudit } from '../../platform/audit/audit.js';
import { cancelRedemption } from './redemptions.js';
import { storeRedemptions } from './schema.js';

/**
 * The expiry job `store.expire`: cancels open redemptions past `expires_at` (points and unit returned), up to
 * `limit` per run, each with an audit row `store.expire`. Rows locked by a concurrent honour or cancel are skipped
 * and looked at on the next run.
 */
export async function expireRedemptions(tx: Tx, now = new Date(), limit = 200): Promise<number> {
  const due = await tx
    .select({ id: storeRedemptions.id })
    .from(storeRedemptions)
    .where(and(eq(storeRedemptions.status, 'issued'), lte(storeRedemptions.expiresAt, now)))
    .orderBy(asc(storeRedemptions.expiresAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  let n = 0;
  for (const { id } of due) {
    const c = await cancelRedemption(tx, id, 'expiry', null);
    if (c.replayed) continue;
    n += 1;
    await writeAudit(tx, {
      cityId: c.redemption.cityId,
      action: 'store.expire',
      subjectType: 'store_redemption',
      subjectId: id,
      regionPath: c.redemption.regionPath,
      result: 'ok',
      detail: { itemId: c.redemption.itemId, price: c.redemption.price },
    });
  }
  return n;
}

