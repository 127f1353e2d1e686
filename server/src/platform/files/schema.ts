import { bigint, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn } from '../db/columns.js';

/**
 * Uploaded files (photos of a problem, of the site, of the result). Content lives in storage under its
 * SHA-256; this row says who uploaded what, and what it is attached to once attached.
 */
export const files = pgTable(
  'files',
  {
    id: idColumn(),
    cityId: uuid('city_id'),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by'),
    ownerType: text('owner_type'),
    ownerId: text('owner_id'),
    createdAt: createdAt(),
  },
  (t) => [index('files_owner_idx').on(t.ownerType, t.ownerId), index('files_sha_idx').on(t.sha256)],
);
