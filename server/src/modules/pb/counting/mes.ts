/**
 * The Method of Equal Shares (MES) with cost satisfaction, no completion, and its Add1 completion — counted exactly as
 * pabutools 1.2.3 does (see `../shared/data/pabulib/README.md`), but fast.
 *
 * Definition. Every voter starts with B/n (n counts every ballot, empty ones included; Add1 adds k·increment).
 * Projects nobody supports are dropped; supported projects of cost 0 are selected first (in id order). Each round,
 * every remaining project whose supporters together still have its cost c gets the price ρ per unit of utility that
 * solves Σ_supporters min(b_i, ρ·u_i) = c, with u_i = c (cost satisfaction); the lowest ρ is selected (ties: the
 * project id compared as a string, "10" < "9"), and each supporter pays min(b_i, ρ·u_i). Stop when nothing is
 * affordable. For cumulative ballots pabutools' cost satisfaction ignores the points (u_i = c for any points > 0);
 * the reference outcomes confirm it (`utility: 'points'` gives u_i = points·c instead).
 *
 * Write α = ρ·c, the payment per unit of weight (weight w_i = 1, or the points): Σ min(b_i, α·w_i) = c.
 *
 * How it is exact and fast.
 *  1. A voter who cannot pay α·w_i pays everything and is left with exactly 0; every other voter pays exactly α·w_i.
 *     So a voter's exact budget is 0 or b0 − Σ_{selected q on the ballot} α_q·w_iq, and a winner's exact
 *     α = (c − Σ_poor b_i) / Σ_rich w_i = (c·D − |poor|·Z0 + Σ_q Y_q·K_q) / (D·W_rich), where every α_q = Y_q/D and
 *     b0 = Z0/D share one BigInt denominator D (multiplied by W_rich after each round, never reduced) and
 *     K_q = Σ_{poor i} w_iq are integers. That costs O(|poor|·ballot length) float additions and O(rounds) BigInt
 *     operations per round, whatever the number of voters.
 *  2. The budgets are also kept as doubles, updated with the double nearest the exact α_q. A budget is then within
 *     ε_b = (L+6)·2^-52·b0 of the exact one (L = the longest ballot): each of at most L payments adds at most
 *     1.5·2^-52 of itself plus one rounding of the result, and the payments sum to at most b0.
 *  3. Each candidate's α is found in doubles by a monotone fixed-point iteration (start from c/Σw; voters below the
 *     current α are surely poor; repeat), O(supporters) per pass, with a rigorous error bound G: the function
 *     F(α) = Σ min(b_i, α·w_i) moves by at most |S|·ε_b when the budgets do, the sums by the usual summation
 *     bound, and F has slope ≥ 1 (integer weights) below the largest b_i/w_i, so |α − α_exact| ≤ G. Projects are
 *     compared by the intervals [α−2G, α+2G]/c: a project whose interval lies wholly below all others' wins;
 *     overlapping intervals (near ties and exact ties) are decided with the exact α of each. Affordability
 *     (Σ b_i ≥ c) is decided the same way: in doubles with a bound, exactly when within it.
 *  4. The winner's α is always made exact (1.), and the float classification of its supporters into poor and rich is
 *     checked: voters within the error of the boundary are compared exactly (exact budget vs exact α·w). If any is
 *     on the wrong side, α is recomputed from the definition (exact budgets, sorted, scanned).
 *  5. ρ only grows from round to round (budgets only fall), so a project's last ρ is a lower bound: each round only
 *     the projects whose bound comes near the minimum are recomputed (lazy evaluation), and supporters with nothing
 *     left are dropped from a project's list as they are met.
 * The tests compare this counter with a literal exact implementation (`mes-reference.ts`) on random instances with
 * ties, and with pabutools' recorded outcomes on every pabulib instance.
 */
import { countGreedy } from './greedy.js';
import { ratioToDecimal, ratioToNumber, ratioToSignificant } from './rational.js';
import type { CountingInput, CountingResult, ProjectExplanation } from './types.js';

const U = 2 ** -52;

