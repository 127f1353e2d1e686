import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../platform/calendar/working-calendar.js';
import { computeDeadlines, deadlineStatus, extend, returnWindowEnd, rulesFor, shiftForSuspension, validateRules } from './deadlines.js';
import type { CalendarLike, DeadlineRules } from './deadlines.js';

const cal = new WorkingCalendar();
const ms = (iso: string): number => new Date(iso).getTime();
const HOUR = 3_600_000;

const FIVE_DAYS: DeadlineRules = { acceptHours: 2, onSiteMinutes: 30, workingDays: 5, warnShare: 2 / 3, returnWindowHours: 24 };

describe('computeDeadlines', () => {
  it('received 2026-09-30 10:00 Shanghai, 5 working days: due at the end of 2026-10-13 (National Day, make-up Sat 10-10)', () => {
    // Holiday 10-01..10-07; #1 Thu 10-08, #2 Fri 10-09, #3 Sat 10-10 (调休), Sun 10-11 off, #4 Mon 10-12, #5 Tue 10-13.
    const receivedAt = ms('2026-09-30T10:00:00+08:00');
    const d = computeDeadlines(receivedAt, FIVE_DAYS, cal);
    expect(new Date(d.dueBy).toISOString()).toBe('2026-10-13T15:59:59.999Z');
    expect(d.dueBy).toBe(ms('2026-10-13T23:59:59.999+08:00'));
    expect(d.acceptBy).toBe(ms('2026-09-30T12:00:00+08:00'));
    expect(d.onSiteBy).toBe(ms('2026-09-30T10:30:00+08:00'));
    // Warning at two thirds of the time from receipt to due.
    expect(d.warnAt).toBe(receivedAt + Math.round((2 / 3) * (d.dueBy - receivedAt)));
    expect(d.warnAt).toBeGreaterThan(receivedAt);
    expect(d.warnAt).toBeLessThan(d.dueBy);
    // About 13.58 days from receipt to due → warning around 9.05 days in: 2026-10-09 in Shanghai.
    expect(new Date(d.warnAt + 8 * HOUR).toISOString().slice(0, 10)).toBe('2026-10-09');
  });

  it('has no on-site deadline without an on-site limit, and a configurable warning share', () => {
    const receivedAt = ms('2026-03-02T09:00:00+08:00'); // Monday
    const d = computeDeadlines(receivedAt, { ...FIVE_DAYS, onSiteMinutes: null, warnShare: 0.5 }, cal);
    expect(d.onSiteBy).toBeNull();
    expect(d.dueBy).toBe(ms('2026-03-09T23:59:59.999+08:00'));
    expect(d.warnAt).toBe(receivedAt + Math.round(0.5 * (d.dueBy - receivedAt)));
  });

  it('rejects unusable rules', () => {
    const at = ms('2026-03-02T09:00:00+08:00');
    expect(() => computeDeadlines(at, { ...FIVE_DAYS, workingDays: 0 }, cal)).toThrow(RangeError);
    expect(() => computeDeadlines(at, { ...FIVE_DAYS, workingDays: 1.5 }, cal)).toThrow(RangeError);
    expect(() => computeDeadlines(at, { ...FIVE_DAYS, warnShare: 0 }, cal)).toThrow(RangeError);
    expect(() => computeDeadlines(at, { ...FIVE_DAYS, warnShare: 1.2 }, cal)).toThrow(RangeError);
    expect(() => computeDeadlines(at, { ...FIVE_DAYS, acceptHours: 0 }, cal)).toThrow(RangeError);
    expect(() => computeDeadlines(at, { ...FIVE_DAYS, onSiteMinutes: -1 }, cal)).toThrow(RangeError);
    expect(() => validateRules({ ...FIVE_DAYS, returnWindowHours: Number.NaN })).toThrow(RangeError);
  });
});

describe('shiftForSuspension', () => {
  it('moves the completion deadline and warning later by exactly the suspended time, not the accept/on-site deadlines', () => {
    const d = computeDeadlines(ms('2026-09-30T10:00:00+08:00'), FIVE_DAYS, cal);
    const s = shiftForSuspension(d, 3 * HOUR + 17);
    expect(s.dueBy - d.dueBy).toBe(3 * HOUR + 17);
    expect(s.warnAt - d.warnAt).toBe(3 * HOUR + 17);
    expect(s.acceptBy).toBe(d.acceptBy);
    expect(s.onSiteBy).toBe(d.onSiteBy);
    expect(shiftForSuspension(d, 0)).toEqual(d);
    expect(() => shiftForSuspension(d, -1)).toThrow(RangeError);
  });
});

