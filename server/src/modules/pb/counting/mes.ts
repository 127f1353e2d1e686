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
import { ratioToDecimal, ratioToSignificant } from './rational.js';
import type { CountingInput, CountingResult, ProjectExplanation } from './types.js';
import type { MesAdd1Options, MesOptions } from './mes-options.js';
import { prepare, safeInt, type Prepared } from './mes-prepare.js';
import { run, type RunResult } from './mes-run.js';

export type { MesAdd1Options, MesOptions } from './mes-options.js';

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

