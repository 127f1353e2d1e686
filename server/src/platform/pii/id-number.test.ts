import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, makeIdNumber, validateIdNumber, validatePhone } from './id-number.js';

const NOW = new Date('2026-06-01T00:00:00Z');

/** A valid ID number from its parts, for property tests. */
const validIdArb = fc
  .record({
    region: fc.constantFrom('110101', '310115', '440305', '460100', '460108', '650102', '810000'),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-05-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, seq }) => makeIdNumber(region, birth.toISOString().slice(0, 10).replaceAll('-', ''), seq));

describe('validateIdNumber', () => {
  it('accepts generated numbers and reports birth date and gender', () => {
    const male = makeIdNumber('460100', '19900101', '123');
    expect(male).toHaveLength(18);
    expect(validateIdNumber(male, NOW)).toEqual({ ok: true, normalized: male, birthDate: '1990-01-01', gender: 'M' });
    const female = makeIdNumber('110101', '20000229', 2);
    expect(validateIdNumber(female, NOW)).toEqual({ ok: true, normalized: female, birthDate: '2000-02-29', gender: 'F' });
    for (const id of [makeIdNumber('310115', '19491001', '001'), makeIdNumber('650102', '19000101', '999'), makeIdNumber('440305', '20260531', '500')]) {
      expect(validateIdNumber(id, NOW).ok).toBe(true);
    }
  });

  it('accepts a known published example (GB 11643-1999 annex: 11010519491231002X)', () => {
    expect(validateIdNumber('11010519491231002X', NOW)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'F',
    });
    // Lowercase x and surrounding whitespace are normalised.
    expect(validateIdNumber(' 11010519491231002x ', NOW)).toMatchObject({ ok: true, normalized: '11010519491231002X' });
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('every single-character substitution of a valid number fails (property)', () => {
    fc.assert(
      fc.property(validIdArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, delta) => {
        const chars = '0123456789X';
        const orig = id[pos] ?? '';
        const alphabet = pos === 17 ? chars : chars.slice(0, 10);
        const next = alphabet[(alphabet.indexOf(orig) + delta) % alphabet.length] ?? '';
        fc.pre(next !== orig);
        const mutated = id.slice(0, pos) + next + id.slice(pos + 1);
        expect(validateIdNumber(id, NOW).ok).toBe(true);
        expect(validateIdNumber(mutated, NOW).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('exhaustively: every single-digit mutation of one number fails', () => {
    const id = makeIdNumber('460100', '19900101', '123');
    for (let pos = 0; pos < 18; pos++) {
      for (const c of '0123456789X') {
        if (c === id[pos] || (c === 'X' && pos < 17)) continue;
        expect(validateIdNumber(id.slice(0, pos) + c + id.slice(pos + 1), NOW).ok, `${pos}=${c}`).toBe(false);
      }
    }
  });

  it.each([
    ['', 'length'],
    ['46010019900101123', 'length'],
    ['4601001990010112345', 'length'],
    ['460100900101123', 'length'], // legacy 15-digit numbers are not accepted
    ['46010019900101123A', 'format'],
    ['4601001990010112X4', 'format'],
    ['46010019900101 234', 'format'],
    ['960100199001011234', 'region'],
    ['060100199001011234', 'region'],
    ['100100199001011234', 'region'], // first digit 1 but no province 10
    ['460100199002301234', 'birthdate'], // 30 February
    ['460100199013011234', 'birthdate'], // month 13
    ['460100189912311234', 'birthdate'], // before 1900
    ['460100203001011234', 'birthdate'], // in the future
    ['460100199001011235', 'checksum'],
  ] as const)('rejects %j as %s', (input, reason) => {
    expect(validateIdNumber(input, NOW)).toEqual({ ok: false, reason });
  });

  it('the birth date limit is today in Shanghai', () => {
    const id = makeIdNumber('460100', '20260601', '123');
    // 2026-05-31T16:00Z is already 2026-06-01 in Shanghai.
    expect(validateIdNumber(id, new Date('2026-05-31T16:00:00Z')).ok).toBe(true);
    expect(validateIdNumber(id, new Date('2026-05-31T15:59:59Z'))).toEqual({ ok: false, reason: 'birthdate' });
  });

  it('makeIdNumber rejects bad parts', () => {
    expect(() => makeIdNumber('46010', '19900101', '123')).toThrow(/region/);
    expect(() => makeIdNumber('990100', '19900101', '123')).toThrow(/region/);
    expect(() => makeIdNumber('460100', '19900230', '123')).toThrow(/birth/);
    expect(() => makeIdNumber('460100', '19900101', '1234')).toThrow(/seq/);
  });
});

describe('validatePhone', () => {
  it.each([
    ['13812341234', '13812341234'],
    [' 138 1234 1234 ', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['008613812341234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'],
    ['19912341234', '19912341234'],
  ])('accepts %j as %j', (input, normalized) => {
    expect(validatePhone(input)).toEqual({ ok: true, normalized });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['1381234123', 'length'],
    ['138123412345', 'length'],
    ['12812341234', 'format'], // second digit must be 3-9
    ['23812341234', 'format'],
    ['1381234123a', 'format'],
    ['tel:13812341234', 'format'],
  ] as const)('rejects %j as %s', (input, reason) => {
    expect(validatePhone(input)).toEqual({ ok: false, reason });
  });
});