export interface MesOptions {
  /** Utility of a cumulative ballot: 'cost' (pabutools' cost satisfaction, the default) or 'points' (points × cost). */
  utility?: 'cost' | 'points';
  /** Projects with votes/n below cost/(3B) are removed before counting (Świecie's rule, c22). */
  excludeLowSupport?: boolean;
  /** Testing: decide every comparison in exact arithmetic (slower; the outcome is the same). */
  forceExact?: boolean;
}

export interface MesAdd1Options extends MesOptions {
  /** Raise every voter's initial budget by this many currency units per step (default 1). */
  increment?: number;
  /**
   * 'add1' (default): pabutools' voter_budget_increment — stop at the first exhaustive outcome, or return the previous
   * outcome when one costs more than the budget. 'add1-comparison' (Wieliczka 2023): no exhaustive stop (raise until
   * the next step costs more than the budget), then compare with greedy by the voters' preference.
   */
  variant?: 'add1' | 'add1-comparison';
}

/** Python's string order (code points), which pabutools' tie-breaking uses: "10" < "9". */
function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function safeInt(x: number, what: string): number {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`MES needs ${what} to be a non-negative integer below 2^53, not ${x}`);
  return x;
}

/** The instance in flat arrays, shared by every run of an Add1 scan. */
interface Prepared {
  n: number;
  m: number;
  budget: number;
  ids: string[];
  cost: Float64Array;
  costBig: bigint[];
  rank: Int32Array;
  /** Supporters of each project (weight > 0): supStart[p] .. supStart[p+1]. */
  supStart: Int32Array;
  supVoter: Int32Array;
  supW: Float64Array;
  /** Each voter's supported projects: votStart[v] .. votStart[v+1]. */
  votStart: Int32Array;
  votProj: Int32Array;
  votW: Float64Array;
  longest: number;
  /** Supporters, or total points for cumulative ballots (for the explanations). */
  support: number[];
  /** 0 counted, 1 not supported, 2 excluded before counting (low support). */
  status: Uint8Array;
  /** Supported projects of cost 0, in id order, then the other candidates. */
  zeroCost: number[];
  candidates: number[];
}

function prepare(input: CountingInput, opts: MesOptions, renumber = false): Prepared {
  const n = input.ballots.length;
  const m = input.projects.length;
  const budget = safeInt(input.budget, 'the budget');
  const ids = input.projects.map((p) => p.id);
  const cost = new Float64Array(m);
  const costBig: bigint[] = [];
  input.projects.forEach((p, i) => {
    cost[i] = safeInt(p.cost, `the cost of project ${p.id}`);
    costBig.push(BigInt(p.cost));
  });
  const order = [...ids.keys()].sort((a, b) => compareIds(ids[a]!, ids[b]!));
  const rank = new Int32Array(m);
  order.forEach((p, r) => (rank[p] = r));
  const byPoints = opts.utility === 'points';
  const support = new Array<number>(m).fill(0);
  const count = new Int32Array(m);
  const votStart = new Int32Array(n + 1);
  let entries = 0;
  let longest = 0;
  // For Add1's many runs, voters renumbered by the first project of their ballot (a counting sort): supporters of a
  // project then sit closer together in the budget array. The count does not depend on the voters' order.
  let ballots = input.ballots;
  if (renumber) {
    const firstOf = new Int32Array(n);
    const bucket = new Int32Array(m + 2);
    input.ballots.forEach((b, v) => {
      let f = m;
      for (const p of b.projects) if (p < f) f = p;
      firstOf[v] = f;
      bucket[f + 1]!++;
    });
    for (let i = 0; i <= m; i++) bucket[i + 1]! += bucket[i]!;
    const sorted = new Array<CountingInput['ballots'][number]>(n);
    for (let v = 0; v < n; v++) sorted[bucket[firstOf[v]!]!++] = input.ballots[v]!;
    ballots = sorted;
  }
  ballots.forEach((b, v) => {
    let k = 0;
    b.projects.forEach((p, j) => {
      const pts = b.points ? b.points[j]! : 1;
      if (!(pts > 0)) return;
      if (byPoints) safeInt(pts, 'points');
      support[p]! += pts;
      count[p]!++;
      k++;
    });
    entries += k;
    longest = Math.max(longest, k);
    votStart[v + 1] = entries;
  });
  const votProj = new Int32Array(entries);
  const votW = new Float64Array(entries);
  const supStart = new Int32Array(m + 1);
  for (let p = 0; p < m; p++) supStart[p + 1] = supStart[p]! + count[p]!;
  const supVoter = new Int32Array(entries);
  const supW = new Float64Array(entries);
  const fill = supStart.slice(0, m);
  ballots.forEach((b, v) => {
    let e = votStart[v]!;
    b.projects.forEach((p, j) => {
      const pts = b.points ? b.points[j]! : 1;
      if (!(pts > 0)) return;
      const w = byPoints ? pts : 1;
      votProj[e] = p;
      votW[e++] = w;
      supVoter[fill[p]!] = v;
      supW[fill[p]!++] = w;
    });
  });
  const status = new Uint8Array(m);
  const zeroCost: number[] = [];
  const candidates: number[] = [];
  for (const p of order) {
    if (count[p] === 0) status[p] = 1;
    // Świecie: votes/n < cost/(3B), compared exactly in integers.
    else if (opts.excludeLowSupport && BigInt(count[p]!) * 3n * BigInt(budget) < costBig[p]! * BigInt(n)) status[p] = 2;
    else if (cost[p] === 0) zeroCost.push(p);
    else candidates.push(p);
  }
  return { n, m, budget, ids, cost, costBig, rank, supStart, supVoter, supW, votStart, votProj, votW, longest, support, status, zeroCost, candidates };
}

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

