import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sm4CryptoProvider } from './crypto-provider.js';
import { keyIdOf, loadOrCreateMasterKey, masterKeyFromEnv, masterKeyPath } from './key-store.js';

const posix = process.platform !== 'win32';

describe('loadOrCreateMasterKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tongxin-keys-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the key file once with mode 0600 and reuses it', () => {
    const first = loadOrCreateMasterKey(join(dir, 'data')); // parent directories are created
    const path = masterKeyPath(join(dir, 'data'));
    expect(path).toBe(join(dir, 'data', 'keys', 'master.key'));
    expect(first.key).toHaveLength(32);
    expect(first.keyId).toBe(keyIdOf(first.key));
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);

    const json = JSON.parse(readFileSync(path, 'utf8')) as { keyId: string; key: string };
    expect(json.keyId).toBe(first.keyId);
    expect(Buffer.from(json.key, 'base64').equals(first.key)).toBe(true);

    const mtime = statSync(path).mtimeMs;
    const second = loadOrCreateMasterKey(join(dir, 'data'));
    expect(second.keyId).toBe(first.keyId);
    expect(second.key.equals(first.key)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    // No temporary files left behind.
    expect(readdirSync(join(dir, 'data', 'keys'))).toEqual(['master.key']);

    // Data encrypted under the first load decrypts after "restart".
    const token = Sm4CryptoProvider.fromMasterKey(first).encrypt('13812341234', 'c');
    expect(Sm4CryptoProvider.fromMasterKey(second).decrypt(token, 'c')).toBe('13812341234');
  });

  it.runIf(posix)('refuses a key file readable by others', () => {
    loadOrCreateMasterKey(dir);
    chmodSync(masterKeyPath(dir), 0o644);
    expect(() => loadOrCreateMasterKey(dir)).toThrow(/chmod 600/);
  });

  it('names what is wrong with a corrupt key file', () => {
    loadOrCreateMasterKey(dir);
    const path = masterKeyPath(dir);
    writeFileSync(path, 'not json', { mode: 0o600 });
    expect(() => loadOrCreateMasterKey(dir)).toThrow(/not valid JSON/);
    writeFileSync(path, JSON.stringify({ keyId: 'abc', key: randomBytes(16).toString('base64') }));
    expect(() => loadOrCreateMasterKey(dir)).toThrow(/16 bytes, expected 32/);
    writeFileSync(path, JSON.stringify({ key: randomBytes(32).toString('base64') }));
    expect(() => loadOrCreateMasterKey(dir)).toThrow(/keyId/);
  });
});

describe('masterKeyFromEnv', () => {
  it('parses base64 of 32 bytes and derives the key id from SM3 of the key', () => {
    const key = randomBytes(32);
    const mk = masterKeyFromEnv(`  ${key.toString('base64')}\n`);
    expect(mk.key.equals(key)).toBe(true);
    expect(mk.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(mk.keyId).toBe(keyIdOf(key));
  });

  it('names the problem without echoing the value', () => {
    const short = randomBytes(31).toString('base64');
    expect(() => masterKeyFromEnv(short)).toThrow(/TONGXIN_MASTER_KEY decodes to 31 bytes, expected 32/);
    try {
      masterKeyFromEnv(short);
    } catch (err) {
      expect(String(err)).not.toContain(short);
    }
    expect(() => masterKeyFromEnv('')).toThrow(/TONGXIN_MASTER_KEY is empty/);
    expect(() => masterKeyFromEnv('not base64!!')).toThrow(/not valid base64/);
    expect(() => masterKeyFromEnv(Buffer.alloc(32).toString('base64'))).toThrow(/all zero/);
  });
});
