import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn } from '../../platform/db/columns.js';

/**
 * Open311 GeoReport v2 clients. A client posts requests with its api_key; only the key's SHA-256 is kept.
 * Requests it files are reported as the key's service account (a user with the dispatcher role at the city).
 */
export const open311Keys = pgTable(
  'open311_keys',
  {
    id: idColumn(),
    cityId: cityColumn(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The account the client's requests are filed as. */
    userId: uuid('user_id').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('open311_keys_hash_uq').on(t.keyHash), index('open311_keys_city_idx').on(t.cityId)],
);
