import { z } from 'zod';
import { shanghaiDayStartUtc } from '../../platform/calendar/working-calendar.js';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A query parameter bounding a period: a Shanghai date (YYYY-MM-DD) or an ISO 8601 instant with a time zone.
 * Used by the case list (received-at range) and the statistics (period).
 */
export const DateOrInstant = z
  .string()
  .trim()
  .refine((s) => (DATE.test(s) ? !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)) : /(Z|[+-]\d{2}:?\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s))), {
    message: 'a date YYYY-MM-DD or an ISO 8601 instant with a time zone',
  });

/** The start of a period: a date means 00:00 Shanghai of that day; an instant is taken as it is. */
export const periodStart = (s: string): Date => (DATE.test(s) ? shanghaiDayStartUtc(s) : new Date(s));

/** The (exclusive) end of a period: a date means the END of that day (00:00 Shanghai of the next); an instant as it is. */
export const periodEnd = (s: string): Date => (DATE.test(s) ? new Date(shanghaiDayStartUtc(s).getTime() + DAY_MS) : new Date(s));
