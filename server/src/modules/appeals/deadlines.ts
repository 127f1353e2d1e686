/**
 * Deadline arithmetic of appeals (接诉即办): pure functions, no database, no clock.
 *
 * - Clock-time limits are counted from receipt: accept within N hours, and for
 *   grid-handled categories on site within M minutes.
 * - The completion limit is counted in working days by the official calendar,
 *   starting with the day after the Shanghai date of receipt (see
 *   `dueAfterWorkingDays`): the case is due at the end (23:59:59.999 Shanghai) of
 *   the n-th working day.
 * - The yellow warning fires at `warnShare` of the completion time (default 2/3),
 *   red once the completion deadline has passed.
 * - A suspension (挂起, waiting on the caller) stops the clock: on resume the
 *   completion deadline and its warning move later by the suspended duration.
 *   An approved extension (延期) moves them later by a number of working days.
 *   Nothing ever moves a deadline earlier.
 *
 * All instants are epoch milliseconds.
 */
import { dueAfterHours, dueAfterWorkingDays } from '../../platform/calendar/deadline.js';
import { shanghaiDayStartUtc, toShanghaiDate } from '../../platform/calendar/working-calendar.js';

/** What the deadline code needs of a calendar; `WorkingCalendar` satisfies it. */
export interface CalendarLike {
  /** The n-th working day after `start` ('YYYY-MM-DD'), counting from the day after it. */
  addWorkingDays(start: string, n: number): string;
}

export interface DeadlineRules {
  /** Accept (签收) within this many clock hours of receipt; fractions allowed. */
  acceptHours: number;
  /** Grid cases: on site (到场) within this many minutes of receipt; null = no on-site limit. */
  onSiteMinutes: number | null;
  /** Completion limit in working days after the day of receipt (integer ≥ 1). */
  workingDays: number;
  /** Share of the completion time after which the yellow warning fires, in (0, 1]. Default 2/3. */
  warnShare: number;
  /** A return request (申请退单) must be made within this many clock hours of dispatch. */
  returnWindowHours: number;
}

export interface Deadlines {
  /** Accept by (签收时限). */
  acceptBy: number;
  /** On site by (到场时限), grid-handled categories only; null when the rules have none. */
  onSiteBy: number | null;
  /** Completion deadline (办结时限). */
  dueBy: number;
  /** Yellow warning (黄色预警) from this instant on. */
  warnAt: number;
}

export type DeadlineStatus = 'ok' | 'warning' | 'overdue';
export type Urgency = 'normal' | 'urgent' | 'emergency';

export const DEFAULT_WARN_SHARE = 2 / 3;
export const DEFAULT_RETURN_WINDOW_HOURS = 24;
/** Emergency cases of grid-handled categories: a grid worker on site within 30 minutes. */
export const EMERGENCY_ON_SITE_MINUTES = 30;
/** Largest extension one request may ask for, in working days. */
export const MAX_EXTENSION_DAYS = 30;

const HOUR_MS = 3_600_000;

/** Throws RangeError if the rules cannot produce deadlines. */
export function validateRules(rules: DeadlineRules): void {
  const { acceptHours, onSiteMinutes, workingDays, warnShare, returnWindowHours } = rules;
  if (!Number.isFinite(acceptHours) || acceptHours <= 0) throw new RangeError(`acceptHours must be > 0, got ${acceptHours}`);
  if (onSiteMinutes !== null && (!Number.isFinite(onSiteMinutes) || onSiteMinutes <= 0)) {
    throw new RangeError(`onSiteMinutes must be null or > 0, got ${onSiteMinutes}`);
  }
  if (!Number.isSafeInteger(workingDays) || workingDays < 1) {
    throw new RangeError(`workingDays must be an integer ≥ 1, got ${workingDays}`);
  }
  if (!Number.isFinite(warnShare) || warnShare <= 0 || warnShare > 1) {
    throw new RangeError(`warnShare must be in (0, 1], got ${warnShare}`);
  }
  if (!Number.isFinite(returnWindowHours) || returnWindowHours < 0) {
    throw new RangeError(`returnWindowHours must be ≥ 0, got ${returnWindowHours}`);
  }
}

function checkInstant(name: string, t: number): void {
  if (!Number.isSafeInteger(t)) throw new RangeError(`${name} must be an integer epoch-ms instant, got ${t}`);
}

/** receivedAt + warnShare × (dueBy − receivedAt), rounded to the millisecond. */
function warnInstant(receivedAt: number, dueBy: number, warnShare: number): number {
  return receivedAt + Math.round(warnShare * (dueBy - receivedAt));
}

/** The deadlines of a case received at `receivedAt` under `rules`. */
export function computeDeadlines(receivedAt: number, rules: DeadlineRules, calendar: CalendarLike): Deadlines {
  checkInstant('receivedAt', receivedAt);
  validateRules(rules);
  const received = new Date(receivedAt);
  const dueBy = dueAfterWorkingDays(received, rules.workingDays, calendar).getTime();
  return {
    acceptBy: dueAfterHours(received, rules.acceptHours).getTime(),
    onSiteBy: rules.onSiteMinutes === null ? null : dueAfterHours(received, rules.onSiteMinutes / 60).getTime(),
    dueBy,
    warnAt: warnInstant(receivedAt, dueBy, rules.warnShare),
  };
}

