/**
 * Password complexity (MLPS 2.0 level 3, GB/T 22239-2019 identification and
 * authentication: passwords must be complex and changed periodically).
 *
 * Character classes: lowercase ASCII letters, uppercase ASCII letters, digits,
 * and symbols (every other character, including spaces and non-Latin letters).
 * Lengths are counted in Unicode code points.
 */

export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordPolicy {
  minLength: number;
  requireClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicy> = Object.freeze({ minLength: 8, requireClasses: 3 });

export type PasswordPolicyResult = { ok: true } | { ok: false; reason: 'too_short' | 'too_few_classes' | 'too_long' };

/** Number of character classes (0-4) present in `pw`. */
export function passwordClasses(pw: string): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (const ch of pw) {
    if (ch >= 'a' && ch <= 'z') lower = true;
    else if (ch >= 'A' && ch <= 'Z') upper = true;
    else if (ch >= '0' && ch <= '9') digit = true;
    else symbol = true;
  }
  return Number(lower) + Number(upper) + Number(digit) + Number(symbol);
}

export function checkPasswordPolicy(pw: string, opts: PasswordPolicy = DEFAULT_PASSWORD_POLICY): PasswordPolicyResult {
  const { minLength, requireClasses } = opts;
  if (!Number.isInteger(minLength) || minLength < 1 || minLength > PASSWORD_MAX_LENGTH) {
    throw new RangeError(`password policy: minLength must be an integer 1-${PASSWORD_MAX_LENGTH}, got ${minLength}`);
  }
  if (!Number.isInteger(requireClasses) || requireClasses < 1 || requireClasses > 4) {
    throw new RangeError(`password policy: requireClasses must be an integer 1-4, got ${requireClasses}`);
  }
  const length = [...pw].length;
  if (length > PASSWORD_MAX_LENGTH) return { ok: false, reason: 'too_long' };
  if (length < minLength) return { ok: false, reason: 'too_short' };
  if (passwordClasses(pw) < requireClasses) return { ok: false, reason: 'too_few_classes' };
  return { ok: true };
}
