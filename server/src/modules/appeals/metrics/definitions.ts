/**
 * Appeal metrics (统计): every rate is a numerator over a denominator of raw counts, and this file is the one
 * place where they are defined. `queries.ts` only counts; docs/modules/appeals-metrics.md says the same in
 * words. Pure: no database, no clock.
 */

/**
 * The raw counts of one unit (grid, community, street, district, department or city) over one period.
 * Every count is of cases received in the period (`received_at` in [from, to)); see `queries.ts` for how a
 * case is given to a unit. Department rows differ in `dispatched` and `returned` only (see there).
 */
export interface RawCounts {
  /** Cases received (受理) in the period, whatever became of them. */
  received: number;
  /** Received, less the cases merged into another (合并) and the ones not accepted (不予受理). */
  valid: number;
  /** Answered directly at intake (直接答复), status `answered`. */
  answered: number;
  /** Dispatched (派单) at least once: `dispatched_at` is set. Department rows: see `queries.ts`. */
  dispatched: number;
  /** Accepted (签收) at least once: `accepted_at` is set (the latest acceptance). */
  signed: number;
  /** Accepted no later than the accept deadline: `accepted_at <= accept_by`. */
  signedOnTime: number;
  /** Finished by handling or by a direct answer: status `closed` or `answered`. */
  completed: number;
  /** Closed and archived (办结归档): status `closed`. */
  closed: number;
  /** Closed, and the (latest) reply came no later than the completion deadline: `replied_at <= due_by`. */
  closedOnTime: number;
  /** With a return-visit result (回访) now: `satisfaction` is set (status `visited` or `closed`). */
  visited: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  /** Reached a return visit at least once: `satisfaction` is set or the case was reopened. */
  visitedEver: number;
  /** Reopened (重办) at least once: `reopen_count > 0`. */
  reopened: number;
  /** Returned (退单) at least once: `bounce_count > 0`. Department rows: returned by that department. */
  returned: number;
  /** With at least one approved extension (延期): a transition `approveExtension` exists. */
  extended: number;
  /** A valid case with more than one caller: at least one other case was merged into it (重复诉求). */
  repeated: number;
  /** Marked overdue by the deadline sweep: `overdue_at` is set. */
  overdue: number;
  /** Under supervision (催办 / 督办 / 挂牌): `supervision` is set. */
  supervised: number;
  /** Not finished: status not `closed`, `answered`, `not_accepted` or `merged`. */
  open: number;
  /** Sum over closed cases of (closed_at − received_at), in calendar hours. */
  handlingHours: number;
}

export const RAW_COUNT_KEYS = [
  'received',
  'valid',
  'answered',
  'dispatched',
  'signed',
  'signedOnTime',
  'completed',
  'closed',
  'closedOnTime',
  'visited',
  'satisfied',
  'basic',
  'unsatisfied',
  'visitedEver',
  'reopened',
  'returned',
  'extended',
  'repeated',
  'overdue',
  'supervised',
  'open',
  'handlingHours',
] as const satisfies ReadonlyArray<keyof RawCounts>;

export const emptyCounts = (): RawCounts => Object.fromEntries(RAW_COUNT_KEYS.map((k) => [k, 0])) as unknown as RawCounts;

/** Adds b into a (a unit's counts are sums of its parts: every count is additive). */
export function addCounts(a: RawCounts, b: RawCounts): RawCounts {
  const out = { ...a };
  for (const k of RAW_COUNT_KEYS) out[k] += b[k];
  return out;
}

export const RATE_KEYS = [
  'signOnTimeRate',
  'responseRate',
  'onTimeCompletionRate',
  'completionRate',
  'resolutionRate',
  'satisfactionRate',
  'returnRate',
  'reopenRate',
  'extensionRate',
  'repeatRate',
] as const;
export type RateKey = (typeof RATE_KEYS)[number];

/** Weights of the configuration; every field has a default (DEFAULT_METRIC_WEIGHTS) and may be overridden per call. */
export interface MetricWeights {
  /** 满意率: what one return-visit result counts for, each in [0, 1]. */
  satisfaction: { satisfied: number; basic: number; unsatisfied: number };
  /** The composite score: weight of each rate (≥ 0; 0 leaves the rate out). They need not sum to 1. */
  score: Record<RateKey, number>;
}

/**
 * Defaults. Satisfaction: 满意 1, 基本满意 0.8, 不满意 0 (a "basically satisfied" caller counts for most of a
 * satisfied one, as in common 12345 assessment practice). Score: what the caller experiences weighs most
 * (satisfaction 25 %, resolution 20 %), then timeliness (response 15 %, on-time completion 15 %), completion
 * 10 %, and 5 % each for returns, reopenings and extensions (counted as 1 − rate: fewer is better). The
 * sign-on-time rate (a subset of the response rate's numerator) and the repeat rate (driven by callers
 * more than by handlers) are reported but not scored by default.
 */
