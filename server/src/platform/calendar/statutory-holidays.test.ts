import { describe, expect, it } from 'vitest';
import { statutoryHolidays } from './statutory-holidays.js';
import { WorkingCalendar } from './working-calendar.js';

describe('statutory holidays', () => {
  it('are 13 days a year, each a holiday in the official schedules of 2025 and 2026', () => {
    const official = new WorkingCalendar({ provisionalYears: 0 });
    for (const year of [2025, 2026]) {
      const days = statutoryHolidays(year);
      expect(days).toHaveLength(13);
      for (const d of days) expect(official.describeDay(d.date), `${d.date} ${d.name}`).toMatchObject({ working: false, source: 'official' });
    }
  });

  it('follow the lunar calendar and the solar term', () => {
    const y2026 = Object.fromEntries(statutoryHolidays(2026).map((d) => [d.date, d.name]));
    // 2026: New Year's Eve Feb 16, Spring Festival Feb 17; Qingming Apr 5; Dragon Boat Jun 19; Mid-Autumn Sep 25.
    expect(y2026['2026-02-16']).toBe('春节');
    expect(y2026['2026-02-19']).toBe('春节');
    expect(y2026['2026-04-05']).toBe('清明节');
    expect(y2026['2026-06-19']).toBe('端午节');
    expect(y2026['2026-09-25']).toBe('中秋节');
    const y2027 = statutoryHolidays(2027).map((d) => d.date);
    expect(y2027).toContain('2027-02-05'); // 除夕
    expect(y2027).toContain('2027-02-08'); // 初三
    expect(() => statutoryHolidays(2024)).toThrow(RangeError);
  });
});
