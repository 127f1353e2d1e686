import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Sm4CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { decodeToken, makeToken, serviceMinutes, tokenAuthentic, windowAt, windowState, WINDOW_MS } from './qr-token.js';

const crypto = new Sm4CryptoProvider({ keys: [{ keyId: 'k1', key: Buffer.alloc(32, 7) }], activeKeyId: 'k1' });
const other = new Sm4CryptoProvider({ keys: [{ keyId: 'k2', key: Buffer.alloc(32, 9) }], activeKeyId: 'k2' });
const id = '01936f3e-1c2d-7a4b-8c5d-6e7f8091a2b3';

describe('activity QR tokens', () => {
  it('round-trips the activity, window and purpose, and only the platform key makes them', () => {
    const t = decodeToken(makeToken(crypto, id, 12345, 'out'))!;
    expect(t).toMatchObject({ activityId: id, window: 12345, purpose: 'out' });
    expect(tokenAuthentic(crypto, t)).toBe(true);
    expect(tokenAuthentic(other, decodeToken(makeToken(other, id, 12345, 'out'))!)).toBe(true);
    expect(tokenAuthentic(crypto, decodeToken(makeToken(other, id, 12345, 'out'))!)).toBe(false);
  });

  it('detects any changed bit', () => {
    const token = makeToken(crypto, id, 777, 'in');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 37 * 8 - 1 }), (bit) => {
        const raw = Buffer.from(token, 'base64url');
        raw[bit >> 3] = raw[bit >> 3]! ^ (1 << (bit & 7));
        const t = decodeToken(raw.toString('base64url'));
        return t === null || !tokenAuthentic(crypto, t);
      }),
    );
  });

  it('accepts the current and previous window only', () => {
    const now = 1_000 * WINDOW_MS + 1;
    expect(windowState(windowAt(now), now)).toBe('ok');
    expect(windowState(windowAt(now) - 1, now)).toBe('ok');
    expect(windowState(windowAt(now) - 2, now)).toBe('expired');
    expect(windowState(windowAt(now) + 1, now)).toBe('future');
  });

  it('counts service minutes in whole quarter hours, capped at the duration', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 9, 0) + m * 60_000);
    expect(serviceMinutes(at(0), at(14), at(0), at(120))).toBe(0);
    expect(serviceMinutes(at(0), at(44), at(0), at(120))).toBe(30);
    expect(serviceMinutes(at(-30), at(200), at(0), at(120))).toBe(120);
    expect(serviceMinutes(at(10), at(5), at(0), at(120))).toBe(0);
  });
});
