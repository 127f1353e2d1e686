/**
 * Master key for PII encryption.
 *
 * - Production: `TONGXIN_MASTER_KEY` = base64 of 32 random bytes (`masterKeyFromEnv`),
 *   e.g. generated with `openssl rand -base64 32`, kept in a secret store.
 * - Zero-setup default (embedded database): a key generated on first start and kept
 *   in `<dataDir>/keys/master.key` with mode 0600 (`loadOrCreateMasterKey`).
 *
 * Error messages name the problem and the file, never the key material.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { MasterKey } from './crypto-provider.js';

export const MASTER_KEY_BYTES = 32;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const STRICT_B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/** Key id of a master key: the first 8 hex digits of its SM3 digest. */
export function keyIdOf(key: Buffer): string {
  return createHash('sm3').update(key).digest('hex').slice(0, 8);
}

function decodeKey(b64: string, source: string): Buffer {
  const s = b64.trim();
  if (s === '') throw new MasterKeyError(`${source} is empty: expected base64 of ${MASTER_KEY_BYTES} random bytes`);
  if (!STRICT_B64_RE.test(s)) {
    throw new MasterKeyError(`${source} is not valid base64: expected base64 of ${MASTER_KEY_BYTES} random bytes (e.g. openssl rand -base64 32)`);
  }
  const key = Buffer.from(s, 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(`${source} decodes to ${key.length} bytes, expected ${MASTER_KEY_BYTES}`);
  }
  if (key.every((b) => b === 0)) throw new MasterKeyError(`${source} is all zero bytes: use random bytes`);
  return key;
}

/** Parses `TONGXIN_MASTER_KEY` (base64 of 32 bytes); the key id is derived from the key. */
export function masterKeyFromEnv(value: string): MasterKey {
  const key = decodeKey(value, 'TONGXIN_MASTER_KEY');
  return { keyId: keyIdOf(key), key };
}

export function masterKeyPath(dir: string): string {
  return join(dir, 'keys', 'master.key');
}

function readKeyFile(path: string): MasterKey {
  if (process.platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new MasterKeyError(
        `${path} is accessible by group or others (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 on it`,
      );
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new MasterKeyError(`${path} is not valid JSON: expected {"keyId": "...", "key": "<base64>"}`);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new MasterKeyError(`${path} must contain a JSON object with keyId and key`);
  }
  const { keyId, key } = parsed as { keyId?: unknown; key?: unknown };
  if (typeof keyId !== 'string' || !KEY_ID_RE.test(keyId)) {
    throw new MasterKeyError(`${path}: keyId is missing or invalid (1-64 characters of A-Z a-z 0-9 _ -)`);
  }
  if (typeof key !== 'string') throw new MasterKeyError(`${path}: key is missing or not a string`);
  return { keyId, key: decodeKey(key, `${path}: key`) };
}

/**
 * Returns the master key kept in `<dir>/keys/master.key`, creating it (32 random
 * bytes, mode 0600, directory mode 0700) on first use. Safe against several
 * processes starting at once: the file is written to a temporary name and then
 * hard-linked into place, which fails if another process got there first, in which
 * case that process's key is used.
 */
export function loadOrCreateMasterKey(dir: string): MasterKey {
  const keysDir = join(dir, 'keys');
  const path = masterKeyPath(dir);
  try {
    return readKeyFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }

  try {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new MasterKeyError(`cannot create key directory ${keysDir}: ${(err as Error).message}`);
  }
  const key = randomBytes(MASTER_KEY_BYTES);
  const created: MasterKey = { keyId: keyIdOf(key), key };
  const body = `${JSON.stringify({
    version: 1,
    algorithm: 'SM4-CBC+HMAC-SM3, HKDF-SM3 sub-keys',
    keyId: created.keyId,
    key: key.toString('base64'),
    createdAt: new Date().toISOString(),
  })}\n`;

  const tmp = join(keysDir, `.master.key.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch (err) {
    throw new MasterKeyError(`cannot write a key file in ${keysDir}: ${(err as Error).message}`);
  }
  try {
    writeSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      unlinkSync(tmp);
      throw new MasterKeyError(`cannot create ${path}: ${(err as Error).message}`);
    }
    unlinkSync(tmp);
    return readKeyFile(path); // another process won the race
  }
  unlinkSync(tmp);
  try {
    const dirFd = openSync(keysDir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Directory fsync is not supported everywhere (e.g. Windows); the file itself is synced.
  }
  return created;
}
