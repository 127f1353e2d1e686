import { describe, expect, it } from 'vitest';
import { quarterOf } from './service-record.js';
import { normaliseDate } from './import.js';
import { checkMemberValues } from './member-input.js';
import { makeIdNumber } from '../../platform/pii/id-number.js';

describe('member dates', () => {
  it('finds the quarter of a day', () => {
    expect(quarterOf('2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
    expect(quarterOf('2026-06-30')).toEqual({ from: '2026-04-01', to: '2026-07-01' });
    expect(quarterOf('2026-12-31')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
  });
  it('reads the date spellings of spreadsheets', () => {
    expect(normaliseDate('2001/7/1')).toBe('2001-07-01');
    expect(normaliseDate('2001.07.01')).toBe('2001-07-01');
    expect(normaliseDate('2001年7月1日')).toBe('2001-07-01');
    expect(normaliseDate('20010701')).toBe('2001-07-01');
    expect(normaliseDate('July 1')).toBe('July 1');
  });
  it('derives gender and birth date from the ID number and checks the joining date', () => {
    const id = makeIdNumber('350525', '19900228', 12);
    expect(checkMemberValues({ name: 'x', idNumber: id, standing: 'formal', joinDate: '2015-07-01', kind: 'employed' })).toMatchObject({ problems: [], gender: 'F', birthDate: '1990-02-28' });
    expect(checkMemberValues({ name: 'x', idNumber: id, standing: 'formal', joinDate: '2015-02-30', kind: 'employed' }).problems).toEqual([{ field: 'joinDate', code: 'date_invalid' }]);
    expect(checkMemberValues({ name: 'x', idNumber: id, standing: 'formal', joinDate: '1989-01-01', kind: 'employed' }).problems).toEqual([{ field: 'joinDate', code: 'member_join_date_invalid' }]);
  });
});
