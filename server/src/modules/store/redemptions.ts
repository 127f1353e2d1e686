import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import type { AuthState } from '../../platform/http/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/db/columns.js';
import { postEntry } from '../points/ledger.js';
import { homePaths, homeUnder, offeredPaths, type RedemptionRow } from './access.js';
import { codeContext, codeIndex, newRedemptionCode } from './codes.js';
import { storeItems, storeMerchants, storeRedemptions } from './schema.js';
import type { StoreCancelledBy } from './lists.js';

/** Days a code stays open; after that the expiry job cancels it and returns the points and the stock. */
export const REDEMPTION_VALID_DAYS = 30;

export interface Redeemed {
  redemption: RedemptionRow;
  code: string;
  balance: number | null;
  replayed: boolean;
}

/**
 * Redeems one unit of an item, in the caller's transaction (docs/modules/store.md, "Redeeming"):
 * the caller's redemptions are serialised by a transaction-scoped advisory lock (idempotency key and the
 * per-resident limit hold under concurrency); a replay of a key returns the first redemption; the stock is taken
 * by a conditional UPDATE (never below zero) and the points by the ledger (never below zero) — either refusal
 * rolls back both.
 */
export async function redeem(tx: Tx, crypto: CryptoProvider, auth: AuthState, itemId: string, key: string): Promise<Redeemed> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`store:${auth.userId}`}, 0))`);
  const [prior] = await tx
    .select()
    .from(storeRedemptions)
    .where(and(eq(storeRedemptions.userId, auth.userId), eq(storeRedemptions.idempotencyKey, key)));
  if (prior) {
    if (prior.itemId !== itemId) throw new AppError(409, 'idempotency_key_reused', 'this key was used for another item', 'idempotencyKey');
    return { redemption: prior, code: crypto.decrypt(prior.codeEnc, codeContext(prior.id)), balance: null, replayed: true };
  }
  const [item] = await tx.select().from(storeItems).where(eq(storeItems.id, itemId));
  if (!item) throw notFound('store_item');
  const [merchant] = await tx.select().from(storeMerchants).where(eq(storeMerchants.id, item.merchantId));
  if (!item.active || !merchant || merchant.status !== 'approved') throw new AppError(409, 'store_item_unavailable', 'the item is not on offer');
  const home = homeUnder(homePaths(auth), (await offeredPaths(tx, [item.id])).get(item.id) ?? []);
  if (!home) throw new AppError(403, 'out_of_scope');
  if (item.perResidentLimit !== null) {
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(storeRedemptions)
      .where(and(eq(storeRedemptions.itemId, item.id), eq(storeRedemptions.userId, auth.userId), ne(storeRedemptions.status, 'cancelled')));
    if (Number(n?.n ?? 0) >= item.perResidentLimit) throw new AppError(409, 'store_limit_reached', 'the per-resident limit is reached', undefined, { limit: item.perResidentLimit });
  }
  if (item.stock !== null) {
    const taken = await tx.execute(sql`update store_items set stock = stock - 1, updated_at = now() where id = ${item.id} and stock >= 1 returning stock`);
    if (!(taken as unknown as { rows: unknown[] }).rows.length) throw new AppError(409, 'store_out_of_stock', 'out of stock');
  }
  const id = newId();
  const posted = await postEntry(tx, {
    kind: 'credit',
    cityId: item.cityId,
    userId: auth.userId,
    delta: -item.price,
    reason: 'store_redeem',
    sourceType: 'store_redemption',
    sourceId: id,
    idempotencyKey: `store_redeem:${auth.userId}:${key}`,
    actorUserId: auth.userId,
  });
  // Unique among open redemptions: on the (1 in 10^12) clash with an open code, draw again.
  for (let attempt = 0; ; attempt += 1) {
    const code = newRedemptionCode();
    const [row] = await tx
      .insert(storeRedemptions)
      .values({
        id,
        cityId: item.cityId,
        itemId: item.id,
        merchantId: merchant.id,
        userId: auth.userId,
        regionPath: home,
        price: item.price,
        codeEnc: crypto.encrypt(code, codeContext(id)),
        codeBidx: codeIndex(crypto, code),
        idempotencyKey: key,
        entryId: posted.entryId,
        expiresAt: new Date(Date.now() + REDEMPTION_VALID_DAYS * 86_400_000),
      })
      .onConflictDoNothing({ target: storeRedemptions.codeBidx, where: sql`status = 'issued'` })
      .returning();
    if (row) return { redemption: row, code, balance: posted.balance, replayed: false };
    if (attempt >= 5) throw new Error('could not draw a free redemption code');
  }
}

/**
 * Cancels an issued redemption: the points come back by a reversing entry ('store_cancel', keyed by the
 * redemption, so it is posted once) and the unit goes back to stock. A redemption already cancelled is returned
 * as it is (`replayed`); an honoured one cannot be cancelled (409 `store_redemption_honoured`).
 */
export async function cancelRedemption(tx: Tx, id: string, by: StoreCancelledBy, actorUserId: string | null): Promise<{ redemption: RedemptionRow; replayed: boolean }> {
  const [cur] = await tx.select().from(storeRedemptions).where(eq(storeRedemptions.id, id)).for('update');
  if (!cur) throw notFound('store_redemption');
  if (cur.status === 'cancelled') return { redemption: cur, replayed: true };
  if (cur.status === 'honoured') throw new AppError(409, 'store_redemption_honoured', 'the code was honoured already');
  await tx.execute(sql`update store_items set stock = stock + 1, updated_at = now() where id = ${cur.itemId} and stock is not null`);
  const refund = await postEntry(tx, {
    kind: 'credit',
    cityId: cur.cityId,
    userId: cur.userId,
    delta: cur.price,
    reason: 'store_cancel',
    sourceType: 'store_redemption',
    sourceId: cur.id,
    idempotencyKey: `store_cancel:${cur.id}`,
    actorUserId,
  });
  const now = new Date();
  const [row] = await tx
    .update(storeRedemptions)
    .set({ status: 'cancelled', cancelledAt: now, cancelledBy: by, refundEntryId: refund.entryId, updatedAt: now })
    .where(and(eq(storeRedemptions.id, cur.id), eq(storeRedemptions.status, 'issued')))
    .returning();
  return { redemption: row!, replayed: false };
}

/**
 * Honours a code for the merchant who sells it. The open redemption with this code, else the latest closed one of
 * this merchant (to say why it cannot be honoured: 409 `store_redemption_honoured` / `store_redemption_cancelled`);
 * another merchant's code, or no such code: 404.
 */
export async function honour(tx: Tx, crypto: CryptoProvider, merchantId: string, actorUserId: string, code: string): Promise<RedemptionRow> {
  const bidx = codeIndex(crypto, code);
  const [cur] = await tx
    .select()
    .from(storeRedemptions)
    .where(and(eq(storeRedemptions.codeBidx, bidx), eq(storeRedemptions.merchantId, merchantId)))
    .orderBy(sql`(${storeRedemptions.status} = 'issued') desc`, sql`${storeRedemptions.createdAt} desc`)
    .limit(1)
    .for('update');
  if (!cur) throw notFound('store_redemption', 'code');
  if (cur.status === 'honoured') throw new AppError(409, 'store_redemption_honoured', 'the code was honoured already', 'code');
  if (cur.status === 'cancelled') throw new AppError(409, 'store_redemption_cancelled', 'the redemption was cancelled', 'code');
  const now = new Date();
  // Past its time but not yet swept by the expiry job: it is as good as cancelled.
  if (cur.expiresAt <= now) throw new AppError(409, 'store_redemption_expired', 'the code has expired', 'code');
  const [row] = await tx
    .update(storeRedemptions)
    .set({ status: 'honoured', honouredAt: now, honouredBy: actorUserId, updatedAt: now })
    .where(and(eq(storeRedemptions.id, cur.id), eq(storeRedemptions.status, 'issued')))
    .returning();
  return row!;
}
