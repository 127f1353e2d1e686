/**
 * The public holidays fixed by law (《全国年节及纪念日放假办法》, as revised by the State Council on
 * 2024-11-10, in force since 2025-01-01): New Year's Day 1 day (1 January), Spring Festival 4 days (New Year's
 * Eve and the first three days of the first lunar month), Qingming 1 day (the day of the solar term), Labour Day
 * 2 days (1–2 May), Dragon Boat Festival 1 day (5th of the 5th lunar month), Mid-Autumn Festival 1 day (15th of
 * the 8th lunar month), National Day 3 days (1–3 October).
 *
 * These are known for any year; what is not known until the General Office of the State Council publishes a
 * year's schedule (usually in November of the year before) is how they are joined to weekends and which
 * weekend days become make-up workdays (调休). The working calendar uses these days only for a year whose
 * schedule has not been entered (see `WorkingCalendar`, "provisional years").
 *
 * Lunar dates and the solar term come from the `chinese-days` package.
 */
import { createRequire } from 'node:module';

export interface StatutoryHoliday {
  date: string;
  name: string;
}

interface ChineseDaysLunar {
  getSolarDateFromLunar(lunar: string): { date: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
}

let lib: ChineseDaysLunar | undefined;
function lunar(): ChineseDaysLunar {
  if (!lib) {
    const require = createRequire(import.meta.url);
    lib = require('chinese-days') as ChineseDaysLunar;
  }
  return lib;
}

const DAY_MS = 86_400_000;
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The statutory holidays of a Gregorian year (2025 or later rules), in date order. */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isSafeInteger(year) || year < 2025 || year > 2099) throw new RangeError(`statutoryHolidays: ${year} is outside 2025–2099`);
  const l = lunar();
  const newYear = l.getSolarDateFromLunar(`${year}-01-01`).date; // 正月初一 of the lunar year starting in this year
  const days: StatutoryHoliday[] = [
    { date: `${year}-01-01`, name: '元旦' },
    { date: shift(newYear, -1), name: '春节' }, // 除夕
    { date: newYear, name: '春节' },
    { date: shift(newYear, 1), name: '春节' },
    { date: shift(newYear, 2), name: '春节' },
    { date: l.getSolarTermDate(year, 4, 'pure_brightness'), name: '清明节' },
    { date: `${year}-05-01`, name: '劳动节' },
    { date: `${year}-05-02`, name: '劳动节' },
    { date: l.getSolarDateFromLunar(`${year}-05-05`).date, name: '端午节' },
    { date: l.getSolarDateFromLunar(`${year}-08-15`).date, name: '中秋节' },
    { date: `${year}-10-01`, name: '国庆节' },
    { date: `${year}-10-02`, name: '国庆节' },
    { date: `${year}-10-03`, name: '国庆节' },
  ];
  return days.filter((d) => d.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
}
