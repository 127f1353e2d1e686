import { randomInt } from 'node:crypto';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';

/** Redemption codes: 8 characters from 32 that cannot be mistaken for one another (no 0/O, 1/I). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

export function newRedemptionCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** What a merchant typed or scanned: upper case, spaces and hyphens dropped; null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const s = input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

/** The code's keyed HMAC (blind index): how a typed code is found without storing it in clear. */
export const codeIndex = (crypto: CryptoProvider, code: string) => crypto.blindIndex(code, 'store_code');
/** The code encrypted and bound to its redemption: only the resident's own list decrypts it. */
export const codeContext = (redemptionId: string) => `store_redemptions.code:${redemptionId}`;