/**
 * The deadlines after a suspension of `ms` milliseconds has ended: the completion
 * deadline and its warning move later by exactly `ms`. The accept and on-site
 * deadlines stay: a case can only be suspended while in progress, when both are
 * already met or missed, and moving them would rewrite on-time statistics.
 * A negative or non-finite `ms` is refused (a deadline never moves earlier).
 */
export function shiftForSuspension(d: Deadlines, ms: number): Deadlines {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`shiftForSuspension: ms must be an integer ≥ 0, got ${ms}`);
  return { ...d, dueBy: d.dueBy + ms, warnAt: d.warnAt + ms };
}

/**
 * The deadlines after an approved extension of `days` working days: the completion
 * deadline moves to the same time of day on the `days`-th working day after its
 * current Shanghai date (so time added by suspensions is kept), and the warning moves
 * later by the same amount the 2/3 rule gives for the longer period:
 * without suspensions warnAt stays exactly receivedAt + warnShare × (dueBy − receivedAt).
 */
export function extend(d: Deadlines, days: number, calendar: CalendarLike, receivedAt: number, rules: DeadlineRules): Deadlines {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`extend: days must be an integer ≥ 1, got ${days}`);
  checkInstant('receivedAt', receivedAt);
  const dueDate = toShanghaiDate(new Date(d.dueBy));
  const newDate = calendar.addWorkingDays(dueDate, days);
  const delta = shanghaiDayStartUtc(newDate).getTime() - shanghaiDayStartUtc(dueDate).getTime();
  if (!(delta > 0)) throw new RangeError(`extend: calendar returned ${newDate}, not after ${dueDate}`);
  const dueBy = d.dueBy + delta;
  const warnDelta = warnInstant(receivedAt, dueBy, rules.warnShare) - warnInstant(receivedAt, d.dueBy, rules.warnShare);
  return { ...d, dueBy, warnAt: d.warnAt + Math.max(0, warnDelta) };
}

export interface DeadlineStatusOptions {
  /** The case is not yet accepted: overdue also once acceptBy has passed. */
  acceptPending?: boolean;
  /** A grid case is not yet on site: overdue also once onSiteBy has passed. */
  onSitePending?: boolean;
  /** The case is suspended since this instant: the clock is stopped, so it is judged as of then. */
  suspendedAt?: number | null;
}

/**
 * Traffic light of a case: 'overdue' (red, 超期) after the completion deadline (or a
 * pending accept / on-site deadline), 'warning' (yellow, 预警) from warnAt on, else 'ok'.
 * dueBy itself is still in time (due at 23:59:59.999 means that instant is allowed).
 */
export function deadlineStatus(d: Deadlines, now: number, opts: DeadlineStatusOptions = {}): DeadlineStatus {
  const t = opts.suspendedAt != null ? Math.min(now, opts.suspendedAt) : now;
  if (t > d.dueBy) return 'overdue';
  if (opts.acceptPending === true && t > d.acceptBy) return 'overdue';
  if (opts.onSitePending === true && d.onSiteBy !== null && t > d.onSiteBy) return 'overdue';
  if (t >= d.warnAt) return 'warning';
  return 'ok';
}

export interface CategoryLimits {
  acceptHours: number;
  /** Set for categories handled straight by the grid (直派); null otherwise. */
  onSiteMinutes: number | null;
  workingDays: number;
  warnShare?: number;
  returnWindowHours?: number;
}

/**
 * Rules of a case from its category's limits and its urgency:
 * - normal: the category's limits;
 * - urgent: acceptHours and workingDays halved, each at least 1 (never longer than normal);
 *   working days rounded down;
 * - emergency: accept within 1 hour, 1 working day, and for grid-handled categories
 *   (onSiteMinutes set) on site within 30 minutes (or the category's limit if shorter).
 * warnShare defaults to 2/3 and returnWindowHours to 24.
 */
export function rulesFor(category: CategoryLimits, urgency: Urgency): DeadlineRules {
  const base: DeadlineRules = {
    acceptHours: category.acceptHours,
    onSiteMinutes: category.onSiteMinutes,
    workingDays: category.workingDays,
    warnShare: category.warnShare ?? DEFAULT_WARN_SHARE,
    returnWindowHours: category.returnWindowHours ?? DEFAULT_RETURN_WINDOW_HOURS,
  };
  validateRules(base);
  switch (urgency) {
    case 'normal':
      return base;
    case 'urgent':
      return {
        ...base,
        acceptHours: Math.min(base.acceptHours, Math.max(1, base.acceptHours / 2)),
        workingDays: Math.max(1, Math.floor(base.workingDays / 2)),
      };
    case 'emergency':
      return {
        ...base,
        acceptHours: Math.min(base.acceptHours, 1),
        workingDays: 1,
        onSiteMinutes: base.onSiteMinutes === null ? null : Math.min(base.onSiteMinutes, EMERGENCY_ON_SITE_MINUTES),
      };
    default: {
      const never: never = urgency;
      throw new RangeError(`unknown urgency ${String(never)}`);
    }
  }
}

/** The instant after which a return request is too late, for a case dispatched at `dispatchedAt`. */
export function returnWindowEnd(dispatchedAt: number, rules: Pick<DeadlineRules, 'returnWindowHours'>): number {
  return dispatchedAt + Math.round(rules.returnWindowHours * HOUR_MS);
}
