/**
 * The counting rules by name. A rule is a pure function of a `CountingInput`; add a rule with one entry in `RULES`.
 */
import { countGreedy } from './greedy.js';
import { countMes, countMesAdd1 } from './mes.js';
import type { CountingInput, CountingResult } from './types.js';

export interface RuleOptions {
  /** mes-add1: the per-voter budget increment, in currency units (default 1). */
  increment?: number;
  /** greedy-threshold: the least support a project needs (META `min_project_score_threshold` for a `.pb` file). */
  threshold?: number;
  /** mes, mes-add1: remove projects with votes/n < cost/(3B) before counting (Świecie 2023). */
  excludeLowSupport?: boolean;
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
  mes: (input, opts) => countMes(input, { excludeLowSupport: opts.excludeLowSupport }),
  'mes-add1': (input, opts) => countMesAdd1(input, { increment: opts.increment, excludeLowSupport: opts.excludeLowSupport }),
  'mes-add1-comparison': (input, opts) => countMesAdd1(input, { increment: opts.increment, variant: 'add1-comparison', excludeLowSupport: opts.excludeLowSupport }),
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
