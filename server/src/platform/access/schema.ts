import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn } from '../db/columns.js';

/** A role granted at a node of the region tree: the user acts in that node's subtree. */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: idColumn(),
    cityId: cityColumn(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    regionId: uuid('region_id').notNull(),
    /** Copy of the region's path, so scope filters need no join. */
    regionPath: text('region_path').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('role_grants_user_role_region_uq').on(t.userId, t.role, t.regionId),
    index('role_grants_region_path_idx').on(t.regionPath),
  ],
);
