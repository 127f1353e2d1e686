/**
 * One run of the Method of Equal Shares over a prepared instance (mes-prepare.ts): how prices are computed exactly
 * and fast is explained at the top of mes.ts.
 */
import { ratioToDecimal, ratioToNumber } from './rational.js';
import type { MesOptions } from './mes-options.js';
import { safeInt, type Prepared } from './mes-prepare.js';

const U = 2 ** -52;

/** The exact price of a project this round: α = num / den, with its supporters' classification (1 = pays all). */
interface ExactPrice {
  num: bigint;
  den: bigint;
  /** Σ of the weights of the supporters who pay α·w (as a BigInt, the factor the common denominator takes). */
  wRich: bigint;
  /** The largest weight among the supporters who pay α·w (they pay the most). */
  wMax: number;
  poor: Uint8Array;
}

export interface Selection {
  project: number;
  round: number;
  /** α = num/den (zero-cost projects: 0/1). */
  num: bigint;
  den: bigint;
  /** The largest weight among the supporters who paid α·w (0 if none). */
  wMaxRich: number;
}

export interface RunResult {
  selected: Selection[];
  cost: number;
  /** The run stopped early because the selected cost passed `stopAbove`. */
  aborted: boolean;
  /** Exact remaining budget of each unselected candidate's supporters at the end, for the explanations. */
  remaining?: Map<number, string>;
}

/**
 * One MES run with initial per-voter budget B/n + extra. `stopAbove`: give up as soon as the selected cost exceeds
 * it (Add1 does not need the rest of such a run).
 */