export const DEFAULT_METRIC_WEIGHTS: MetricWeights = {
  satisfaction: { satisfied: 1, basic: 0.8, unsatisfied: 0 },
  score: {
    signOnTimeRate: 0,
    responseRate: 0.15,
    onTimeCompletionRate: 0.15,
    completionRate: 0.1,
    resolutionRate: 0.2,
    satisfactionRate: 0.25,
    returnRate: 0.05,
    reopenRate: 0.05,
    extensionRate: 0.05,
    repeatRate: 0,
  },
};

export interface MetricWeightsOverride {
  satisfaction?: Partial<MetricWeights['satisfaction']>;
  score?: Partial<MetricWeights['score']>;
}

/** The defaults with a caller's overrides on top. Throws RangeError for a weight out of range. */
export function resolveWeights(override: MetricWeightsOverride = {}): MetricWeights {
  const w: MetricWeights = {
    satisfaction: { ...DEFAULT_METRIC_WEIGHTS.satisfaction, ...override.satisfaction },
    score: { ...DEFAULT_METRIC_WEIGHTS.score, ...override.score },
  };
  for (const [k, v] of Object.entries(w.satisfaction)) {
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`satisfaction weight ${k} must be in [0, 1], got ${v}`);
  }
  for (const [k, v] of Object.entries(w.score)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`score weight ${k} must be ≥ 0, got ${v}`);
  }
  if (!Object.values(w.score).some((v) => v > 0)) throw new RangeError('at least one score weight must be > 0');
  return w;
}

export interface RateDefinition {
  key: RateKey;
  zh: string;
  en: string;
  /** True when a higher rate is better; the score uses 1 − rate otherwise. */
  higherIsBetter: boolean;
  numerator(c: RawCounts, w: MetricWeights): number;
  denominator(c: RawCounts): number;
  /** The definition in words (the same as in docs/modules/appeals-metrics.md). */
  text: string;
}

export const RATES: Readonly<Record<RateKey, RateDefinition>> = {
  signOnTimeRate: {
    key: 'signOnTimeRate',
    zh: '按时签收率',
    en: 'Sign-on-time rate',
    higherIsBetter: true,
    numerator: (c) => c.signedOnTime,
    denominator: (c) => c.signed,
    text: 'signedOnTime / signed: of the cases accepted (签收), those accepted no later than accept_by',
  },
  responseRate: {
    key: 'responseRate',
    zh: '响应率',
    en: 'Response rate',
    higherIsBetter: true,
    numerator: (c) => c.signedOnTime,
    denominator: (c) => c.dispatched,
    text: 'signedOnTime / dispatched: of the cases dispatched, those accepted no later than accept_by (a case never accepted counts against)',
  },
  onTimeCompletionRate: {
    key: 'onTimeCompletionRate',
    zh: '按期办结率',
    en: 'On-time completion rate',
    higherIsBetter: true,
    numerator: (c) => c.closedOnTime,
    denominator: (c) => c.closed,
    text: 'closedOnTime / closed: of the closed cases, those whose latest reply came no later than due_by (after extensions and suspensions)',
  },
  completionRate: {
    key: 'completionRate',
    zh: '办结率',
    en: 'Completion rate',
    higherIsBetter: true,
    numerator: (c) => c.completed,
    denominator: (c) => c.valid,
    text: 'completed / valid: of the cases received less merged and not accepted, those closed or answered directly',
  },
  resolutionRate: {
    key: 'resolutionRate',
    zh: '解决率',
    en: 'Resolution rate',
    higherIsBetter: true,
    numerator: (c) => c.satisfied + c.basic,
    denominator: (c) => c.visited,
    text: '(satisfied + basic) / visited: of the cases with a return-visit result, those satisfied or basically satisfied',
  },
  satisfactionRate: {
    key: 'satisfactionRate',
    zh: '满意率',
    en: 'Satisfaction rate',
    higherIsBetter: true,
    numerator: (c, w) => c.satisfied * w.satisfaction.satisfied + c.basic * w.satisfaction.basic + c.unsatisfied * w.satisfaction.unsatisfied,
    denominator: (c) => c.visited,
    text: '(satisfied × w_satisfied + basic × w_basic + unsatisfied × w_unsatisfied) / visited; default weights 1, 0.8, 0',
  },
  returnRate: {
    key: 'returnRate',
    zh: '退单率',
    en: 'Return rate',
    higherIsBetter: false,
    numerator: (c) => c.returned,
    denominator: (c) => c.dispatched,
    text: 'returned / dispatched: of the cases dispatched, those returned (退单 approved) at least once',
  },
  reopenRate: {
    key: 'reopenRate',
    zh: '重办率',
    en: 'Reopen rate',
    higherIsBetter: false,
    numerator: (c) => c.reopened,
    denominator: (c) => c.visitedEver,
    text: 'reopened / visitedEver: of the cases that reached a return visit, those reopened (unsatisfied, handler at fault) at least once',
  },
  extensionRate: {
    key: 'extensionRate',
    zh: '延期率',
    en: 'Extension rate',
    higherIsBetter: false,
    numerator: (c) => c.extended,
    denominator: (c) => c.dispatched,
    text: 'extended / dispatched: of the cases dispatched, those with at least one approved extension',
  },
  repeatRate: {
    key: 'repeatRate',
    zh: '重复诉求率',
    en: 'Repeat-appeal rate',
    higherIsBetter: false,
    numerator: (c) => c.repeated,
    denominator: (c) => c.valid,
    text: 'repeated / valid: of the valid cases, those with more than one caller (another case was merged into them)',
  },
};

