import { describe, expect, it } from 'vitest';
import { dueAfterHours, dueAfterWorkingDays } from './deadline.js';
import { CalendarCoverageError, WorkingCalendar } from './working-calendar.js';

const cal = new WorkingCalendar();

describe('dueAfterWorkingDays', () => {
  it('received 2026-09-30 with a 5-working-day limit is due after National Day, counting the make-up workday', () => {
    // Working days after Wed 2026-09-30 (holiday Oct 1-7 per chinese-days / State Council):
    // #1 Thu Oct 8, #2 Fri Oct 9, #3 Sat Oct 10 (调休 make-up workday), Sun Oct 11 off,
    // #4 Mon Oct 12, #5 Tue Oct 13 -> due Tue 2026-10-13 23:59:59.999 Shanghai = 15:59:59.999Z.
    const receivedAt = new Date('2026-09-30T10:15:00+08:00');
    expect(dueAfterWorkingDays(receivedAt, 5, cal).toISOString()).toBe('2026-10-13T15:59:59.999Z');
    // The time of day on the receiving date does not matter.
    expect(dueAfterWorkingDays(new Date('2026-09-30T00:00:00+08:00'), 5, cal).toISOString()).toBe('2026-10-13T15:59:59.999Z');
    expect(dueAfterWorkingDays(new Date('2026-09-30T23:59:59+08:00'), 5, cal).toISOString()).toBe('2026-10-13T15:59:59.999Z');
  });

  it('uses the Shanghai date of the receiving instant, not the UTC date', () => {
    // 2026-09-29T15:30Z is Tue Sep 29 23:30 in Shanghai: Sep 30 is working day #1, then Oct 8, 9, 10, 12.
    expect(dueAfterWorkingDays(new Date('2026-09-29T15:30:00Z'), 5, cal).toISOString()).toBe('2026-10-12T15:59:59.999Z');
    // 2026-09-29T16:30Z is already Wed Sep 30 00:30 in Shanghai.
    expect(dueAfterWorkingDays(new Date('2026-09-29T16:30:00Z'), 5, cal).toISOString()).toBe('2026-10-13T15:59:59.999Z');
  });

  it('an override turning a working day into a holiday shifts the deadline', () => {
    const typhoon = new WorkingCalendar({ overrides: [{ date: '2026-10-12', kind: 'holiday', name: '台风停工' }] });
    expect(dueAfterWorkingDays(new Date('2026-09-30T10:00:00+08:00'), 5, typhoon).toISOString()).toBe(
      '2026-10-14T15:59:59.999Z',
    );
  });

  it('over the weekend and across Spring Festival 2026', () => {
    // Fri 2026-03-06 + 1 working day = Mon 2026-03-09.
    expect(dueAfterWorkingDays(new Date('2026-03-06T09:00:00+08:00'), 1, cal).toISOString()).toBe('2026-03-09T15:59:59.999Z');
    // Fri 2026-02-13: #1 Sat Feb 14 (make-up), Feb 15-23 off, #2 Tue Feb 24, #3 Wed Feb 25.
    expect(dueAfterWorkingDays(new Date('2026-02-13T09:00:00+08:00'), 3, cal).toISOString()).toBe('2026-02-25T15:59:59.999Z');
  });

  it('counts provisionally into next year, and fails loudly beyond the provisional years', () => {
    // Mon 2026-12-28 + 5: Dec 29, 30, 31, (Jan 1 holiday by law, weekend) Jan 4, 5.
    expect(dueAfterWorkingDays(new Date('2026-12-28T09:00:00+08:00'), 5, cal).toISOString()).toBe('2027-01-05T15:59:59.999Z');
    expect(() => dueAfterWorkingDays(new Date('2028-12-28T09:00:00+08:00'), 5, cal)).toThrow(CalendarCoverageError);
  });

  it('rejects non-positive or fractional limits', () => {
    expect(() => dueAfterWorkingDays(new Date(), 0, cal)).toThrow(RangeError);
    expect(() => dueAfterWorkingDays(new Date(), 2.5, cal)).toThrow(RangeError);
  });
});

describe('dueAfterHours', () => {
  it('adds natural time regardless of holidays', () => {
    const at = new Date('2026-09-30T22:00:00+08:00');
    expect(dueAfterHours(at, 24).toISOString()).toBe('2026-10-01T14:00:00.000Z');
    expect(dueAfterHours(at, 0.5).toISOString()).toBe('2026-09-30T14:30:00.000Z'); // on site within 30 minutes
    expect(dueAfterHours(at, 0).getTime()).toBe(at.getTime());
  });

  it('rejects bad input', () => {
    expect(() => dueAfterHours(new Date('x'), 1)).toThrow(RangeError);
    expect(() => dueAfterHours(new Date(), -1)).toThrow(RangeError);
    expect(() => dueAfterHours(new Date(), Number.NaN)).toThrow(RangeError);
  });
});
