import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';
import type { WishCategory, WishClaimerKind, WishPostedAs, WishStatus } from './lists.js';

export { WISH_CATEGORIES, WISH_STATUSES, type WishCategory, type WishStatus } from './lists.js';

/**
 * Micro-wishes (微心愿): see docs/modules/wishes.md. The beneficiary's personal details (name, phone, address, ID
 * number) are stored only encrypted, as one token bound to the wish (`beneficiary.ts`).
 */
export const wishes = pgTable(
  'wishes',
  {
    id: idColumn(),
    cityId: cityColumn(),
    /** The beneficiary's community or grid, and the community above it (the wall shows the community only). */
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    communityId: uuid('community_id').notNull(),
    postedBy: uuid('posted_by').notNull(),
    postedAs: text('posted_as').$type<WishPostedAs>().notNull(),
    /** The resident the wish is for, when they posted it themself; null for a family described by the community. */
    beneficiaryUserId: uuid('beneficiary_user_id'),
    /** SM4 token of { name, phone?, address?, idNumber? } (context `wishes.beneficiary:<id>`). */
    beneficiaryEnc: text('beneficiary_enc').notNull(),
    title: text('title').notNull(),
    story: text('story').notNull(),
    category: text('category').$type<WishCategory>().notNull(),
    estimatedValueFen: bigint('estimated_value_fen', { mode: 'bigint' }).notNull(),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    /** 未成年人 / 困难家庭: the wall then shows only the public text written by the community, and no photos. */
    minor: boolean('minor').notNull().default(false),
    hardship: boolean('hardship').notNull().default(false),
    publicTitle: text('public_title'),
    publicStory: text('public_story'),
    /** Written by the community: where and how the claimer hands the wish over (e.g. at the community's centre). */
    handoverNote: text('handover_note'),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    status: text('status').$type<WishStatus>().notNull().default('submitted'),
    rejectReason: text('reject_reason'),
    cancelReason: text('cancel_reason'),
    verifiedBy: uuid('verified_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    claimerKind: text('claimer_kind').$type<WishClaimerKind>(),
    claimerUserId: uuid('claimer_user_id'),
    /** The claiming unit's name (its administrator's display name) or the member's display name. */
    claimerName: text('claimer_name'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    proofNote: text('proof_note'),
    proofPhotos: jsonb('proof_photos').$type<string[]>().notNull().default([]),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
    confirmedBy: uuid('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Points given to the claimer on confirmation (0 for a unit: recorded without points) and the ledger entry. */
    pointsAwarded: integer('points_awarded'),
    pointsEntryId: uuid('points_entry_id'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('wishes_region_idx').on(t.regionPath, t.status),
    index('wishes_city_status_idx').on(t.cityId, t.status, t.deadline),
    index('wishes_posted_by_idx').on(t.postedBy),
    index('wishes_claimer_idx').on(t.claimerUserId),
    check('wishes_status_ck', sql`${t.status} in ('submitted','verified','rejected','published','claimed','fulfilled','confirmed','expired','cancelled')`),
    check('wishes_category_ck', sql`${t.category} in ('study','daily','companionship','medical','repair','other')`),
    check('wishes_value_ck', sql`${t.estimatedValueFen} > 0`),
    check('wishes_claimer_ck', sql`(${t.claimerUserId} is null) = (${t.claimerKind} is null)`),
  ],
);

export type WishRow = typeof wishes.$inferSelect;
