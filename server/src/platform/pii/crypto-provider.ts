/**
 * Field-level encryption of personal information (PIPL / MLPS 2.0 level 3, SPEC §5)
 * with the Chinese national algorithms SM4 (block cipher) and SM3 (hash), both
 * provided by node:crypto (OpenSSL 3).
 *
 * Token format (all parts base64url without padding, separated by '.'):
 *
 *     v1.<keyId>.<iv>.<ciphertext>.<tag>
 *
 * - ciphertext = SM4-CBC(encKey, iv, PKCS#7(utf8(plain))), iv = 16 random bytes
 * - tag        = HMAC-SM3(macKey, fields) over the length-prefixed fields
 *                (version, keyId, context, iv, ciphertext): encrypt-then-MAC.
 *
 * The `context` (e.g. 'resident.phone') is authenticated but not stored, so a
 * token copied into another column or record type fails to decrypt.
 *
 * Sub-keys are derived from each 32-byte master key with HKDF-SM3, one for
 * encryption, one for the MAC and one for blind indexes, so that no key is used
 * for two purposes.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface CryptoProvider {
  /** Encrypts `plain` bound to `context` with the active key. */
  encrypt(plain: string, context: string): string;
  /** Decrypts a token made by `encrypt` with the same context; throws on any mismatch or tampering. */
  decrypt(token: string, context: string): string;
  /** Deterministic keyed index of a normalised value, for equality search on encrypted columns. */
  blindIndex(value: string, kind: string): string;
  /** Id of the active (encrypting) key. */
  keyId: string;
}

export interface MasterKey {
  keyId: string;
  key: Buffer;
}

export interface Sm4CryptoProviderOptions {
  /** All keys that may be needed to decrypt stored tokens (current and retired). */
  keys: readonly MasterKey[];
  /** The key used to encrypt new values; defaults to the last key of `keys`. */
  activeKeyId?: string;
  /**
   * The key whose index sub-key computes blind indexes. Defaults to `activeKeyId`.
   * Blind indexes stored in the database only match values indexed with the same key:
   * when rotating the active key, pin this to the old key id until every stored
   * index has been recomputed.
   */
  indexKeyId?: string;
}

/** Thrown for every failure of `decrypt` and for invalid configuration. Never contains plaintext. */
export class PiiCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiiCryptoError';
  }
}

const VERSION = 'v1';
const MASTER_KEY_BYTES = 32;
const IV_BYTES = 16;
const SM4_KEY_BYTES = 16;
const SUBKEY_BYTES = 32;
const BLIND_INDEX_BYTES = 16;
const HKDF_SALT = Buffer.from('tongxin/pii/hkdf-salt/v1', 'utf8');
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const KIND_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const B64URL_RE = /^[A-Za-z0-9_-]*$/;

interface DerivedKeys {
  encKey: Buffer;
  macKey: Buffer;
  indexKey: Buffer;
}

function deriveKeys(master: Buffer): DerivedKeys {
  const sub = (info: string, len: number): Buffer =>
    Buffer.from(hkdfSync('sm3', master, HKDF_SALT, `tongxin/pii/${info}`, len));
  return {
    encKey: sub('sm4-cbc-enc', SM4_KEY_BYTES),
    macKey: sub('hmac-sm3-mac', SUBKEY_BYTES),
    indexKey: sub('blind-index', SUBKEY_BYTES),
  };
}

/** Length-prefixed concatenation, so that no two field lists produce the same MAC input. */
function macInput(fields: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(f.length, 0);
    parts.push(len, f);
  }
  return Buffer.concat(parts);
}

function computeTag(macKey: Buffer, keyId: string, context: string, iv: Buffer, ct: Buffer): Buffer {
  const data = macInput([
    Buffer.from(VERSION, 'utf8'),
    Buffer.from(keyId, 'utf8'),
    Buffer.from(context, 'utf8'),
    iv,
    ct,
  ]);
  return createHmac('sm3', macKey).update(data).digest();
}

/** Strict base64url decoding: rejects any string that is not the canonical encoding of its bytes. */
function decodeB64Url(s: string, what: string): Buffer {
  if (!B64URL_RE.test(s)) throw new PiiCryptoError(`invalid token: ${what} is not base64url`);
  const buf = Buffer.from(s, 'base64url');
  if (buf.toString('base64url') !== s) throw new PiiCryptoError(`invalid token: ${what} is not canonical base64url`);
  return buf;
}

/**
 * Normalises a value before blind indexing: Unicode NFKC (full-width digits and
 * hyphens become ASCII), trims, removes all whitespace and hyphens, upper-cases
 * (so an ID number's check character 'x' equals 'X').
 */
