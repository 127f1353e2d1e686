import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, passwordClasses } from './password-policy.js';

const policy = { minLength: 8, requireClasses: 3 };

describe('checkPasswordPolicy', () => {
  it.each([
    ['Abcdef1!', { ok: true }],
    ['abcdef12A', { ok: true }],
    ['abc-def-12', { ok: true }],
    ['Ab1!', { ok: false, reason: 'too_short' }],
    ['abcdefgh', { ok: false, reason: 'too_few_classes' }],
    ['abcdefg1', { ok: false, reason: 'too_few_classes' }],
    ['ABCD1234', { ok: false, reason: 'too_few_classes' }],
    ['同心同德abc1', { ok: true }], // non-Latin letters count as symbols
    [`Aa1!${'x'.repeat(124)}`, { ok: true }], // 128: the maximum
    [`Aa1!${'x'.repeat(125)}`, { ok: false, reason: 'too_long' }],
  ] as const)('%j -> %j', (pw, expected) => {
    expect(checkPasswordPolicy(pw, policy)).toEqual(expected);
  });

  it('uses MLPS defaults and counts code points', () => {
    expect(checkPasswordPolicy('Abcdefg1')).toEqual({ ok: true });
    expect(checkPasswordPolicy('Abcdef1')).toEqual({ ok: false, reason: 'too_short' });
    expect(checkPasswordPolicy('𠮷𠮷𠮷Aa1', { minLength: 6, requireClasses: 4 })).toEqual({ ok: true });
    expect(checkPasswordPolicy('𠮷Aa1', { minLength: 5, requireClasses: 1 })).toEqual({ ok: false, reason: 'too_short' });
    expect(passwordClasses('aA1 ')).toBe(4);
    expect(passwordClasses('')).toBe(0);
  });

  it('rejects a misconfigured policy', () => {
    expect(() => checkPasswordPolicy('x', { minLength: 0, requireClasses: 3 })).toThrow(RangeError);
    expect(() => checkPasswordPolicy('x', { minLength: 8, requireClasses: 5 })).toThrow(RangeError);
  });
});
