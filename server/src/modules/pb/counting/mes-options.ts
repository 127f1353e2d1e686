/** Options of the Method of Equal Shares and its Add1 completion (mes.ts). */
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
