import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarCoverageError,
  WorkingCalendar,
  formatDay,
  parseDay,
  shanghaiDayStartUtc,
  toShanghaiDate,
} from './working-calendar.js';

const cal = new WorkingCalendar();

describe('WorkingCalendar', () => {
  it('covers the years of the chinese-days data', () => {
    // chinese-days 1.5.7 ships holidays for 2004-2026.
    expect(cal.coveredYears()).toEqual({ from: 2004, to: 2026 });
  });

  it('skips weekends', () => {
    // 2026-03-06 is a Friday, 2026-03-07/08 a normal weekend.
    expect(cal.isWorkingDay('2026-03-06')).toBe(true);
    expect(cal.isWorkingDay('2026-03-07')).toBe(false);
    expect(cal.isWorkingDay('2026-03-08')).toBe(false);
    expect(cal.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(cal.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // start on a Saturday
    expect(cal.addWorkingDays('2026-03-04', 5)).toBe('2026-03-11');
    expect(cal.workingDaysBetween('2026-03-06', '2026-03-13')).toBe(5);
    expect(cal.workingDaysBetween('2026-03-13', '2026-03-06')).toBe(-5);
    expect(cal.workingDaysBetween('2026-03-07', '2026-03-08')).toBe(0);
    expect(cal.addWorkingDays('2026-03-07', 0)).toBe('2026-03-07');
  });

  it('National Day 2026: Oct 1-7 off, Sun Sep 20 and Sat Oct 10 are make-up workdays', () => {
    // chinese-days data for 2026 (State Council notice, https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm):
    // 国庆节：10月1日（周四）至7日（周三）放假调休，共7天，9月20日（周日）、10月10日（周六）上班.
    for (let d = 1; d <= 7; d++) expect(cal.isWorkingDay(`2026-10-0${d}`), `Oct ${d}`).toBe(false);
    expect(cal.describeDay('2026-10-01')).toEqual({ date: '2026-10-01', working: false, source: 'official', name: '国庆节' });
    expect(cal.isWorkingDay('2026-10-08')).toBe(true); // Thursday, back to work
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up workday
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up workday
    expect(cal.describeDay('2026-10-10')).toMatchObject({ working: true, source: 'official', name: '国庆节' });
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
    // Mid-Autumn Festival 2026: Fri Sep 25 off (with the weekend Sep 26-27).
    expect(cal.isWorkingDay('2026-09-25')).toBe(false);

    // Received Wednesday 2026-09-30, 5 working days, counted from the day after:
    //   Oct 1-7 holiday (not counted)
    //   #1 Thu Oct 8, #2 Fri Oct 9, #3 Sat Oct 10 (make-up workday, counts),
    //   Sun Oct 11 (weekend, not counted), #4 Mon Oct 12, #5 Tue Oct 13.
    // So the deadline is Tuesday 2026-10-13 (without the make-up day it would be Oct 14).
    expect(cal.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-13')).toBe(5);
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-07')).toBe(0);
  });

  it('Spring Festival 2026: Feb 15-23 off, Sat Feb 14 and Sat Feb 28 are make-up workdays', () => {
    for (let d = 15; d <= 23; d++) expect(cal.isWorkingDay(`2026-02-${d}`), `Feb ${d}`).toBe(false);
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true);
    // From Friday Feb 13: #1 Sat Feb 14 (make-up), holiday Feb 15-23, #2 Tue Feb 24, #3 Wed Feb 25.
    expect(cal.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
    // Feb 14, 24, 25, 26, 27, 28 (Saturday make-up).
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6);
    expect(cal.addWorkingDays('2026-02-13', 6)).toBe('2026-02-28');
  });

  // The package's JS API builds its tables with local-time Dates and is off by one day when the
  // process runs west of UTC (e.g. TZ=America/Los_Angeles reports 2026-10-07 as a working day),
  // which is why WorkingCalendar reads the package's JSON data instead. Cross-check where the API is sound.
  it.runIf(new Date(2026, 0, 1).getTimezoneOffset() <= 0)('agrees with the chinese-days API on every day it covers', () => {
    expect(chineseDays.findWorkday(5, '2026-09-30')).toBe(cal.addWorkingDays('2026-09-30', 5));
    const from = parseDay('2004-01-01');
    const to = parseDay('2026-12-31');
    const mismatches: string[] = [];
    for (let day = from; day <= to; day++) {
      const date = formatDay(day);
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      // Local noon of the same calendar date: the package works in the process's local time.
      if (chineseDays.isWorkday(new Date(y, m - 1, d, 12)) !== cal.isWorkingDay(date)) mismatches.push(date);
    }
    expect(mismatches).toEqual([]);
  });

  it('overrides win over the package data and shift deadlines', () => {
    // A typhoon day off on Thursday 2026-10-08 (e.g. Hainan): the 5th working day moves to Oct 14.
    const typhoon = new WorkingCalendar({ overrides: [{ date: '2026-10-08', kind: 'holiday', name: '台风停工' }] });
    expect(typhoon.isWorkingDay('2026-10-08')).toBe(false);
    expect(typhoon.describeDay('2026-10-08')).toEqual({ date: '2026-10-08', working: false, source: 'override', name: '台风停工' });
    expect(typhoon.addWorkingDays('2026-09-30', 5)).toBe('2026-10-14');
    expect(cal.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13'); // the default calendar is unchanged

    // A local make-up workday on Sunday 2026-10-11 brings it forward to Oct 12.
    const makeUp = new WorkingCalendar({ overrides: [{ date: '2026-10-11', kind: 'workday' }] });
    expect(makeUp.addWorkingDays('2026-09-30', 5)).toBe('2026-10-12');
    // An override can also cancel an official make-up workday.
    const noMakeUp = new WorkingCalendar({ overrides: [{ date: '2026-10-10', kind: 'holiday' }] });
    expect(noMakeUp.addWorkingDays('2026-09-30', 5)).toBe('2026-10-14');
  });

  it('rejects bad overrides and dates', () => {
    expect(() => new WorkingCalendar({ overrides: [{ date: '2026-02-30', kind: 'holiday' }] })).toThrow(/no such day/);
    expect(
      () =>
        new WorkingCalendar({
          overrides: [
            { date: '2026-10-08', kind: 'holiday' },
            { date: '2026-10-08', kind: 'workday' },
          ],
        }),
    ).toThrow(/both/);
    expect(() => cal.isWorkingDay('2026-9-30')).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-09-30', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2026-09-30', 1.5)).toThrow(RangeError);
  });

  it('throws CalendarCoverageError for a year neither covered nor provisional', () => {
    expect(cal.provisionalYears()).toEqual({ from: 2027, to: 2028 });
    expect(() => cal.isWorkingDay('2031-03-02')).toThrow(CalendarCoverageError);
    expect(() => cal.isWorkingDay('2031-03-02')).toThrow(
      /no holiday data for 2031: add it to the override table or upgrade chinese-days/,
    );
    expect(() => cal.isWorkingDay('2003-12-31')).toThrow(/no holiday data for 2003/);
    try {
      cal.addWorkingDays('2028-12-24', 10);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CalendarCoverageError);
      expect((err as CalendarCoverageError).year).toBe(2029);
    }
  });

  it('serves the next years provisionally: weekends and the statutory holidays, no make-up workdays', () => {
    // Thu 2026-12-24 + 10: Dec 25, 28, 29, 30, 31 (5), Fri Jan 1 2027 New Year's Day, weekend, Jan 4–8 (10).
    expect(cal.addWorkingDays('2026-12-24', 10)).toBe('2027-01-08');
    expect(cal.workingDaysBetween('2026-12-01', '2027-01-10')).toBe(27);
    expect(cal.describeDay('2027-01-01')).toEqual({ date: '2027-01-01', working: false, source: 'statutory', name: '元旦', provisional: true });
    expect(cal.describeDay('2027-01-04')).toEqual({ date: '2027-01-04', working: true, source: 'weekday', provisional: true });
    // Spring Festival 2027: New Year's Eve Fri Feb 5, the first day Sat Feb 6 → Feb 5–8 are holidays by law.
    for (const d of ['2027-02-05', '2027-02-08']) expect(cal.describeDay(d)).toMatchObject({ working: false, source: 'statutory', name: '春节' });
    expect(cal.isWorkingDay('2027-02-09')).toBe(true);
    expect(cal.isProvisional('2027-06-01')).toBe(true);
    expect(cal.isProvisional('2026-06-01')).toBe(false);
    expect(cal.describeDay('2026-06-01').provisional).toBeUndefined();
    // An override wins over the provisional rules (a make-up workday entered ahead of the rest).
    const withOverride = new WorkingCalendar({ overrides: [{ date: '2027-02-07', kind: 'workday' }, { date: '2027-02-10', kind: 'holiday' }] });
    expect(withOverride.isWorkingDay('2027-02-07')).toBe(true);
    expect(withOverride.isWorkingDay('2027-02-10')).toBe(false);
    expect(new WorkingCalendar({ provisionalYears: 0 }).provisionalYears()).toEqual({ from: 2027, to: 2026 });
    expect(() => new WorkingCalendar({ provisionalYears: 0 }).isWorkingDay('2027-01-04')).toThrow(CalendarCoverageError);
  });

  it('a year can be added through overrides before chinese-days is upgraded', () => {
    const cal2027 = new WorkingCalendar({
      additionalYears: [2027],
      overrides: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
    });
    expect(cal2027.coveredYears()).toEqual({ from: 2004, to: 2027 });
    expect(cal2027.isProvisional('2027-03-01')).toBe(false);
    expect(cal2027.provisionalYears()).toEqual({ from: 2028, to: 2029 });
    // Thu Dec 31 2026 -> Fri Jan 1 2027 is New Year's Day, then the weekend.
    expect(cal2027.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    // A covered year has no statutory guesses: only what was entered.
    expect(cal2027.isWorkingDay('2027-02-08')).toBe(true);
    expect(() => cal2027.isWorkingDay('2030-01-03')).toThrow(/no holiday data for 2030/);
    expect(() => new WorkingCalendar({ additionalYears: [2029] })).toThrow(/gap/);
  });

  it('property: addWorkingDays gives a working day, grows strictly with n, and inverts workingDaysBetween', () => {
    const first = parseDay('2004-01-01');
    const last = parseDay('2026-10-31');
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), fc.integer({ min: 1, max: 30 }), (day, n) => {
        const d = formatDay(day);
        const r = cal.addWorkingDays(d, n);
        expect(cal.isWorkingDay(r)).toBe(true);
        expect(r > d).toBe(true);
        expect(cal.addWorkingDays(d, n + 1) > r).toBe(true);
        expect(cal.workingDaysBetween(d, r)).toBe(n);
        expect(cal.workingDaysBetween(r, d)).toBe(-n);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Shanghai date helpers', () => {
  it('toShanghaiDate uses UTC+8', () => {
    expect(toShanghaiDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(toShanghaiDate(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-10-01');
    expect(toShanghaiDate(new Date('2026-09-30T00:00:00+08:00'))).toBe('2026-09-30');
    expect(() => toShanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it('shanghaiDayStartUtc is midnight +08:00', () => {
    expect(shanghaiDayStartUtc('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(shanghaiDayStartUtc('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(() => shanghaiDayStartUtc('2026-13-01')).toThrow(RangeError);
  });

  it('property: the two helpers are inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: parseDay('1990-01-01'), max: parseDay('2099-12-31') }), (day) => {
        const date = formatDay(day);
        const start = shanghaiDayStartUtc(date);
        expect(toShanghaiDate(start)).toBe(date);
        expect(toShanghaiDate(new Date(start.getTime() - 1))).toBe(formatDay(day - 1));
      }),
    );
  });
});
