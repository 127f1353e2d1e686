/**
 * Password hashing with Argon2id (OWASP Password Storage Cheat Sheet: m=19456 KiB,
 * t=2, p=1). Passwords are NFKC-normalised first (NIST SP 800-63B §5.1.1.2) so that
 * the same password typed with different input methods (full-width / half-width
 * characters) verifies.
 */
import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Algorithm } from '@node-rs/argon2';

export const ARGON2_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

// `Algorithm` is an ambient const enum, which isolatedModules cannot read at run time.
const ARGON2ID: Algorithm = 2;

const normalize = (pw: string): string => pw.normalize('NFKC');

export async function hashPassword(pw: string): Promise<string> {
  return hash(normalize(pw), { ...ARGON2_PARAMS, algorithm: ARGON2ID });
}

/** True if `pw` matches `storedHash`; false (never an exception) for a wrong password or a malformed hash. */
export async function verifyPassword(storedHash: string, pw: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalize(pw));
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than the current ones (rehash after a successful login). */
export function needsRehash(storedHash: string): boolean {
  try {
    const o = parseOptions(storedHash);
    return (
      o.algorithm !== ARGON2ID ||
      o.memoryCost !== ARGON2_PARAMS.memoryCost ||
      o.timeCost !== ARGON2_PARAMS.timeCost ||
      o.parallelism !== ARGON2_PARAMS.parallelism ||
      o.outputLen !== ARGON2_PARAMS.outputLen
    );
  } catch {
    return true;
  }
}
