import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';
import type { StoreCancelledBy, StoreItemKind, StoreMerchantStatus, StoreRedemptionStatus } from './lists.js';

/**
 * The points store 积分超市 (SPEC §3.4): merchants, their goods, and residents' redemptions paid in credit points
 * (诚信积分, ledger kind 'credit'). See docs/modules/store.md.
 */
export const storeMerchants = pgTable(
  'store_merchants',
  {
    id: idColumn(),
    cityId: cityColumn(),
    /** The merchant's account (role `merchant`); one profile per account. */
    userId: uuid('user_id').notNull(),
    /** The region of the merchant's grant (street, community or grid): who approves it and where it sells by default. */
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    openingHours: text('opening_hours').notNull().default(''),
    /** Contact phone, SM4-encrypted (context 'store_merchants.phone'), shown masked. */
    phoneEnc: text('phone_enc'),
    status: text('status').$type<StoreMerchantStatus>().notNull().default('pending'),
    statusReason: text('status_reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('store_merchants_user_uq').on(t.userId),
    index('store_merchants_region_idx').on(t.regionPath),
    check('store_merchants_status_ck', sql`${t.status} in ('pending','approved','suspended')`),
  ],
);

export const storeItems = pgTable(
  'store_items',
  {
    id: idColumn(),
    cityId: cityColumn(),
    merchantId: uuid('merchant_id').notNull(),
    kind: text('kind').$type<StoreItemKind>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** A file uploaded through POST /api/files and claimed by the item (owner type 'store_item'). */
    photoFileId: uuid('photo_file_id'),
    /** Price in credit points (whole points, > 0). */
    price: integer('price').notNull(),
    /** Units left; null = unlimited (services). Never below zero (CHECK). */
    stock: integer('stock'),
    /** Redemptions per resident that are not cancelled; null = no limit. */
    perResidentLimit: integer('per_resident_limit'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('store_items_merchant_idx').on(t.merchantId),
    check('store_items_kind_ck', sql`${t.kind} in ('goods','meal_discount','service')`),
    check('store_items_stock_ck', sql`${t.stock} is null or ${t.stock} >= 0`),
    check('store_items_price_ck', sql`${t.price} > 0`),
    check('store_items_limit_ck', sql`${t.perResidentLimit} is null or ${t.perResidentLimit} > 0`),
  ],
);

/** Where an item is offered: residents living in the subtree of one of these regions see and may redeem it. */
export const storeItemRegions = pgTable(
  'store_item_regions',
  {
    itemId: uuid('item_id').notNull(),
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.regionId] }), index('store_item_regions_path_idx').on(t.regionPath)],
);

export const storeRedemptions = pgTable(
  'store_redemptions',
  {
    id: idColumn(),
    cityId: cityColumn(),
    itemId: uuid('item_id').notNull(),
    merchantId: uuid('merchant_id').notNull(),
    /** The resident (or member) who redeemed; their region path at the time (for the audit trail's scope). */
    userId: uuid('user_id').notNull(),
    regionPath: text('region_path').notNull(),
    price: integer('price').notNull(),
    status: text('status').$type<StoreRedemptionStatus>().notNull().default('issued'),
    /** The code, SM4-encrypted bound to the redemption id (shown again to the resident only) … */
    codeEnc: text('code_enc').notNull(),
    /** … and its keyed HMAC (blind index), by which the merchant's typed or scanned code is found. */
    codeBidx: text('code_bidx').notNull(),
    /** The client's Idempotency-Key (per user): a retried request returns this redemption. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** Ledger entries: the spend, and the refund when cancelled. */
    entryId: uuid('entry_id').notNull(),
    refundEntryId: uuid('refund_entry_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    honouredAt: timestamp('honoured_at', { withTimezone: true }),
    honouredBy: uuid('honoured_by'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: text('cancelled_by').$type<StoreCancelledBy>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('store_redemptions_key_uq').on(t.userId, t.idempotencyKey),
    // A code is unique among open redemptions (partial: see the migration's WHERE).
    uniqueIndex('store_redemptions_open_code_uq').on(t.codeBidx).where(sql`status = 'issued'`),
    index('store_redemptions_code_idx').on(t.codeBidx),
    index('store_redemptions_user_idx').on(t.userId, t.createdAt),
    index('store_redemptions_merchant_idx').on(t.merchantId, t.createdAt),
    index('store_redemptions_item_user_idx').on(t.itemId, t.userId),
    index('store_redemptions_expiry_idx').on(t.expiresAt).where(sql`status = 'issued'`),
    check('store_redemptions_status_ck', sql`${t.status} in ('issued','honoured','cancelled')`),
  ],
);