export function run(P: Prepared, extra: number, opts: MesOptions, stopAbove = Infinity, explain = false): RunResult {
  const { n, cost, costBig, rank, supStart, votStart, votProj, votW } = P;
  const selected: Selection[] = [];
  let total = 0;
  for (const p of P.zeroCost) selected.push({ project: p, round: selected.length + 1, num: 0n, den: 1n, wMaxRich: 0 });
  if (n === 0) return { selected, cost: 0, aborted: false, remaining: new Map() };

  // Exact state: b0 = Z0/D, α_q = Y[q]/D for every selected q.
  let D = BigInt(n);
  let Z0 = BigInt(P.budget) + BigInt(n) * BigInt(safeInt(extra, 'the increment'));
  const Y = new Map<number, bigint>();
  const b0 = ratioToNumber(Z0, D);
  const epsB = (P.longest + 6) * U * b0;

  const bf = new Float64Array(n).fill(b0);
  const zero = new Uint8Array(n);
  const isSel = new Uint8Array(P.m);
  const sv = P.supVoter.slice();
  const sw = P.supW.slice();
  const len = new Int32Array(P.m);
  for (let p = 0; p < P.m; p++) len[p] = supStart[p + 1]! - supStart[p]!;
  const lb = new Float64Array(P.m);
  const ub = new Float64Array(P.m);
  const alphaF = new Float64Array(P.m);
  /** A lower bound of each project's α (α only grows). */
  const alphaLo = new Float64Array(P.m);
  const stamp = new Int32Array(P.m).fill(-1);
  const exactCache = new Map<number, ExactPrice>();
  let alive = P.candidates.slice();
  const K = new Float64Array(P.m);
  const touched: number[] = [];

  /** Exact numerator (over D) of a voter's budget. */
  const budgetNum = (v: number): bigint => {
    if (zero[v]) return 0n;
    let x = Z0;
    for (let e = votStart[v]!; e < votStart[v + 1]!; e++) {
      const q = votProj[e]!;
      if (isSel[q]) x -= Y.get(q)! * BigInt(votW[e]!);
    }
    return x;
  };
  /** Adds voter v's weights on selected projects to K (for Σ of exact budgets). */
  const accumulate = (v: number) => {
    for (let e = votStart[v]!; e < votStart[v + 1]!; e++) {
      const q = votProj[e]!;
      if (!isSel[q]) continue;
      if (K[q] === 0) touched.push(q);
      K[q]! += votW[e]!;
    }
  };
  /** Σ_q Y_q·K_q, clearing K. */
  const drainK = (): bigint => {
    let s = 0n;
    for (const q of touched) {
      s += Y.get(q)! * BigInt(K[q]!);
      K[q] = 0;
    }
    touched.length = 0;
    return s;
  };
  /** Exact Σ of the (non-zero) supporters' budgets of p, over D. */
  const totalNum = (p: number): bigint => {
    const s0 = supStart[p]!;
    let cnt = 0;
    for (let k = s0; k < s0 + len[p]!; k++) {
      const v = sv[k]!;
      if (zero[v]) continue;
      cnt++;
      accumulate(v);
    }
    return BigInt(cnt) * Z0 - drainK();
  };

  /** α from the definition: exact budgets, sorted by budget/weight, scanned. The project must be affordable. */
  const exactFull = (p: number): ExactPrice => {
    const s0 = supStart[p]!;
    const l = len[p]!;
    const items: { k: number; b: bigint; w: bigint }[] = [];
    let remW = 0n;
    for (let k = s0; k < s0 + l; k++) {
      if (zero[sv[k]!]) continue;
      const w = BigInt(sw[k]!);
      items.push({ k: k - s0, b: budgetNum(sv[k]!), w });
      remW += w;
    }
    items.sort((a, b) => {
      const x = a.b * b.w - b.b * a.w;
      return x < 0n ? -1 : x > 0n ? 1 : 0;
    });
    const cD = costBig[p]! * D;
    let paid = 0n;
    const poor = new Uint8Array(l);
    for (const it of items) {
      // b/w < (c − paid)/remW ?
      if (it.b * remW < (cD - paid) * it.w) {
        paid += it.b;
        remW -= it.w;
        poor[it.k] = 1;
      } else break;
    }
    if (remW === 0n) throw new Error('MES: exact price asked for a project its supporters cannot afford');
    const num = cD - paid;
    let wMax = 0;
    for (const it of items) if (!poor[it.k]) wMax = Math.max(wMax, Number(it.w));
    // Supporters whose budget is exactly α·w pay it all too: they are left with exactly 0.
    for (const it of items) if (!poor[it.k] && it.b * remW === num * it.w) poor[it.k] = 1;
    return { num, den: D * remW, wRich: remW, wMax, poor };
  };

  /** Exact α from the classification at the float price a, checked near the boundary; null if a voter is misplaced. */
  const exactFromFloat = (p: number, a: number, G: number): ExactPrice | null => {
    const s0 = supStart[p]!;
    const l = len[p]!;
    const poor = new Uint8Array(l);
    let cnt = 0;
    let wRichF = 0;
    let wMax = 0;
    // The closest any voter's budget per weight comes to a, from below (poor) and from above (rich).
    let gapPoor = Infinity;
    let gapRich = Infinity;
    for (let k = s0; k < s0 + l; k++) {
      const v = sv[k]!;
      if (zero[v]) {
        poor[k - s0] = 1;
        continue;
      }
      const w = sw[k]!;
      const b = bf[v]!;
      if (b < a * w) {
        poor[k - s0] = 1;
        cnt++;
        accumulate(v);
        gapPoor = Math.min(gapPoor, a - b / w);
      } else {
        wRichF += w;
        wMax = Math.max(wMax, w);
        gapRich = Math.min(gapRich, b / w - a);
      }
    }
    if (wRichF === 0) {
      drainK();
      return null;
    }
    const wRich = BigInt(wRichF);
    const num = costBig[p]! * D - BigInt(cnt) * Z0 + drainK();
    if (num <= 0n) return null;
    const den = D * wRich;
    const ax = ratioToNumber(num, den);
    // Every voter is at least this far (per unit of weight, w ≥ 1) from a, so on the same side of the exact α when
    // the distance beats the budgets' error, a's distance to α and the roundings.
    const slack = Math.abs(ax - a) + epsB + 8 * U * (a + ax + b0);
    if (gapPoor > slack && gapRich > slack) return { num, den, wRich, wMax, poor };
    for (let k = s0; k < s0 + l; k++) {
      const v = sv[k]!;
      if (zero[v]) continue;
      const w = sw[k]!;
      const diff = bf[v]! - ax * w;
      const tol = epsB + 4 * U * ax * w + 2 * G * w;
      const wasPoor = poor[k - s0] === 1;
      if (diff > tol) {
        if (wasPoor) return null;
      } else if (diff < -tol) {
        if (!wasPoor) return null;
      } else {
        // Exactly: budget vs α·w, i.e. budgetNum/D vs num·w/(D·wRich).
        const x = budgetNum(v) * wRich - num * BigInt(w);
        if (x < 0n && !wasPoor) return null;
        if (x > 0n && wasPoor) return null;
        if (x === 0n) poor[k - s0] = 1;
      }
    }
    return { num, den, wRich, wMax, poor };
  };

  const exactPrice = (p: number, round: number): ExactPrice => {
    const cached = exactCache.get(p);
    if (cached && stamp[p] === round) return cached;
    const e = (!opts.forceExact && exactFromFloat(p, alphaF[p]!, (ub[p]! - lb[p]!) * cost[p]!)) || exactFull(p);
    exactCache.set(p, e);
    return e;
  };

  /** p's price is exactly known (e): its float value and a tight interval. */
  const setExact = (p: number, e: ExactPrice) => {
    exactCache.set(p, e);
    const x = ratioToNumber(e.num, e.den);
    const c = cost[p]!;
    alphaF[p] = x;
    alphaLo[p] = x * (1 - 4 * U);
    lb[p] = (x / c) * (1 - 4 * U);
    ub[p] = (x / c) * (1 + 4 * U);
  };

  /** Sets lb/ub/alphaF of p for this round; false if its supporters cannot afford it (for good). */
  const recompute = (p: number, round: number): boolean => {
    const c = cost[p]!;
    const s0 = supStart[p]!;
    let l = len[p]!;
    exactCache.delete(p);
    stamp[p] = round;
    if (round === 0 && !opts.forceExact) {
      // Everyone has b0: if α = c/Σw has α·w ≤ b0 for the largest weight (exactly: c·wMax·D ≤ Σw·Z0), everyone pays
      // α·w (those at equality all they have). With equal weights, otherwise, the supporters cannot afford it.
      let wAll = 0;
      let wMax = 0;
      for (let k = s0; k < s0 + l; k++) {
        wAll += sw[k]!;
        wMax = Math.max(wMax, sw[k]!);
      }
      const cmp = BigInt(wAll) * Z0 - costBig[p]! * BigInt(wMax) * D;
      if (cmp < 0n && wMax * l === wAll) return false;
      if (cmp >= 0n) {
        const poor = new Uint8Array(l);
        if (cmp === 0n) for (let k = s0; k < s0 + l; k++) if (sw[k] === wMax) poor[k - s0] = 1;
        setExact(p, { num: costBig[p]! * D, den: D * BigInt(wAll), wRich: BigInt(wAll), wMax, poor });
        return true;
      }
    }
    // One pass: drop supporters with nothing left, sum the budgets, and classify at the last lower bound of α (α only
    // grows, so voters below it are surely poor).
    let a = alphaLo[p]!;
    let j = s0;
    let T = 0;
    let poorSum = 0;
    let poorCnt = 0;
    let wRich = 0;
    for (let k = s0; k < s0 + l; k++) {
      const v = sv[k]!;
      if (zero[v]) continue;
      const w = sw[k]!;
      const b = bf[v]!;
      sv[j] = v;
      sw[j++] = w;
      T += b;
      if (b < a * w) {
        poorSum += b;
        poorCnt++;
      } else wRich += w;
    }
    len[p] = l = j - s0;
    if (l === 0) return false;
    const errT = l * (epsB + U * T);
    let exact = opts.forceExact === true;
    if (!exact) {
      if (T + errT < c) return false;
      if (T - errT <= c) exact = true;
    }
    if (exact) {
      if (totalNum(p) < costBig[p]! * D) return false;
      setExact(p, exactFull(p));
      return true;
    }
    // Monotone fixed point from below: α ← (c − Σ_{b < α·w} b) / Σ_{b ≥ α·w} w.
    for (let iter = 0; ; iter++) {
      if (wRich === 0 || iter > 200) {
        // Only rounding can get here (T > c by more than its error); settle it exactly.
        setExact(p, exactFull(p));
        return true;
      }
      const next = (c - poorSum) / wRich;
      if (next <= a) {
        a = next;
        break;
      }
      a = next;
      poorSum = 0;
      poorCnt = 0;
      wRich = 0;
      for (let k = s0; k < s0 + l; k++) {
        const b = bf[sv[k]!]!;
        const w = sw[k]!;
        if (b < a * w) {
          poorSum += b;
          poorCnt++;
        } else wRich += w;
      }
    }
    const G = 2 * (l * (epsB + 2 * U * Math.max(a, b0)) + (poorCnt + 4) * U * (poorSum + c));
    if (T - c <= 2 * G) {
      // Too close to saturation for the slope argument: exact.
      setExact(p, exactFull(p));
      return true;
    }
    alphaF[p] = a;
    alphaLo[p] = Math.max(0, a - G);
    lb[p] = (Math.max(0, a - G) / c) * (1 - 4 * U);
    ub[p] = ((a + G) / c) * (1 + 4 * U);
    return true;
  };

  const remove = (p: number) => {
    alive = alive.filter((q) => q !== p);
  };

  for (let round = 0; alive.length > 0; round++) {
    let winner = -1;
    let price: ExactPrice | null = null;
    for (;;) {
      // The project with the lowest lower bound (ties by id).
      let p = -1;
      for (const q of alive) if (p < 0 || lb[q]! < lb[p]! || (lb[q] === lb[p] && rank[q]! < rank[p]!)) p = q;
      if (p < 0) break;
      if (stamp[p] !== round) {
        if (!recompute(p, round)) remove(p);
        continue;
      }
      // p is fresh and lowest: every project whose interval reaches below p's upper end must be fresh too.
      let stale = false;
      const cluster = [p];
      for (const q of alive) {
        if (q === p || lb[q]! > ub[p]!) continue;
        if (stamp[q] !== round) {
          if (!recompute(q, round)) remove(q);
          stale = true;
        } else cluster.push(q);
      }
      if (stale) continue;
      if (cluster.length === 1) {
        winner = p;
        price = exactPrice(p, round);
        break;
      }
      // Near or exact tie: compare ρ = α/c exactly, ties by id.
      for (const q of cluster) {
        const e = exactPrice(q, round);
        if (price === null) {
          winner = q;
          price = e;
          continue;
        }
        const x = e.num * price.den * costBig[winner]! - price.num * e.den * costBig[q]!;
        if (x < 0n || (x === 0n && rank[q]! < rank[winner]!)) {
          winner = q;
          price = e;
        }
      }
      break;
    }
    if (winner < 0 || price === null) break;

    // Pay: the poor pay all they have, the others α·w (the double nearest the exact α).
    const a = ratioToNumber(price.num, price.den);
    const s0 = supStart[winner]!;
    for (let k = s0; k < s0 + len[winner]!; k++) {
      const v = sv[k]!;
      if (zero[v]) continue;
      if (price.poor[k - s0]) {
        bf[v] = 0;
        zero[v] = 1;
      } else bf[v] = bf[v]! - a * sw[k]!;
    }
    selected.push({ project: winner, round: selected.length + 1, num: price.num, den: price.den, wMaxRich: price.wMax });
    for (const [q, y] of Y) Y.set(q, y * price.wRich);
    Y.set(winner, price.num);
    Z0 *= price.wRich;
    D *= price.wRich;
    isSel[winner] = 1;
    exactCache.clear();
    remove(winner);
    total += cost[winner]!;
    if (total > stopAbove) return { selected, cost: total, aborted: true };
  }

  let remaining: Map<number, string> | undefined;
  if (explain) {
    remaining = new Map();
    for (const p of P.candidates) if (!isSel[p]) remaining.set(p, ratioToDecimal(totalNum(p), D, 2));
  }
  return { selected, cost: total, aborted: false, remaining };
}