describe('extend', () => {
  it('moves the due date by working days over the calendar, and the warning with it', () => {
    const receivedAt = ms('2026-09-30T10:00:00+08:00');
    const d = computeDeadlines(receivedAt, FIVE_DAYS, cal);
    // Due Tue 10-13; +3 working days → Fri 10-16.
    const e = extend(d, 3, cal, receivedAt, FIVE_DAYS);
    expect(e.dueBy).toBe(ms('2026-10-16T23:59:59.999+08:00'));
    // Without suspensions the 2/3 rule holds exactly for the new period.
    expect(e.warnAt).toBe(receivedAt + Math.round((2 / 3) * (e.dueBy - receivedAt)));
    expect(e.acceptBy).toBe(d.acceptBy);
    // Same as a case that had 8 working days from the start.
    expect(e.dueBy).toBe(computeDeadlines(receivedAt, { ...FIVE_DAYS, workingDays: 8 }, cal).dueBy);
  });

  it('keeps time added by a suspension', () => {
    const receivedAt = ms('2026-03-02T09:00:00+08:00');
    const d = shiftForSuspension(computeDeadlines(receivedAt, FIVE_DAYS, cal), 5 * HOUR);
    // Due Mon 03-09 23:59:59.999 + 5 h = Tue 03-10 04:59:59.999; +1 working day → Wed 03-11 same time.
    expect(d.dueBy).toBe(ms('2026-03-10T04:59:59.999+08:00'));
    const e = extend(d, 1, cal, receivedAt, FIVE_DAYS);
    expect(e.dueBy).toBe(ms('2026-03-11T04:59:59.999+08:00'));
    expect(e.warnAt).toBeGreaterThan(d.warnAt);
  });

  it('never moves anything earlier (property, weekend calendar)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: ms('2026-01-01T00:00:00Z'), max: ms('2026-06-30T00:00:00Z') }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.array(fc.oneof(fc.record({ suspend: fc.integer({ min: 0, max: 10 * 24 * HOUR }) }), fc.record({ days: fc.integer({ min: 1, max: 30 }) })), {
          maxLength: 8,
        }),
        (receivedAt, workingDays, warnShare, ops) => {
          const rules = { ...FIVE_DAYS, workingDays, warnShare };
          let d = computeDeadlines(receivedAt, rules, cal);
          expect(d.warnAt).toBeGreaterThanOrEqual(receivedAt);
          expect(d.warnAt).toBeLessThanOrEqual(d.dueBy);
          for (const op of ops) {
            const n = 'suspend' in op ? shiftForSuspension(d, op.suspend) : extend(d, op.days, weekendCalendar, receivedAt, rules);
            expect(n.dueBy).toBeGreaterThanOrEqual(d.dueBy);
            expect(n.warnAt).toBeGreaterThanOrEqual(d.warnAt);
            expect(n.warnAt).toBeLessThanOrEqual(n.dueBy);
            expect(n.acceptBy).toBe(d.acceptBy);
            expect(n.onSiteBy).toBe(d.onSiteBy);
            if ('days' in op) expect(n.dueBy).toBeGreaterThan(d.dueBy);
            d = n;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Weekends only, never runs out of years. */
const weekendCalendar: CalendarLike = {
  addWorkingDays(start: string, n: number): string {
    let t = Date.parse(`${start}T00:00:00Z`);
    let left = n;
    while (left > 0) {
      t += 86_400_000;
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) left -= 1;
    }
    return new Date(t).toISOString().slice(0, 10);
  },
};

describe('deadlineStatus', () => {
  const receivedAt = ms('2026-09-30T10:00:00+08:00');
  const d = computeDeadlines(receivedAt, FIVE_DAYS, cal);

  it('is ok before the warning, warning from warnAt, overdue after dueBy', () => {
    expect(deadlineStatus(d, receivedAt)).toBe('ok');
    expect(deadlineStatus(d, d.warnAt - 1)).toBe('ok');
    expect(deadlineStatus(d, d.warnAt)).toBe('warning');
    expect(deadlineStatus(d, d.dueBy)).toBe('warning');
    expect(deadlineStatus(d, d.dueBy + 1)).toBe('overdue');
  });

  it('counts pending accept and on-site deadlines when asked', () => {
    expect(deadlineStatus(d, d.acceptBy + 1)).toBe('ok');
    expect(deadlineStatus(d, d.acceptBy + 1, { acceptPending: true })).toBe('overdue');
    expect(deadlineStatus(d, receivedAt + 31 * 60_000, { onSitePending: true })).toBe('overdue');
    expect(deadlineStatus(d, receivedAt + 29 * 60_000, { onSitePending: true })).toBe('ok');
  });

  it('judges a suspended case as of the moment it was suspended (clock stopped)', () => {
    expect(deadlineStatus(d, d.dueBy + 10 * HOUR, { suspendedAt: d.warnAt - 1 })).toBe('ok');
    expect(deadlineStatus(d, d.dueBy + 10 * HOUR, { suspendedAt: null })).toBe('overdue');
  });
});

describe('rulesFor', () => {
  const gridCategory = { acceptHours: 4, onSiteMinutes: 60, workingDays: 5 };
  const deptCategory = { acceptHours: 24, onSiteMinutes: null, workingDays: 15 };

  it('normal: the category limits with default warning share and return window', () => {
    expect(rulesFor(gridCategory, 'normal')).toEqual({ acceptHours: 4, onSiteMinutes: 60, workingDays: 5, warnShare: 2 / 3, returnWindowHours: 24 });
    expect(rulesFor({ ...deptCategory, warnShare: 0.8, returnWindowHours: 2 }, 'normal')).toMatchObject({ warnShare: 0.8, returnWindowHours: 2 });
  });

  it('urgent: accept hours and working days halved, at least 1, never longer than normal', () => {
    expect(rulesFor(gridCategory, 'urgent')).toMatchObject({ acceptHours: 2, workingDays: 2, onSiteMinutes: 60 });
    expect(rulesFor(deptCategory, 'urgent')).toMatchObject({ acceptHours: 12, workingDays: 7, onSiteMinutes: null });
    expect(rulesFor({ acceptHours: 1, onSiteMinutes: null, workingDays: 1 }, 'urgent')).toMatchObject({ acceptHours: 1, workingDays: 1 });
    expect(rulesFor({ acceptHours: 1.5, onSiteMinutes: null, workingDays: 3 }, 'urgent')).toMatchObject({ acceptHours: 1, workingDays: 1 });
    expect(rulesFor({ acceptHours: 0.5, onSiteMinutes: null, workingDays: 3 }, 'urgent')).toMatchObject({ acceptHours: 0.5 });
  });

  it('emergency: accept within 1 hour, 1 working day, on site within 30 minutes for grid categories', () => {
    expect(rulesFor(gridCategory, 'emergency')).toMatchObject({ acceptHours: 1, workingDays: 1, onSiteMinutes: 30 });
    expect(rulesFor(deptCategory, 'emergency')).toMatchObject({ acceptHours: 1, workingDays: 1, onSiteMinutes: null });
    expect(rulesFor({ ...gridCategory, onSiteMinutes: 15 }, 'emergency')).toMatchObject({ onSiteMinutes: 15 });
  });

  it('emergency deadlines on the real calendar: received Wed 2026-09-30 → due end of Thu 10-08', () => {
    const receivedAt = ms('2026-09-30T22:00:00+08:00');
    const d = computeDeadlines(receivedAt, rulesFor(gridCategory, 'emergency'), cal);
    expect(d.dueBy).toBe(ms('2026-10-08T23:59:59.999+08:00'));
    expect(d.acceptBy).toBe(receivedAt + HOUR);
    expect(d.onSiteBy).toBe(receivedAt + 30 * 60_000);
  });

  it('refuses invalid category limits', () => {
    expect(() => rulesFor({ acceptHours: 4, onSiteMinutes: null, workingDays: 0 }, 'normal')).toThrow(RangeError);
  });

  it('return window ends returnWindowHours after dispatch', () => {
    expect(returnWindowEnd(1000, { returnWindowHours: 2 })).toBe(1000 + 2 * HOUR);
  });
});