export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface UnitMetrics {
  rates: Record<RateKey, Rate>;
  /** 平均办理时长: handlingHours / closed, calendar hours from receipt to closing; null without closed cases. */
  avgHandlingHours: number | null;
  /** Composite score in [0, 100] (see `compositeScore`); null when no weighted rate is defined. */
  score: number | null;
}

/** A rate from its counts; null when the denominator is 0 (nothing to measure, not 0 %). */
export function rate(key: RateKey, c: RawCounts, w: MetricWeights = DEFAULT_METRIC_WEIGHTS): Rate {
  const d = RATES[key];
  const numerator = d.numerator(c, w);
  const denominator = d.denominator(c);
  return { value: denominator > 0 ? numerator / denominator : null, numerator, denominator };
}

/**
 * The composite score: 100 × Σ wᵢ·sᵢ / Σ wᵢ over the rates with a weight > 0 and a defined value, where
 * sᵢ is the rate when higher is better and 1 − rate otherwise. Rates without data are left out and the
 * remaining weights renormalised, so a unit is not punished for, say, having no return visits yet.
 */
export function compositeScore(rates: Record<RateKey, Rate>, w: MetricWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of RATE_KEYS) {
    const wi = w.score[key];
    const v = rates[key].value;
    if (!(wi > 0) || v === null) continue;
    sum += wi * (RATES[key].higherIsBetter ? v : 1 - v);
    weight += wi;
  }
  return weight > 0 ? (100 * sum) / weight : null;
}

/** Every rate, the average handling time and the score of one unit's counts. */
export function metricsOf(c: RawCounts, w: MetricWeights = DEFAULT_METRIC_WEIGHTS): UnitMetrics {
  const rates = Object.fromEntries(RATE_KEYS.map((k) => [k, rate(k, c, w)])) as Record<RateKey, Rate>;
  return { rates, avgHandlingHours: c.closed > 0 ? c.handlingHours / c.closed : null, score: compositeScore(rates, w) };
}

export interface RankedUnit<T> {
  unit: T;
  score: number;
  /** The sample size: valid cases. */
  sample: number;
}

/**
 * Red and black lists (红黑榜). Eligible: units with a key, at least `minSample` valid cases and a score.
 * Sorted by score (ties: larger sample first, then key). Red = the best `top`; black = the worst `top` of the
 * eligible units not on the red list (so a unit is never on both, and with `top` or fewer eligible units the
 * black list is empty), ordered worst first (ties: larger sample first, then key).
 */
export function redBlackLists<T>(
  units: ReadonlyArray<{ key: string | null; unit: T; counts: RawCounts; score: number | null }>,
  opts: { minSample: number; top: number },
): { red: Array<RankedUnit<T>>; black: Array<RankedUnit<T>>; eligible: number } {
  const eligible = units
    .filter((u) => u.key !== null && u.counts.valid >= opts.minSample && u.score !== null)
    .map((u) => ({ key: u.key!, unit: u.unit, score: u.score!, sample: u.counts.valid }));
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const best = [...eligible].sort((a, b) => b.score - a.score || b.sample - a.sample || byKey(a, b));
  const red = best.slice(0, opts.top);
  const onRed = new Set(red.map((r) => r.key));
  const black = eligible
    .filter((u) => !onRed.has(u.key))
    .sort((a, b) => a.score - b.score || b.sample - a.sample || byKey(a, b))
    .slice(0, opts.top);
  const strip = (x: (typeof eligible)[number]) => ({ unit: x.unit, score: x.score, sample: x.sample });
  return { red: red.map(strip), black: black.map(strip), eligible: eligible.length };
}
