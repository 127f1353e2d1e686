import type { DbOrTx } from '../db/client.js';
import type { Services } from '../services.js';
import { calendarOverrides } from './schema.js';
import { WorkingCalendar } from './working-calendar.js';

/** Builds the calendar from the package data plus the override table. */
export async function loadCalendar(db: DbOrTx, extraYears: readonly number[] = []): Promise<WorkingCalendar> {
  const rows = await db.select().from(calendarOverrides);
  return new WorkingCalendar({
    overrides: rows.map((o) => ({ date: o.date, kind: o.kind, ...(o.name ? { name: o.name } : {}) })),
    additionalYears: extraYears,
  });
}

/** Swaps in a calendar with the current overrides (after a change here, or periodically for other processes' changes). */
export async function reloadCalendar(services: Services, db: DbOrTx = services.database.db): Promise<void> {
  services.calendar = await loadCalendar(db, services.config.CALENDAR_EXTRA_YEARS);
}
