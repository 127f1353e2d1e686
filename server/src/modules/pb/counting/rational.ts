/**
 * Small helpers for exact rationals kept as BigInt numerator and denominator (no reduction: the counting keeps one
 * common denominator and never needs a gcd).
 */

/** Roughly the number of bits of a non-negative BigInt (within 3 bits, which is all the callers need). */
function approxBits(x: bigint): number {
  return x === 0n ? 0 : x.toString(16).length * 4;
}

/**
 * num/den (num ≥ 0, den > 0) as a double within 2^-52 of the exact value, relatively: the quotient is taken to at
 * least 60 bits and then rounded once to 53.
 */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = 68 - (approxBits(num) - approxBits(den));
  const q = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  let x = Number(q);
  let s = shift;
  while (s > 1000) {
    x *= 2 ** -1000;
    s -= 1000;
  }
  while (s < -1000) {
    x *= 2 ** 1000;
    s += 1000;
  }
  return x * 2 ** -s;
}

/** num/den (num ≥ 0, den > 0) as a plain decimal string with `decimals` digits after the point, rounded half up. */
export function ratioToDecimal(num: bigint, den: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const scaled = (num * scale * 2n + den) / (den * 2n);
  if (decimals === 0) return scaled.toString();
  const s = scaled.toString().padStart(decimals + 1, '0');
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/** num/den as a plain decimal string with about `significant` significant digits (at least 2 decimals). */
export function ratioToSignificant(num: bigint, den: bigint, significant: number): string {
  if (num === 0n) return '0';
  const x = ratioToNumber(num, den);
  const magnitude = Math.floor(Math.log10(x));
  return ratioToDecimal(num, den, Math.max(2, significant - 1 - magnitude));
}
