import { eq, inArray } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DbOrTx } from '../../platform/db/client.js';
import type { AuthState } from '../../platform/http/context.js';
import type { SubjectRef } from '../../platform/http/policy.js';
import type { Role } from '../../platform/access/roles.js';
import { AppError } from '../../platform/errors.js';
import { storeItemRegions, storeItems, storeMerchants, storeRedemptions } from './schema.js';

/** Who shops: residents and members, where they live (their grants of these roles). */
export const SHOPPERS: readonly Role[] = ['resident', 'member'];
export const MERCHANTS: readonly Role[] = ['merchant'];
/** Who approves and suspends merchants: the community (or street, or admin) above the merchant's region. */
export const MERCHANT_APPROVERS: readonly Role[] = ['admin', 'street_admin', 'community_admin'];

export const IdParam = z.object({ id: z.uuid() });

export type MerchantRow = typeof storeMerchants.$inferSelect;
export type ItemRow = typeof storeItems.$inferSelect;
export type RedemptionRow = typeof storeRedemptions.$inferSelect;

/** Where the caller lives, as a shopper: the paths of their resident and member grants. */
export const homePaths = (auth: AuthState): string[] => auth.grants.filter((g) => SHOPPERS.includes(g.role)).map((g) => g.regionPath);

export async function merchantOfUser(db: DbOrTx, userId: string): Promise<MerchantRow | undefined> {
  return (await db.select().from(storeMerchants).where(eq(storeMerchants.userId, userId)).limit(1))[0];
}

/** The caller's merchant profile, or 409 `store_merchant_missing` when they have not created one. */
export async function requireMyMerchant(db: DbOrTx, auth: AuthState): Promise<MerchantRow> {
  const m = await merchantOfUser(db, auth.userId);
  if (!m) throw new AppError(409, 'store_merchant_missing', 'create your merchant profile first');
  return m;
}

export async function loadItem(db: DbOrTx, id: string | undefined): Promise<ItemRow | undefined> {
  return id ? (await db.select().from(storeItems).where(eq(storeItems.id, id)).limit(1))[0] : undefined;
}

export async function offeredPaths(db: DbOrTx, itemIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!itemIds.length) return out;
  const rows = await db.select().from(storeItemRegions).where(inArray(storeItemRegions.itemId, [...itemIds]));
  for (const r of rows) out.set(r.itemId, [...(out.get(r.itemId) ?? []), r.regionPath]);
  return out;
}

/** The caller's home path that lies under one of the item's offering regions, if any. */
export function homeUnder(homes: readonly string[], offered: readonly string[]): string | undefined {
  return homes.find((h) => offered.some((o) => h.startsWith(o)));
}

/** Subject of redeeming: the item, for shoppers who live where it is offered. */
export const itemShopperSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const item = await loadItem(db, (req.params as { id?: string }).id);
    if (!item) return null;
    const [m] = await db.select({ regionPath: storeMerchants.regionPath }).from(storeMerchants).where(eq(storeMerchants.id, item.merchantId));
    if (!m) return null;
    const ok = homeUnder(homePaths(req.ctx.auth!), (await offeredPaths(db, [item.id])).get(item.id) ?? []) !== undefined;
    return { regionPath: m.regionPath, allowed: ok, denied: !ok };
  };

/** Subject of editing an item: the merchant who lists it. */
export const ownItemSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const item = await loadItem(db, (req.params as { id?: string }).id);
    if (!item) return null;
    const [m] = await db.select().from(storeMerchants).where(eq(storeMerchants.id, item.merchantId));
    if (!m) return null;
    const ok = m.userId === req.ctx.auth!.userId;
    return { regionPath: m.regionPath, allowed: ok, denied: !ok };
  };

/** Subject of a merchant decision: the merchant's region, which must lie in the approver's subtree. */
export const merchantSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = (req.params as { id?: string }).id;
    if (!id) return null;
    const [m] = await db.select({ regionPath: storeMerchants.regionPath }).from(storeMerchants).where(eq(storeMerchants.id, id));
    return m ? { regionPath: m.regionPath } : null;
  };

/** Subject of cancelling: a redemption, for the resident who holds it or the merchant who sells it. */
export const redemptionSubject =
  (db: DbOrTx) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = (req.params as { id?: string }).id;
    if (!id) return null;
    const [r] = await db
      .select({ userId: storeRedemptions.userId, regionPath: storeRedemptions.regionPath, merchantUserId: storeMerchants.userId })
      .from(storeRedemptions)
      .innerJoin(storeMerchants, eq(storeMerchants.id, storeRedemptions.merchantId))
      .where(eq(storeRedemptions.id, id));
    if (!r) return null;
    const auth = req.ctx.auth!;
    const ok =
      (r.userId === auth.userId && SHOPPERS.some((x) => auth.roles.has(x))) || (r.merchantUserId === auth.userId && auth.roles.has('merchant'));
    return { regionPath: r.regionPath, allowed: ok, denied: !ok };
  };

/** An item's photo is shown in the catalogue: readable by any logged-in user while the item exists. */
export const itemExists = async (db: DbOrTx, id: string) => (await db.select({ id: storeItems.id }).from(storeItems).where(eq(storeItems.id, id)).limit(1)).length > 0;
