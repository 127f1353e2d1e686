/**
 * A literal, slow reference of the Method of Equal Shares (cost satisfaction, no completion) in exact rational
 * arithmetic, written from the definition in `../shared/data/pabulib/README.md`. It exists only so that the tests can
 * check the fast counter (`mes.ts`) against the definition on many small instances; it is not used by the product.
 *
 * Every voter starts with `budget / n + extra` (n counts every ballot, empty ones included). Unsupported projects are
 * dropped, supported zero-cost projects are selected first (in id order), then each round every remaining project
 * whose supporters still have its cost gets ρ from its supporters sorted by budget/utility; the lowest ρ wins (ties by
 * the id, compared as strings), each supporter pays min(budget, ρ·utility).
 */
import type { CountingInput } from './types.js';

/** A non-negative rational n/d with d > 0, kept reduced. */
interface Q {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function q(n: bigint, d: bigint = 1n): Q {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}
const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const cmp = (a: Q, b: Q) => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

function codePointCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export interface ReferenceMesOptions {
  /** Added to every voter's initial budget B/n (an integer number of currency units). */
  extra?: number;
  /** Cumulative ballots: 'points' makes the utility points × cost, 'cost' ignores the points. */
  utility?: 'points' | 'cost';
}

/** The selected project ids, in the order selected. */
export function referenceMes(input: CountingInput, opts: ReferenceMesOptions = {}): string[] {
  const n = input.ballots.length;
  const m = input.projects.length;
  if (n === 0) return [];
  const b0 = add(q(BigInt(input.budget), BigInt(n)), q(BigInt(opts.extra ?? 0)));
  const budgets: Q[] = new Array<Q>(n).fill(b0);
  const supporters: { voter: number; u: Q }[][] = Array.from({ length: m }, () => []);
  input.ballots.forEach((b, v) => {
    b.projects.forEach((p, k) => {
      const w = opts.utility === 'cost' || !b.points ? 1 : b.points[k]!;
      if (w > 0) supporters[p]!.push({ voter: v, u: q(BigInt(w) * BigInt(input.projects[p]!.cost)) });
    });
  });
  const order = [...input.projects.keys()].sort((a, b) => codePointCompare(input.projects[a]!.id, input.projects[b]!.id));
  const selected: string[] = [];
  for (const p of order) if (supporters[p]!.length > 0 && input.projects[p]!.cost === 0) selected.push(input.projects[p]!.id);
  let remaining = order.filter((p) => supporters[p]!.length > 0 && input.projects[p]!.cost > 0);
  for (;;) {
    let best = -1;
    let bestRho: Q = q(0n);
    const still: number[] = [];
    for (const p of remaining) {
      const cost = q(BigInt(input.projects[p]!.cost));
      const sup = supporters[p]!;
      let total = q(0n);
      for (const s of sup) total = add(total, budgets[s.voter]!);
      if (cmp(total, cost) < 0) continue;
      still.push(p);
      const sorted = [...sup].sort((a, b) => cmp(div(budgets[a.voter]!, a.u), div(budgets[b.voter]!, b.u)));
      let paid = q(0n);
      let remU = sorted.reduce((acc, s) => add(acc, s.u), q(0n));
      let rho: Q | null = null;
      for (const s of sorted) {
        const r = div(sub(cost, paid), remU);
        if (cmp(budgets[s.voter]!, mul(r, s.u)) < 0) {
          paid = add(paid, budgets[s.voter]!);
          remU = sub(remU, s.u);
        } else {
          rho = r;
          break;
        }
      }
      if (rho === null) throw new Error('unreachable: an affordable project has a price');
      if (best < 0 || cmp(rho, bestRho) < 0) {
        best = p;
        bestRho = rho;
      }
    }
    remaining = still;
    if (best < 0) break;
    for (const s of supporters[best]!) {
      const pay = mul(bestRho, s.u);
      budgets[s.voter] = cmp(budgets[s.voter]!, pay) <= 0 ? q(0n) : sub(budgets[s.voter]!, pay);
    }
    selected.push(input.projects[best]!.id);
    remaining = remaining.filter((p) => p !== best);
  }
  return selected;
}
