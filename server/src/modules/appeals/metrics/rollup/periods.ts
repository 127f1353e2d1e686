/**
 * How a statistics period is split between the rollup and the cases. Pure: Shanghai calendar arithmetic (UTC+8,
 * no daylight saving since 1991) on day numbers (days since 1970-01-01 in Shanghai).
 *
 * A period [from, to) is read as: the partial days at its ends from the cases; every whole day marked stale
 * from the cases; every whole calendar month without a stale day from the month buckets; every other whole day
 * from the day buckets.
 */
import type { Range } from '../count-sql.js';

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

/** The Shanghai day number of an instant. */
export const dayOf = (t: number) => Math.floor((t + OFFSET) / DAY);
/** The instant at which a Shanghai day begins (00:00 +08:00). */
export const dayStart = (d: number) => new Date(d * DAY - OFFSET);
/** A day number as YYYY-MM-DD. */
export const dayDate = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
/** YYYY-MM-DD as a day number. */
export const dateDay = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY;
/** The first day of the month of day d, and of the month after it. */
export const monthOf = (d: number) => {
  const t = new Date(d * DAY);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY;
};
export const nextMonth = (d: number) => {
  const t = new Date(d * DAY);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / DAY;
};

/** Buckets whose start lies in [from, to) (YYYY-MM-DD). */
export interface BucketRange {
  from: string;
  to: string;
}

export interface PeriodPlan {
  /** Read from the cases (instants). */
  raw: Range[];
  /** Day buckets. */
  days: BucketRange[];
  /** Month buckets. */
  months: BucketRange[];
}

/** The whole days a period covers: [first, end) as day numbers (empty when first ≥ end). */
export function wholeDays(period: Range): { first: number; end: number } {
  const d0 = dayOf(period.from.getTime());
  const first = dayStart(d0).getTime() === period.from.getTime() ? d0 : d0 + 1;
  return { first, end: dayOf(period.to.getTime()) };
}

/** Splits a period; `stale` holds the days (YYYY-MM-DD) whose buckets must not be read. */
export function planPeriod(period: Range, stale: ReadonlySet<string>): PeriodPlan {
  const plan: PeriodPlan = { raw: [], days: [], months: [] };
  const { first, end } = wholeDays(period);
  if (first >= end) {
    plan.raw.push({ from: period.from, to: period.to });
    return plan;
  }
  const raw = (from: Date, to: Date) => {
    if (from.getTime() >= to.getTime()) return;
    const last = plan.raw[plan.raw.length - 1];
    if (last && last.to.getTime() === from.getTime()) last.to = to;
    else plan.raw.push({ from, to });
  };
  const bucket = (list: BucketRange[], from: number, to: number) => {
    const last = list[list.length - 1];
    if (last && last.to === dayDate(from)) last.to = dayDate(to);
    else list.push({ from: dayDate(from), to: dayDate(to) });
  };
  const isStale = (d: number) => stale.has(dayDate(d));
  raw(period.from, dayStart(first));
  for (let d = first; d < end; ) {
    const m = nextMonth(d);
    if (monthOf(d) === d && m <= end) {
      let clean = true;
      for (let x = d; x < m && clean; x++) clean = !isStale(x);
      if (clean) {
        bucket(plan.months, d, m);
        d = m;
        continue;
      }
    }
    if (isStale(d)) raw(dayStart(d), dayStart(d + 1));
    else bucket(plan.days, d, d + 1);
    d += 1;
  }
  raw(dayStart(end), period.to);
  return plan;
}
