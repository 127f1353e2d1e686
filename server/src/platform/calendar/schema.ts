import { sql } from 'drizzle-orm';
import { check, date, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from '../db/columns.js';

/** Local calendar overrides (a typhoon day off, a local make-up workday), winning over the national schedule. */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [check('calendar_overrides_kind_ck', sql`${t.kind} in ('holiday','workday')`)],
);
