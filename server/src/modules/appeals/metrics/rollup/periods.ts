/**
 * How a statistics period is split between the rollup and the cases. Pure: Shanghai calendar arithmetic (UTC+8,
 * no daylight saving since 1991) on day numbers (days since 1970-01-01 in Shanghai).
 *
 * A period [from, to) is read as: the partial days at its ends from the cases; every whole day marked stale
 * from the cases; the rest from the rollup's buckets, each as coarse as fits (quarter, month, dekad, day).
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

/**
 * Bucket spans, finest first. Each span's buckets tile the calendar and lie inside one bucket of the next span:
 * a dekad (旬) is the 1st–10th, 11th–20th or 21st–last day of a month, a quarter three months from January.
 */
export const SPANS = ['day', 'dekad', 'month', 'quarter'] as const;
export type Span = (typeof SPANS)[number];

/** The bucket of a span that contains day d: [start, end) as day numbers. */
export function bucketOf(span: Span, d: number): { start: number; end: number } {
  if (span === 'day') return { start: d, end: d + 1 };
  const m = monthOf(d);
  if (span === 'dekad') {
    const i = Math.min(2, Math.floor((d - m) / 10));
    return { start: m + 10 * i, end: i < 2 ? m + 10 * (i + 1) : nextMonth(m) };
  }
  if (span === 'month') return { start: m, end: nextMonth(m) };
  const t = new Date(m * DAY);
  const q = Date.UTC(t.getUTCFullYear(), Math.floor(t.getUTCMonth() / 3) * 3, 1) / DAY;
  return { start: q, end: Date.UTC(t.getUTCFullYear(), Math.floor(t.getUTCMonth() / 3) * 3 + 3, 1) / DAY };
}

/** Buckets of one span whose start lies in [from, to) (YYYY-MM-DD). */
export interface BucketRange {
  span: Span;
  from: string;
  to: string;
}

export interface PeriodPlan {
  /** Read from the cases (instants). */
  raw: Range[];
  /** Read from the rollup. */
  buckets: BucketRange[];
}

/** The whole days a period covers: [first, end) as day numbers (empty when first ≥ end). */
export function wholeDays(period: Range): { first: number; end: number } {
  const d0 = dayOf(period.from.getTime());
  const first = dayStart(d0).getTime() === period.from.getTime() ? d0 : d0 + 1;
  return { first, end: dayOf(period.to.getTime()) };
}

/**
 * Splits a period; `stale` holds the days (YYYY-MM-DD) whose buckets must not be read. From the left, each whole
 * day starts the coarsest bucket that begins there, ends inside the period and holds no stale day.
 */
export function planPeriod(period: Range, stale: ReadonlySet<string>): PeriodPlan {
  const plan: PeriodPlan = { raw: [], buckets: [] };
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
  const bucket = (span: Span, from: number, to: number) => {
    const last = plan.buckets.findLast((b) => b.span === span);
    if (last && last.to === dayDate(from)) last.to = dayDate(to);
    else plan.buckets.push({ span, from: dayDate(from), to: dayDate(to) });
  };
  const clean = (from: number, to: number) => {
    for (let x = from; x < to; x++) if (stale.has(dayDate(x))) return false;
    return true;
  };
  raw(period.from, dayStart(first));
  for (let d = first; d < end; ) {
    const span = [...SPANS].reverse().find((s) => {
      const b = bucketOf(s, d);
      return b.start === d && b.end <= end && clean(d, b.end);
    });
    if (span) {
      const b = bucketOf(span, d);
      bucket(span, d, b.end);
      d = b.end;
    } else {
      raw(dayStart(d), dayStart(d + 1));
      d += 1;
    }
  }
  raw(dayStart(end), period.to);
  return plan;
}
