import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateTotpSecret, matchTotpStep, otpauthUrl, totpCode, verifyTotp } from './totp.js';

// RFC 6238 Appendix B, SHA1 rows: seed = ASCII "12345678901234567890", 8 digits.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('base32', () => {
  it('matches RFC 4648 test vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, enc] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(enc);
      expect(base32Decode(enc).toString()).toBe(plain);
    }
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow(/invalid base32/);
  });

  it('round-trips random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base32Decode(base32Encode(bytes)).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
});

describe('TOTP', () => {
  it.each(RFC_VECTORS)('RFC 6238 SHA1 vector at T=%i is %s', (t, code) => {
    expect(totpCode(RFC_SECRET, t * 1000, 8)).toBe(code);
    expect(totpCode(RFC_SECRET, t * 1000)).toBe(code.slice(2)); // 6 digits = last 6 of the 8
    expect(verifyTotp(RFC_SECRET, code, t * 1000, 0, 8)).toBe(true);
  });

  it('generates 20-byte base32 secrets', () => {
    const s = generateTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(s)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(s);
  });

  it('verifies within the window and not outside it', () => {
    const secret = base32Encode(randomBytes(20));
    const t = 1_790_000_000_000;
    const code = totpCode(secret, t);
    expect(verifyTotp(secret, code, t)).toBe(true);
    expect(verifyTotp(secret, code, t + 30_000)).toBe(true); // one step later, window 1
    expect(verifyTotp(secret, code, t - 30_000)).toBe(true);
    expect(verifyTotp(secret, code, t + 90_000)).toBe(false);
    expect(verifyTotp(secret, code, t + 30_000, 0)).toBe(totpCode(secret, t + 30_000) === code);
    expect(matchTotpStep(secret, code, t)).toBe(Math.floor(t / 30_000));
  });

  it('rejects malformed codes without throwing', () => {
    const secret = generateTotpSecret();
    const t = Date.now();
    const code = totpCode(secret, t);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code.slice(0, 5)}x`, wrong]) {
      expect(verifyTotp(secret, bad, t, 0)).toBe(false);
    }
    expect(verifyTotp(secret, ` ${code} `, t)).toBe(true);
  });

  it('builds an otpauth URL for authenticator apps', () => {
    expect(otpauthUrl(RFC_SECRET, 'zhang.san@海口')).toBe(
      'otpauth://totp/Tongxin:zhang.san%40%E6%B5%B7%E5%8F%A3?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Tongxin&algorithm=SHA1&digits=6&period=30',
    );
    expect(otpauthUrl(RFC_SECRET, 'a', '同心 Test')).toContain('otpauth://totp/%E5%90%8C%E5%BF%83%20Test:a?');
  });
});
