/**
 * Exact geometric predicates on IEEE-754 doubles.
 *
 * `orient2d` decides on which side of the directed line a→b a point p lies,
 * always correctly: a floating-point evaluation with a forward error bound
 * answers almost every call, and the rare near-degenerate cases are settled
 * with exact big-integer arithmetic on the doubles' exact binary values.
 *
 * Exactness is what makes point location well defined on shared edges: the
 * same edge, seen from the two polygons that share it, gives the same answer.
 */

const EPSILON = 2 ** -53;
/** Forward error bound of the floating-point 2×2 determinant below ((3 + 16ε)ε, Shewchuk 1997). */
const ORIENT_ERR_BOUND = (3 + 16 * EPSILON) * EPSILON;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const MANTISSA_MASK = (1n << 52n) - 1n;
const HIDDEN_BIT = 1n << 52n;

/** Writes the exact value of `x` as `mantissa * 2 ** exponent` (integer mantissa). */
function decompose(x: number, out: { m: bigint; e: number }): void {
  f64[0] = x;
  const bits = u64[0] ?? 0n;
  const negative = bits >> 63n === 1n;
  const rawExp = Number((bits >> 52n) & 0x7ffn);
  let m = bits & MANTISSA_MASK;
  let e: number;
  if (rawExp === 0) {
    e = -1074; // zero or subnormal
  } else {
    m |= HIDDEN_BIT;
    e = rawExp - 1075;
  }
  out.m = negative ? -m : m;
  out.e = e;
}

const parts = Array.from({ length: 6 }, () => ({ m: 0n, e: 0 }));

function orient2dExact(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const values = [ax, ay, bx, by, px, py];
  let emin = Infinity;
  for (let i = 0; i < 6; i++) {
    const part = parts[i]!;
    decompose(values[i]!, part);
    if (part.m !== 0n && part.e < emin) emin = part.e;
  }
  if (emin === Infinity) return 0; // all zero
  const v: bigint[] = parts.map((part) => (part.m === 0n ? 0n : part.m << BigInt(part.e - emin)));
  const [eax, eay, ebx, eby, epx, epy] = v as [bigint, bigint, bigint, bigint, bigint, bigint];
  const det = (ebx - eax) * (epy - eay) - (eby - eay) * (epx - eax);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}

/**
 * Sign of the cross product (b − a) × (p − a): `1` when p lies strictly to the
 * left of the directed line a→b (counter-clockwise turn), `-1` strictly to the
 * right, `0` exactly on the line. Exact for all finite inputs.
 */
export function orient2d(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const dxb = bx - ax;
  const dyp = py - ay;
  const dyb = by - ay;
  const dxp = px - ax;
  const detLeft = dxb * dyp;
  const detRight = dyb * dxp;
  const det = detLeft - detRight;
  const sum = Math.abs(detLeft) + Math.abs(detRight);
  // Fast path: the floating-point determinant is certain whenever it exceeds
  // its error bound (kept away from overflow and the subnormal range).
  if (sum > 1e-290 && sum < 1e290) {
    const bound = ORIENT_ERR_BOUND * sum;
    if (det > bound) return 1;
    if (-det > bound) return -1;
  } else if (sum === 0 && (dxb === 0 || dyp === 0) && (dyb === 0 || dxp === 0)) {
    return 0; // a genuine zero, e.g. p equals a
  }
  return orient2dExact(ax, ay, bx, by, px, py);
}
