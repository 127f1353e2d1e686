/**
 * Working-day calendar of mainland China: weekends, the official public holidays
 * and the make-up workdays (调休) announced each year by the General Office of the
 * State Council, from the `chinese-days` package, plus local overrides (a typhoon
 * day off, a local make-up day) which win over the package data.
 *
 * All dates are calendar dates 'YYYY-MM-DD' in Asia/Shanghai (UTC+8, no DST).
 * Dates are handled as whole days (days since 1970-01-01), never as local-time
 * Date objects, so results do not depend on the server's time zone.
 *
 * The official schedule of a year is only published in the preceding November or
 * December. The PROVISIONAL_YEARS (2) years after the last covered one are served
 * provisionally — weekends and the statutory holidays fixed by law
 * (statutory-holidays.ts), without the make-up workdays nobody knows yet, plus
 * overrides — so that a deadline reaching into next year can be set before its
 * schedule is out; the day is marked `provisional`. Enter the schedule as overrides
 * and name the year in CALENDAR_EXTRA_YEARS (or upgrade chinese-days) to make it
 * exact. For any other year every query throws `CalendarCoverageError`.
 */
import { createRequire } from 'node:module';
import { statutoryHolidays } from './statutory-holidays.js';

export type CalendarOverrideKind = 'holiday' | 'workday';

export interface CalendarOverride {
  date: string;
  kind: CalendarOverrideKind;
  name?: string;
}

export interface WorkingCalendarOptions {
  /** Local exceptions; they win over the package data. */
  overrides?: readonly CalendarOverride[];
  /**
   * Years beyond the package data whose official holidays and make-up workdays are
   * given in full in `overrides` (e.g. 2027 once the State Council has published it,
   * before `chinese-days` is upgraded). They must extend the covered range without gaps.
   */
  additionalYears?: readonly number[];
  /** Years after the covered ones served provisionally (default PROVISIONAL_YEARS). */
  provisionalYears?: number;
}

export const PROVISIONAL_YEARS = 2;

export interface DayInfo {
  date: string;
  working: boolean;
  /** Where the answer comes from ('statutory': a holiday by law in a year whose schedule is not entered). */
  source: 'override' | 'official' | 'statutory' | 'weekday' | 'weekend';
  /** The year's official schedule is not entered: make-up workdays are unknown, the answer may change. */
  provisional?: true;
  /** Holiday name for overrides and official days, e.g. '国庆节'. */
  name?: string;
}

