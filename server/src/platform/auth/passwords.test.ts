import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with Argon2id m=19456 t=2 p=1 and verifies', async () => {
    const h = await hashPassword('Tongxin#2026');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'Tongxin#2026')).toBe(true);
    expect(await verifyPassword(h, 'tongxin#2026')).toBe(false);
    expect(await hashPassword('Tongxin#2026')).not.toBe(h); // random salt
    expect(needsRehash(h)).toBe(false);
  });

  it('normalises full-width input (NFKC)', async () => {
    const h = await hashPassword('Ａｂｃ１２３！');
    expect(await verifyPassword(h, 'Abc123!')).toBe(true);
  });

  it('returns false rather than throwing on a malformed hash', async () => {
    for (const bad of ['', 'not a hash', '$argon2id$v=19$m=19456,t=2,p=1$broken', '$2b$10$abcdefghijklmnopqrstuv']) {
      await expect(verifyPassword(bad, 'whatever')).resolves.toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
  });
});
