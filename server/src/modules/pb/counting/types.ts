/**
 * What the counting rules read and answer (a pure library: no database, no I/O). The `.pb` reader
 * (`../format/`) and the cycles' ballots both turn into a `CountingInput`.
 *
 * Amounts are whole currency units (yuan, złoty, HUF …) as JavaScript numbers: every cost and budget in the
 * pabulib files is an integer below 2^53. Sums and shares inside the rules that may not be exact in floating point
 * (MES) are computed with exact rationals.
 */
export interface CountingProject {
  /** The id exactly as in the file or the cycle ("10" and "9" are compared as strings for ties). */
  id: string;
  cost: number;
}

/** One voter's ballot: the indices (into `projects`) of the projects approved, or given points. */
export interface CountingBallot {
  projects: readonly number[];
  /** Cumulative ballots: the points given to each of `projects` (same length). Absent for approval ballots. */
  points?: readonly number[];
}

export interface CountingInput {
  budget: number;
  projects: readonly CountingProject[];
  /** Every ballot, empty ones included (they count in MES's per-voter share B/n). */
  ballots: readonly CountingBallot[];
}

/** Why a project was or was not selected, in words a resident can follow (codes, translated by the UI). */
export interface ProjectExplanation {
  id: string;
  selected: boolean;
  /** e.g. 'selected', 'does_not_fit' (greedy), 'not_supported', 'supporters_cannot_afford' (MES), 'below_threshold'. */
  reason: string;
  /** Supporters (or total points for cumulative ballots). */
  support: number;
  /** Selection round (1-based) for selected projects. */
  round?: number;
  /** MES: the price per unit of utility ρ at which it was bought, as a decimal string. */
  rho?: string;
  /** MES: what the supporters paid in all, and the most any one of them paid, as decimal strings. */
  paid?: { total: string; max: string };
  /** Budget left when the project was considered (greedy) or when it stopped being affordable (MES), as a decimal string. */
  remaining?: string;
}

export interface CountingResult {
  rule: string;
  /** Selected project ids, in the order the rule selected them. */
  selected: string[];
  /** Total cost of the selected projects. */
  cost: number;
  explanations: ProjectExplanation[];
  /** Rule-specific facts, e.g. for mes-add1 the per-voter budget increment reached. */
  details?: Record<string, unknown>;
}