export class CalendarCoverageError extends Error {
  constructor(
    readonly year: number,
    readonly covered: { from: number; to: number },
  ) {
    super(
      `no holiday data for ${year}: add it to the override table or upgrade chinese-days ` +
        `(covered years: ${covered.from}-${covered.to})`,
    );
    this.name = 'CalendarCoverageError';
  }
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError if it is not a real date. */
export function parseDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (m === null) throw new RangeError(`invalid date ${JSON.stringify(date)}: expected YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`invalid date ${JSON.stringify(date)}: no such day`);
  }
  return Math.round(ms / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01). */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date in Asia/Shanghai of an instant. */
export function toShanghaiDate(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('toShanghaiDate: invalid Date');
  const s = new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  if (!DATE_RE.test(s)) throw new RangeError(`toShanghaiDate: instant out of range (${instant.toISOString()})`);
  return s;
}

/** The instant (UTC) at which a Shanghai calendar date begins: 'YYYY-MM-DD' 00:00 +08:00. */
export function shanghaiDayStartUtc(date: string): Date {
  return new Date(parseDay(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

interface OfficialData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Official data shipped with chinese-days (its JSON form, documented in its README). */
function loadOfficialData(): OfficialData {
  const require = createRequire(import.meta.url);
  const raw: unknown = require('chinese-days/dist/chinese-days.json');
  const isMap = (v: unknown): v is Record<string, string> =>
    typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
  if (typeof raw !== 'object' || raw === null) throw new Error('chinese-days: unexpected data format');
  const { holidays, workdays } = raw as { holidays?: unknown; workdays?: unknown };
  if (!isMap(holidays) || !isMap(workdays)) throw new Error('chinese-days: unexpected data format');
  return { holidays, workdays };
}

let officialCache: { data: OfficialData; from: number; to: number } | undefined;

function official(): { data: OfficialData; from: number; to: number } {
  if (officialCache === undefined) {
    const data = loadOfficialData();
    const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
    if (years.length === 0) throw new Error('chinese-days: no holiday data');
    officialCache = { data, from: Math.min(...years), to: Math.max(...years) };
  }
  return officialCache;
}

/** 'National Day,国庆节,3' → '国庆节' */
function officialName(entry: string): string {
  const parts = entry.split(',');
  return parts[1] ?? parts[0] ?? entry;
}

export class WorkingCalendar {
  private readonly overrides: ReadonlyMap<string, CalendarOverride>;
  private readonly from: number;
  private readonly to: number;
  private readonly data: OfficialData;
  private readonly provisionalTo: number;
  private readonly statutory = new Map<string, string>();
  private readonly sums = new Map<string, string>();

  constructor(opts: WorkingCalendarOptions = {}) {
    const off = official();
    this.data = off.data;
    let from = off.from;
    let to = off.to;
    const extra = [...new Set(opts.additionalYears ?? [])].sort((a, b) => a - b);
    for (const y of extra) {
      if (!Number.isSafeInteger(y)) throw new RangeError(`additionalYears: ${y} is not a year`);
      if (y === to + 1) to = y;
    }
    for (const y of [...extra].reverse()) {
      if (y === from - 1) from = y;
    }
    for (const y of extra) {
      if (y < from || y > to) throw new RangeError(`additionalYears: ${y} leaves a gap next to the covered years ${from}-${to}`);
    }
    this.from = from;
    this.to = to;
    const provisional = opts.provisionalYears ?? PROVISIONAL_YEARS;
    if (!Number.isSafeInteger(provisional) || provisional < 0) throw new RangeError(`provisionalYears: ${provisional} is not a count of years`);
    this.provisionalTo = to + provisional;
    for (let y = to + 1; y <= this.provisionalTo; y++) for (const h of statutoryHolidays(y)) this.statutory.set(h.date, h.name);

    const overrides = new Map<string, CalendarOverride>();
    for (const o of opts.overrides ?? []) {
      parseDay(o.date);
      if (o.kind !== 'holiday' && o.kind !== 'workday') {
        throw new RangeError(`override ${o.date}: kind must be 'holiday' or 'workday'`);
      }
      const prev = overrides.get(o.date);
      if (prev !== undefined && prev.kind !== o.kind) {
        throw new RangeError(`override ${o.date} is given both as ${prev.kind} and as ${o.kind}`);
      }
      overrides.set(o.date, { ...o });
    }
    this.overrides = overrides;
  }

  coveredYears(): { from: number; to: number } {
    return { from: this.from, to: this.to };
  }

  /** Years served provisionally (see above); `from` > `to` when there are none. */
  provisionalYears(): { from: number; to: number } {
    return { from: this.to + 1, to: this.provisionalTo };
  }

  /** Whether a date lies in a provisional year: a deadline counted over it may move once the schedule is entered. */
  isProvisional(date: string): boolean {
    const year = Number(date.slice(0, 4));
    return year > this.to && year <= this.provisionalTo;
  }

  isWorkingDay(date: string): boolean {
    return this.workingOn(parseDay(date), date);
  }

  /** Whether a day is working, and why. */
  describeDay(date: string): DayInfo {
    const day = parseDay(date);
    this.checkCoverage(date);
    const o = this.overrides.get(date);
    const provisional = this.isProvisional(date) ? { provisional: true as const } : {};
    if (o !== undefined) {
      return { date, working: o.kind === 'workday', source: 'override', ...(o.name !== undefined ? { name: o.name } : {}), ...provisional };
    }
    const s = this.statutory.get(date);
    if (s !== undefined) return { date, working: false, source: 'statutory', name: s, provisional: true };
    const w = this.data.workdays[date];
    if (w !== undefined) return { date, working: true, source: 'official', name: officialName(w) };
    const h = this.data.holidays[date];
    if (h !== undefined) return { date, working: false, source: 'official', name: officialName(h) };
    const weekend = isWeekend(day);
    return { date, working: !weekend, source: weekend ? 'weekend' : 'weekday', ...provisional };
  }

  /**
   * The n-th working day after `start`, counting from the day after it:
   * addWorkingDays('2026-09-30', 5) is the 5th working day after 30 September.
   * n = 0 returns `start` itself.
   */
  addWorkingDays(start: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
    // Every intake asks the same few questions (today + the categories' limits): remember the answers. The
    // calendar never changes (a change of overrides builds a new one), so they stay true.
    const key = `${start}+${n}`;
    const known = this.sums.get(key);
    if (known !== undefined) return known;
    let day = parseDay(start);
    let left = n;
    while (left > 0) {
      day += 1;
      if (this.workingOn(day)) left -= 1;
    }
    const out = formatDay(day);
    if (this.sums.size >= 10_000) this.sums.clear();
    this.sums.set(key, out);
    return out;
  }

  /**
   * Number of working days in (a, b]: after a, up to and including b. Negative if
   * b is before a. workingDaysBetween(d, addWorkingDays(d, n)) === n.
   */
  workingDaysBetween(a: string, b: string): number {
    const da = parseDay(a);
    const db = parseDay(b);
    const [lo, hi, sign] = da <= db ? [da, db, 1] : [db, da, -1];
    let count = 0;
    for (let day = lo + 1; day <= hi; day++) if (this.workingOn(day)) count += 1;
    return sign * count;
  }

  private workingOn(day: number, formatted?: string): boolean {
    const date = formatted ?? formatDay(day);
    this.checkCoverage(date);
    const o = this.overrides.get(date);
    if (o !== undefined) return o.kind === 'workday';
    if (this.statutory.has(date)) return false;
    if (this.data.workdays[date] !== undefined) return true;
    if (this.data.holidays[date] !== undefined) return false;
    return !isWeekend(day);
  }

  private checkCoverage(date: string): void {
    const year = Number(date.slice(0, 4));
    if (year < this.from || year > this.provisionalTo) throw new CalendarCoverageError(year, this.coveredYears());
  }
}

function isWeekend(day: number): boolean {
  const wd = new Date(day * DAY_MS).getUTCDay();
  return wd === 0 || wd === 6;
}
