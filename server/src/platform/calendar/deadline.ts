/**
 * Deadlines of work orders: in working days by the official calendar, or in
 * natural hours ("accept within N hours", "on site within 30 minutes").
 */
import { shanghaiDayStartUtc, toShanghaiDate } from './working-calendar.js';
import type { WorkingCalendar } from './working-calendar.js';

const DAY_MS = 86_400_000;

/**
 * End of the n-th working day after the Shanghai calendar date of `receivedAt`:
 * 23:59:59.999 Shanghai time of that day, as an instant. A case received at any
 * time on 30 September with a 5-working-day limit is due at the end of the 5th
 * working day after 30 September. Throws `CalendarCoverageError` if the count runs
 * into a year without holiday data.
 */
export function dueAfterWorkingDays(receivedAt: Date, n: number, cal: Pick<WorkingCalendar, 'addWorkingDays'>): Date {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`dueAfterWorkingDays: n must be a positive integer, got ${n}`);
  const dueDate = cal.addWorkingDays(toShanghaiDate(receivedAt), n);
  return new Date(shanghaiDayStartUtc(dueDate).getTime() + DAY_MS - 1);
}

/** `receivedAt` plus a number of natural hours (fractions allowed: 0.5 = 30 minutes). */
export function dueAfterHours(receivedAt: Date, hours: number): Date {
  const t = receivedAt.getTime();
  if (Number.isNaN(t)) throw new RangeError('dueAfterHours: invalid Date');
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`dueAfterHours: hours must be a non-negative number, got ${hours}`);
  return new Date(t + Math.round(hours * 3_600_000));
}
