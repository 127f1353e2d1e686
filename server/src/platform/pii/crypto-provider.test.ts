import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PiiCryptoError, Sm4CryptoProvider, normalizeForIndex } from './crypto-provider.js';
import type { MasterKey } from './crypto-provider.js';
import { keyIdOf } from './key-store.js';

function newKey(): MasterKey {
  const key = randomBytes(32);
  return { keyId: keyIdOf(key), key };
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('Sm4CryptoProvider', () => {
  const k1 = newKey();
  const provider = Sm4CryptoProvider.fromMasterKey(k1);

  it('round-trips arbitrary strings, including Chinese text and the empty string', () => {
    for (const plain of ['13812341234', '460100199001011234', '张三', '', '海口市美兰区 日月广场 1 号 🏠']) {
      const token = provider.encrypt(plain, 'resident.phone');
      expect(provider.decrypt(token, 'resident.phone')).toBe(plain);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), fc.string({ maxLength: 20 }), (plain, ctx) => {
        expect(provider.decrypt(provider.encrypt(plain, ctx), ctx)).toBe(plain);
      }),
      { numRuns: 200 },
    );
  });

  it('produces the documented compact format and never contains the plaintext', () => {
    const token = provider.encrypt('13812341234', 'resident.phone');
    expect(token).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.split('.')[1]).toBe(k1.keyId);
    expect(token).not.toContain('13812341234');
    expect(provider.keyId).toBe(k1.keyId);
  });

  it('gives different ciphertexts for the same value (random IV)', () => {
    const a = provider.encrypt('13812341234', 'resident.phone');
    const b = provider.encrypt('13812341234', 'resident.phone');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('detects tampering: changing any character of the token throws', () => {
    const token = provider.encrypt('460100199001011234', 'resident.id_number');
    for (let i = 0; i < token.length; i++) {
      const orig = token[i] ?? '';
      // Try a few replacements per position, including '.' and characters that only flip base64 padding bits.
      const replacements = [B64URL[(B64URL.indexOf(orig) + 1) % 64], B64URL[(B64URL.indexOf(orig) + 17) % 64], '.', 'A'];
      for (const r of replacements) {
        if (r === undefined || r === orig) continue;
        const tampered = token.slice(0, i) + r + token.slice(i + 1);
        expect(() => provider.decrypt(tampered, 'resident.id_number'), `position ${i} -> ${r}`).toThrow(PiiCryptoError);
      }
    }
  });

  it('detects tampering: flipping any bit of iv, ciphertext or tag throws', () => {
    const token = provider.encrypt('张三', 'resident.name');
    const [v, kid, ...rest] = token.split('.');
    for (let part = 0; part < 3; part++) {
      const bytes = Buffer.from(rest[part] ?? '', 'base64url');
      for (let byte = 0; byte < bytes.length; byte++) {
        for (let bit = 0; bit < 8; bit++) {
          const flipped = Buffer.from(bytes);
          flipped[byte] = (flipped[byte] ?? 0) ^ (1 << bit);
          const parts = [...rest];
          parts[part] = flipped.toString('base64url');
          expect(() => provider.decrypt([v, kid, ...parts].join('.'), 'resident.name')).toThrow(PiiCryptoError);
        }
      }
    }
    // Truncation and extension are rejected too.
    expect(() => provider.decrypt(token.slice(0, -1), 'resident.name')).toThrow(PiiCryptoError);
    expect(() => provider.decrypt(`${token}A`, 'resident.name')).toThrow(PiiCryptoError);
    expect(() => provider.decrypt(`${token}.x`, 'resident.name')).toThrow(PiiCryptoError);
    expect(() => provider.decrypt('', 'resident.name')).toThrow(PiiCryptoError);
    expect(() => provider.decrypt(token.replace(/^v1/, 'v2'), 'resident.name')).toThrow(/version/);
  });

  it('rejects a token decrypted under a different context', () => {
    const token = provider.encrypt('13812341234', 'resident.phone');
    expect(() => provider.decrypt(token, 'member.phone')).toThrow(/authentication failed/);
    expect(() => provider.decrypt(token, '')).toThrow(PiiCryptoError);
  });

  it('rejects tokens of another key and unknown key ids; error messages carry no plaintext', () => {
    const other = Sm4CryptoProvider.fromMasterKey(newKey());
    const token = provider.encrypt('13812341234', 'resident.phone');
    expect(() => other.decrypt(token, 'resident.phone')).toThrow(/unknown key id/);
    // Same key id but a different key: authentication fails.
    const impostor = Sm4CryptoProvider.fromMasterKey({ keyId: k1.keyId, key: randomBytes(32) });
    try {
      impostor.decrypt(token, 'resident.phone');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PiiCryptoError);
      expect(String(err)).not.toContain('13812341234');
    }
  });

  it('computes normalised, deterministic blind indexes', () => {
    const a = provider.blindIndex('13812341234', 'phone');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(provider.blindIndex('138 1234 1234', 'phone')).toBe(a);
    expect(provider.blindIndex(' 138-1234-1234 ', 'phone')).toBe(a);
    expect(provider.blindIndex('１３８１２３４１２３４', 'phone')).toBe(a); // full-width digits
    expect(provider.blindIndex('13812341235', 'phone')).not.toBe(a);
    // Domain separation by kind.
    expect(provider.blindIndex('13812341234', 'id_number')).not.toBe(a);
    // ID numbers: lowercase x equals X.
    expect(provider.blindIndex('46010019900101123x', 'id_number')).toBe(provider.blindIndex('46010019900101123X', 'id_number'));
    // Equal blind indexes although the ciphertexts differ.
    expect(provider.encrypt('13812341234', 'p')).not.toBe(provider.encrypt('13812341234', 'p'));
    // Another key gives another index (the index is keyed, not a plain hash).
    expect(Sm4CryptoProvider.fromMasterKey(newKey()).blindIndex('13812341234', 'phone')).not.toBe(a);
    expect(() => provider.blindIndex('x', 'a:b')).toThrow(/kind/);
    expect(normalizeForIndex(' 460100-1990 0101 123x ')).toBe('46010019900101123X');
  });

  it('supports key rotation: old tokens decrypt after a new active key is added', () => {
    const old = Sm4CryptoProvider.fromMasterKey(k1);
    const oldToken = old.encrypt('13812341234', 'resident.phone');
    const oldIndex = old.blindIndex('13812341234', 'phone');

    const k2 = newKey();
    const rotated = new Sm4CryptoProvider({ keys: [k1, k2], activeKeyId: k2.keyId, indexKeyId: k1.keyId });
    expect(rotated.keyId).toBe(k2.keyId);
    expect(rotated.keyIds().sort()).toEqual([k1.keyId, k2.keyId].sort());
    expect(rotated.decrypt(oldToken, 'resident.phone')).toBe('13812341234');
    const newToken = rotated.encrypt('13812341234', 'resident.phone');
    expect(newToken.split('.')[1]).toBe(k2.keyId);
    expect(rotated.decrypt(newToken, 'resident.phone')).toBe('13812341234');
    // The old provider cannot read tokens of the new key.
    expect(() => old.decrypt(newToken, 'resident.phone')).toThrow(/unknown key id/);
    // Pinned index key keeps stored blind indexes valid.
    expect(rotated.blindIndex('138 1234 1234', 'phone')).toBe(oldIndex);
    // Default active key is the last one given.
    expect(new Sm4CryptoProvider({ keys: [k1, k2] }).keyId).toBe(k2.keyId);
  });

  it('rejects bad configuration', () => {
    expect(() => new Sm4CryptoProvider({ keys: [] })).toThrow(/at least one/);
    expect(() => Sm4CryptoProvider.fromMasterKey({ keyId: 'k', key: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => Sm4CryptoProvider.fromMasterKey({ keyId: 'a.b', key: randomBytes(32) })).toThrow(/keyId/);
    expect(() => new Sm4CryptoProvider({ keys: [k1], activeKeyId: 'nope' })).toThrow(/active key/);
    expect(() => new Sm4CryptoProvider({ keys: [k1, k1] })).toThrow(/duplicate/);
  });
});