interface Selection {
  project: number;
  round: number;
  /** α = num/den (zero-cost projects: 0/1). */
  num: bigint;
  den: bigint;
  /** The largest weight among the supporters who paid α·w (0 if none). */
  wMaxRich: number;
}

interface RunResult {
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
function run(P: Prepared, extra: number, opts: MesOptions, stopAbove = Infinity, explain = false): RunResult {
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

function explainRun(P: Prepared, r: RunResult, rule: string, details: Record<string, unknown>): CountingResult {
  const explanations: ProjectExplanation[] = [];
  const bySel = new Map(r.selected.map((s) => [s.project, s]));
  for (let p = 0; p < P.m; p++) {
    const s = bySel.get(p);
    const base = { id: P.ids[p]!, support: P.support[p]! };
    if (s) {
      const c = P.costBig[p]!;
      const maxPaid = s.wMaxRich > 0 ? ratioToDecimal(s.num * BigInt(s.wMaxRich), s.den, 2) : ratioToDecimal(0n, 1n, 2);
      explanations.push({
        ...base,
        selected: true,
        reason: 'selected',
        round: s.round,
        rho: c === 0n ? '0' : ratioToSignificant(s.num, s.den * c, 12),
        paid: { total: ratioToDecimal(c, 1n, 2), max: maxPaid },
      });
    } else if (P.status[p] === 1) explanations.push({ ...base, selected: false, reason: 'not_supported' });
    else if (P.status[p] === 2) explanations.push({ ...base, selected: false, reason: 'below_threshold' });
    else explanations.push({ ...base, selected: false, reason: 'supporters_cannot_afford', remaining: r.remaining?.get(p) ?? '0.00' });
  }
  return { rule, selected: r.selected.map((s) => P.ids[s.project]!), cost: r.cost, explanations, details };
}

/** MES with cost satisfaction, no completion, as pabutools' `method_of_equal_shares`. */
export function countMes(input: CountingInput, opts: MesOptions = {}): CountingResult {
  const P = prepare(input, opts);
  const r = run(P, 0, opts, Infinity, true);
  return explainRun(P, r, 'mes', {
    voters: P.n,
    perVoterBudget: P.n > 0 ? ratioToDecimal(BigInt(P.budget), BigInt(P.n), 6) : '0',
    excluded: P.ids.filter((_, p) => P.status[p] === 2),
  });
}

/** Every supported unselected project costs more than what the budget has left. */
function exhaustive(P: Prepared, r: RunResult): boolean {
  const sel = new Set(r.selected.map((s) => s.project));
  return P.candidates.every((p) => sel.has(p) || r.cost + P.cost[p]! > P.budget);
}

/**
 * MES completed by Add1: every voter's initial budget is raised by `increment`, 2·increment, … (step 0 is plain
 * MES). 'add1': the first exhaustive outcome is returned, or the previous step's when a step costs more than B.
 * 'add1-comparison': the last step costing at most B, then compared with greedy.
 */
export function countMesAdd1(input: CountingInput, opts: MesAdd1Options = {}): CountingResult {
  const P = prepare(input, opts, true);
  const inc = opts.increment ?? 1;
  safeInt(inc, 'the increment');
  if (inc <= 0) throw new RangeError('the Add1 increment must be positive');
  const variant = opts.variant ?? 'add1';
  let prevStep = -1;
  let step = 0;
  let stop: 'exhaustive' | 'over_budget' | 'no_voters';
  for (;; step++) {
    if (P.n === 0) {
      stop = 'no_voters';
      break;
    }
    const r = run(P, step * inc, opts, P.budget);
    if (r.aborted || r.cost > P.budget) {
      stop = 'over_budget';
      step = prevStep;
      break;
    }
    if (variant === 'add1' && exhaustive(P, r)) {
      stop = 'exhaustive';
      break;
    }
    // Nothing more can change once every candidate is selected.
    if (r.selected.length === P.zeroCost.length + P.candidates.length) {
      stop = 'exhaustive';
      break;
    }
    prevStep = step;
  }
  if (step < 0) step = 0;
  const final = run(P, step * inc, opts, Infinity, true);
  const details: Record<string, unknown> = {
    voters: P.n,
    increment: inc,
    steps: step,
    perVoterBudget: P.n > 0 ? ratioToDecimal(BigInt(P.budget) + BigInt(P.n) * BigInt(step * inc), BigInt(P.n), 6) : '0',
    stoppedBecause: stop,
    variant,
    excluded: P.ids.filter((_, p) => P.status[p] === 2),
  };
  if (variant === 'add1') return explainRun(P, final, 'mes-add1', details);

  // Wieliczka: each voter prefers the outcome with more of the projects they approved; greedy wins only with more voters.
  const greedy = countGreedy(input);
  const inMes = new Uint8Array(P.m);
  for (const s of final.selected) inMes[s.project] = 1;
  const inGreedy = new Uint8Array(P.m);
  const index = new Map(P.ids.map((id, p) => [id, p]));
  for (const id of greedy.selected) inGreedy[index.get(id)!] = 1;
  let preferMes = 0;
  let preferGreedy = 0;
  for (let v = 0; v < P.n; v++) {
    let d = 0;
    for (let e = P.votStart[v]!; e < P.votStart[v + 1]!; e++) d += inMes[P.votProj[e]!]! - inGreedy[P.votProj[e]!]!;
    if (d > 0) preferMes++;
    else if (d < 0) preferGreedy++;
  }
  details.comparison = { preferMes, preferGreedy, winner: preferGreedy > preferMes ? 'greedy' : 'mes-add1' };
  if (preferGreedy <= preferMes) return explainRun(P, final, 'mes-add1-comparison', details);
  return { ...greedy, rule: 'mes-add1-comparison', details: { ...details, greedy: greedy.details } };
}

/**
 * The Add1 options of an official equal-shares variant named by a `.pb` file's META (`rule`, `unit`), or null when
 * the rule is not one: `equalshares/add1` (Świecie also removes projects with votes/n < cost/(3B) first) and
 * `equalshares/add1-comparison` (Wieliczka).
 */
export function officialMesVariant(meta: { rule?: string; unit?: string }): MesAdd1Options | null {
  if (meta.rule === 'equalshares/add1') return meta.unit?.normalize('NFC') === 'Świecie'.normalize('NFC') ? { excludeLowSupport: true } : {};
  if (meta.rule === 'equalshares/add1-comparison') return { variant: 'add1-comparison' };
  return null;
}
