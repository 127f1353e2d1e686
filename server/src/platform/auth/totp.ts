/**
 * Time-based one-time passwords (RFC 6238, on HOTP RFC 4226) for the optional
 * second factor of staff accounts: HMAC-SHA1, 30-second steps, 6 digits, which is
 * what common authenticator apps expect.
 *
 * RFC 6238 §5.2: a verifier should not accept the same code twice. `matchTotpStep`
 * returns the matching time step so the caller can store the last accepted step
 * per user and refuse steps not greater than it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const SECRET_BYTES = 20;

/** RFC 4648 base32, upper case, without padding. */
export function base32Encode(data: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * RFC 4648 base32 decoding; case-insensitive, ignores spaces, hyphens and '='
 * padding (as users type secrets). Throws on any other character.
 */
export function base32Decode(text: string): Buffer {
  const s = text.replace(/[\s=-]+/g, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of s) {
    const v = BASE32_ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`invalid base32 character ${JSON.stringify(ch)}`);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new random secret: 20 bytes (160 bits, RFC 4226 recommendation), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new RangeError(`TOTP digits must be 6, 7 or 8, got ${digits}`);
}

function secretBytes(secret: string): Buffer {
  const key = base32Decode(secret);
  if (key.length === 0) throw new RangeError('TOTP secret is empty');
  return key;
}

/** HOTP (RFC 4226) value for a counter. */
function hotp(key: Buffer, counter: number, digits: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function stepAt(atMs: number): number {
  if (!Number.isFinite(atMs) || atMs < 0) throw new RangeError(`TOTP time must be a non-negative number of milliseconds, got ${atMs}`);
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for base32 `secret` at `atMs` (Unix time in milliseconds). */
export function totpCode(secret: string, atMs: number, digits: number = TOTP_DIGITS): string {
  checkDigits(digits);
  return hotp(secretBytes(secret), stepAt(atMs), digits);
}

/**
 * The time step whose code equals `code`, looking `window` steps back and ahead of
 * `atMs` (clock drift), or null. Every candidate is compared in constant time.
 */
export function matchTotpStep(secret: string, code: string, atMs: number, window = 1, digits: number = TOTP_DIGITS): number | null {
  checkDigits(digits);
  if (!Number.isInteger(window) || window < 0 || window > 10) throw new RangeError(`TOTP window must be an integer 0-10, got ${window}`);
  const key = secretBytes(secret);
  const step = stepAt(atMs);
  const given = Buffer.from(code.trim(), 'utf8');
  const wellFormed = given.length === digits && /^\d+$/.test(code.trim());
  let match: number | null = null;
  for (let s = step - window; s <= step + window; s++) {
    if (s < 0) continue;
    const expected = Buffer.from(hotp(key, s, digits), 'utf8');
    // Compare against a same-length buffer even for malformed input, so timing does not depend on it.
    const candidate = wellFormed ? given : Buffer.alloc(expected.length);
    if (timingSafeEqual(candidate, expected) && wellFormed && match === null) match = s;
  }
  return match;
}

/** Whether `code` is valid for `secret` at `atMs`, allowing `window` steps of clock drift each way. */
export function verifyTotp(secret: string, code: string, atMs: number, window = 1, digits: number = TOTP_DIGITS): boolean {
  return matchTotpStep(secret, code, atMs, window, digits) !== null;
}

/**
 * Key URI for authenticator apps (QR code), in the format of Google Authenticator:
 * otpauth://totp/Issuer:account?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30
 */
export function otpauthUrl(secret: string, account: string, issuer = 'Tongxin'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  // encodeURIComponent rather than URLSearchParams: some authenticator apps show a '+' for a space.
  const params = [
    `secret=${base32Encode(secretBytes(secret))}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${params}`;
}
