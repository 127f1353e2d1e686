import { compareIds } from './greedy.js';
import type { MesOptions } from './mes-options.js';
import type { CountingInput } from './types.js';

export function safeInt(x: number, what: string): number {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`MES needs ${what} to be a non-negative integer below 2^53, not ${x}`);
  return x;
}

/** The instance in flat arrays, shared by every run of an Add1 scan. */
export interface Prepared {
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

export function prepare(input: CountingInput, opts: MesOptions, renumber = false): Prepared {
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
