import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';

/** uuid v7 primary key, generated in the application so ids order by creation time. */
export const idColumn = () => uuid('id').primaryKey().$defaultFn(() => uuidv7());
/** The city a row belongs to: the natural shard key (Citus) when one deployment hosts a province. */
export const cityColumn = () => uuid('city_id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export { uuidv7 as newId };