export function normalizeForIndex(value: string): string {
  return value.normalize('NFKC').trim().replace(/[\s-]+/g, '').toUpperCase();
}

export class Sm4CryptoProvider implements CryptoProvider {
  readonly keyId: string;
  readonly indexKeyId: string;
  private readonly keys: ReadonlyMap<string, DerivedKeys>;

  constructor(opts: Sm4CryptoProviderOptions) {
    if (opts.keys.length === 0) throw new PiiCryptoError('Sm4CryptoProvider needs at least one master key');
    const keys = new Map<string, DerivedKeys>();
    for (const { keyId, key } of opts.keys) {
      if (!KEY_ID_RE.test(keyId)) {
        throw new PiiCryptoError(`invalid keyId ${JSON.stringify(keyId)}: use 1-64 characters of A-Z a-z 0-9 _ -`);
      }
      if (key.length !== MASTER_KEY_BYTES) {
        throw new PiiCryptoError(`master key ${keyId} must be ${MASTER_KEY_BYTES} bytes, got ${key.length}`);
      }
      if (keys.has(keyId)) throw new PiiCryptoError(`duplicate master key id ${keyId}`);
      keys.set(keyId, deriveKeys(key));
    }
    const last = opts.keys[opts.keys.length - 1];
    const activeKeyId = opts.activeKeyId ?? last?.keyId;
    if (activeKeyId === undefined || !keys.has(activeKeyId)) {
      throw new PiiCryptoError(`active key ${String(activeKeyId)} is not among the provided keys`);
    }
    const indexKeyId = opts.indexKeyId ?? activeKeyId;
    if (!keys.has(indexKeyId)) throw new PiiCryptoError(`index key ${indexKeyId} is not among the provided keys`);
    this.keys = keys;
    this.keyId = activeKeyId;
    this.indexKeyId = indexKeyId;
  }

  /** Convenience: a provider holding a single key. */
  static fromMasterKey(master: MasterKey): Sm4CryptoProvider {
    return new Sm4CryptoProvider({ keys: [master] });
  }

  /** Key ids this provider can decrypt with. */
  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plain: string, context: string): string {
    const k = this.derived(this.keyId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('sm4-cbc', k.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = computeTag(k.macKey, this.keyId, context, iv, ct);
    return [VERSION, this.keyId, iv.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join('.');
  }

  decrypt(token: string, context: string): string {
    const parts = token.split('.');
    if (parts.length !== 5) throw new PiiCryptoError('invalid token: expected 5 dot-separated parts');
    const [version, keyId, ivB64, ctB64, tagB64] = parts as [string, string, string, string, string];
    if (version !== VERSION) throw new PiiCryptoError(`invalid token: unsupported version ${JSON.stringify(version)}`);
    const k = this.keys.get(keyId);
    if (k === undefined) throw new PiiCryptoError(`cannot decrypt: unknown key id ${JSON.stringify(keyId)}`);
    const iv = decodeB64Url(ivB64, 'iv');
    const ct = decodeB64Url(ctB64, 'ciphertext');
    const tag = decodeB64Url(tagB64, 'tag');
    if (iv.length !== IV_BYTES) throw new PiiCryptoError('invalid token: iv must be 16 bytes');
    if (ct.length === 0 || ct.length % 16 !== 0) throw new PiiCryptoError('invalid token: bad ciphertext length');
    const expected = computeTag(k.macKey, keyId, context, iv, ct);
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) {
      throw new PiiCryptoError('cannot decrypt: authentication failed (tampered token or wrong context)');
    }
    try {
      const decipher = createDecipheriv('sm4-cbc', k.encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    } catch {
      // Unreachable for tokens made by encrypt(): the tag already authenticated them.
      throw new PiiCryptoError('cannot decrypt: bad padding');
    }
  }

  blindIndex(value: string, kind: string): string {
    if (!KIND_RE.test(kind)) {
      throw new PiiCryptoError(`invalid blind index kind ${JSON.stringify(kind)}: use 1-64 characters of A-Z a-z 0-9 _ . -`);
    }
    const k = this.derived(this.indexKeyId);
    return createHmac('sm3', k.indexKey)
      .update(`${kind}:${normalizeForIndex(value)}`, 'utf8')
      .digest()
      .subarray(0, BLIND_INDEX_BYTES)
      .toString('hex');
  }

  private derived(keyId: string): DerivedKeys {
    const k = this.keys.get(keyId);
    if (k === undefined) throw new PiiCryptoError(`unknown key id ${keyId}`);
    return k;
  }
}
