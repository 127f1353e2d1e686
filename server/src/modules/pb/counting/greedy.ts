import type { CountingInput, CountingResult, ProjectExplanation } from './types.js';

/**
 * Compares project ids as pabutools (Python) does: by Unicode code points, so "10" comes before "9". JavaScript's `<`
 * compares UTF-16 code units, which differs only past U+FFFF; this compares code points there too.
 */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
}

/** Each project's support: its supporters, or the total points given to it when ballots carry points (cumulative). */
export function supportOf(input: CountingInput): number[] {
  const s = new Array<number>(input.projects.length).fill(0);
  for (const b of input.ballots) {
    const pts = b.points;
    for (let k = 0; k < b.projects.length; k++) s[b.projects[k]!]! += pts ? pts[k]! : 1;
  }
  return s;
}

/** Project indices by support, most first; equal support by project id (code points, ascending). */
export function greedyOrder(input: CountingInput, support: readonly number[]): number[] {
  return input.projects.map((_, i) => i).sort((i, j) => support[j]! - support[i]! || compareIds(input.projects[i]!.id, input.projects[j]!.id));
}

export interface GreedyOptions {
  /** greedy-threshold: only projects with at least this support (votes, or points for cumulative ballots) count. */
  threshold?: number;
  /** greedy-no-skip: stop at the first project that does not fit instead of trying the next ones. */
  noSkip?: boolean;
}

/**
 * Greedy by support within the budget: projects in `greedyOrder`, each added when its cost fits what is left; the whole
 * list is walked (a project that does not fit does not stop the count, unless `noSkip`), and a project nobody
 * supports is added too if it fits — as pabutools' `greedy_utilitarian_welfare` with cost satisfaction does.
 *
 * Amounts are added as JavaScript numbers: exact while costs and the budget are integers below 2^53 (pabulib's are).
 */
export function countGreedy(input: CountingInput, opts: GreedyOptions = {}): CountingResult {
  const support = supportOf(input);
  const order = greedyOrder(input, support);
  const threshold = opts.threshold;
  const rule = threshold !== undefined ? 'greedy-threshold' : opts.noSkip ? 'greedy-no-skip' : 'greedy';
  const selected: string[] = [];
  const explanations: ProjectExplanation[] = [];
  const below: ProjectExplanation[] = [];
  let remaining = input.budget;
  let spent = 0;
  let stopped = false;
  for (const i of order) {
    const { id, cost } = input.projects[i]!;
    const s = support[i]!;
    if (threshold !== undefined && s < threshold) {
      below.push({ id, selected: false, reason: 'below_threshold', support: s });
      continue;
    }
    if (stopped) {
      explanations.push({ id, selected: false, reason: 'not_considered', support: s, remaining: String(remaining) });
      continue;
    }
    if (cost <= remaining) {
      selected.push(id);
      explanations.push({ id, selected: true, reason: 'selected', support: s, round: selected.length, remaining: String(remaining) });
      remaining -= cost;
      spent += cost;
    } else {
      explanations.push({ id, selected: false, reason: 'does_not_fit', support: s, remaining: String(remaining) });
      if (opts.noSkip) stopped = true;
    }
  }
  const details: Record<string, unknown> = { remaining: String(remaining) };
  if (threshold !== undefined) details.threshold = threshold;
  return { rule, selected, cost: spent, explanations: explanations.concat(below), details };
}
