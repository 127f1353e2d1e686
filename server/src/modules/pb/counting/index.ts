/**
 * The counting rules by name. A rule is a pure function of a `CountingInput`; add a rule with one entry in `RULES`.
 */
import { countGreedy } from './greedy.js';
import type { CountingInput, CountingResult } from './types.js';

export interface RuleOptions {
  /** mes-add1: the per-voter budget increment, in currency units (default 1). */
  increment?: number;
  /** greedy-threshold: the least support a project needs (META `min_project_score_threshold` for a `.pb` file). */
  threshold?: number;
}

export type CountingRule = (input: CountingInput, opts: RuleOptions) => CountingResult;

export class RuleOptionError extends Error {}

const RULES: Record<string, CountingRule> = {
  greedy: (input) => countGreedy(input),
  'greedy-threshold': (input, opts) => {
    if (opts.threshold === undefined) throw new RuleOptionError('greedy-threshold needs a threshold (META min_project_score_threshold or --threshold N)');
    return countGreedy(input, { threshold: opts.threshold });
  },
  'greedy-no-skip': (input) => countGreedy(input, { noSkip: true }),
};

/** Rules the issue names that are written elsewhere and not here yet (the CLI says so instead of "unknown rule"). */
export const PENDING_RULES: readonly string[] = ['mes', 'mes-add1'].filter((r) => !(r in RULES));

export function ruleNames(): string[] {
  return Object.keys(RULES);
}

export function getRule(name: string): CountingRule | undefined {
  return Object.hasOwn(RULES, name) ? RULES[name] : undefined;
}

export type { CountingInput, CountingResult } from './types.js';
