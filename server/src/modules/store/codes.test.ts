import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, newRedemptionCode, normaliseCode } from './codes.js';

describe('redemption codes', () => {
  it('are 8 characters of the unambiguous alphabet', () => {
    for (let i = 0; i < 500; i += 1) {
      const c = newRedemptionCode();
      expect(c).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      expect(normaliseCode(c)).toBe(c);
    }
    expect(CODE_ALPHABET).not.toMatch(/[01IO]/);
    expect(CODE_ALPHABET.length).toBe(32);
  });
  it('normalise what a merchant types and refuse what cannot be a code', () => {
    expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normaliseCode('ABCD EFG')).toBeNull();
    expect(normaliseCode('ABCDEFG0')).toBeNull();
    expect(normaliseCode('ABCDEFGHJ')).toBeNull();
  });
});
