/**
 * The lifecycle of an appeal (接诉即办 / 12345 + 网格), enforced here and nowhere
 * else. Pure: no database, no clock — the caller passes the actor, the time, the
 * calendar and the deadline rules. `apply` either returns the next state with
 * exactly one transition record, or throws a `TransitionError` and the caller's
 * state is untouched (states are never mutated).
 *
 * The rules are written down in `TRANSITIONS` (quoted by
 * docs/modules/appeals-lifecycle.md); the command-specific conditions are in
 * `guard` (state-only conditions, shared with `allowedCommands`) and in `apply`
 * (argument checks and effects).
 */
import { computeDeadlines, extend, MAX_EXTENSION_DAYS, returnWindowEnd, shiftForSuspension } from './deadlines.js';
import type { CalendarLike, DeadlineRules, Deadlines } from './deadlines.js';
import { isTerminal } from './states.js';
import type { AppealStatus, HandlingMode, Satisfaction } from './states.js';

export interface AppealState {
  status: AppealStatus;
  /** Handling mode, set at dispatch; cleared when a return request is approved. */
  mode: HandlingMode | null;
  /** Approved return requests (退单). Never decreases. */
  bounceCount: number;
  /** Reopenings (重办) after an unsatisfied visit where the handler was at fault. Never decreases. */
  reopenCount: number;
  /**
   * Set once a return request has been rejected: from then on the case may not be
   * returned again (requestReturn → 'dispatch_locked'). It does not stop dispatching.
   */
  dispatchLocked: boolean;
  /** Pending return request (申请退单); only while dispatched or accepted. */
  returnRequest: { by: string; reason: string; previous: AppealStatus; at: number } | null;
  /** Pending extension request (延期申请); only while accepted, on site, in progress or suspended. */
  extensionRequest: { by: string; days: number; reason: string; at: number } | null;
  /** Joint cases: assisting departments. The lead cannot reply until all have (首接负责). */
  assists: Array<{ unit: string; replied: boolean }>;
  /** Grid cases: where and with which photo the grid worker checked in. */
  onSite: { lng: number; lat: number; photo: string } | null;
  /** Epoch ms since when the case is suspended (clock stopped); set iff status is 'suspended'. */
  suspendedAt: number | null;
  /** Result of the return visit; set iff status is 'visited' or 'closed'. */
  satisfaction: Satisfaction | null;
  deadlines: Deadlines;
  /** The case this one was merged into; set iff status is 'merged'. */
  mergedInto: string | null;
  /** Epoch ms of receipt (受理); the origin of every deadline. */
  receivedAt: number;
  /** Epoch ms of the latest dispatch (派单, or reopening); the return window counts from here. */
  dispatchedAt: number | null;
}

export type AppealCommand =
  | { type: 'answer'; reply: string }
  | { type: 'notAccept'; channel: string; reason: string }
  | { type: 'merge'; into: string }
  | { type: 'queue' }
  | { type: 'dispatch'; mode: HandlingMode; assists?: string[] }
  | { type: 'accept' }
  | { type: 'checkIn'; lng: number; lat: number; photo: string }
  | { type: 'start' }
  | { type: 'suspend'; reason: string }
  | { type: 'resume' }
  | { type: 'assistReply'; unit: string; reply: string }
  | { type: 'reply'; reply: string }
  | { type: 'approveReply' }
  | { type: 'sendBack'; reason: string }
  | { type: 'visit'; result: Satisfaction; handlerAtFault: boolean }
  | { type: 'close' }
  | { type: 'requestReturn'; reason: string }
  | { type: 'approveReturn' }
  | { type: 'rejectReturn'; reason: string }
  | { type: 'requestExtension'; days: number; reason: string }
  | { type: 'approveExtension' }
  | { type: 'refuseExtension'; reason: string };

export type CommandType = AppealCommand['type'];

export const ACTOR_KINDS = ['dispatcher', 'handler', 'grid_worker', 'assist', 'system', 'reviewer'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface Actor {
  id: string;
  kind: ActorKind;
}

export interface Transition {
  from: AppealStatus;
  to: AppealStatus;
  command: CommandType;
  /** Actor id. */
  actor: string;
  actorKind: ActorKind;
  /** Epoch ms. */
  at: number;
  /** Free text of the command (reply, reason, …), if it has any. */
  note?: string;
  /** Attachments the command itself carries (the check-in photo). Uploads are added by the caller. */
  attachments?: string[];
}

export type TransitionErrorCode =
  | 'illegal_transition'
  | 'assists_pending'
  | 'dispatch_locked'
  | 'return_window_passed'
  | 'onsite_required'
  | 'no_pending_request'
  | 'request_pending'
  | 'already_replied'
  | 'actor_not_allowed'
  | 'invalid_argument';

export class TransitionError extends Error {
  readonly code: TransitionErrorCode;
  readonly field?: string;

  constructor(code: TransitionErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'TransitionError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}

export interface TransitionRule {
  label: { zh: string; en: string };
  /** Statuses the command may be given in. */
  from: readonly AppealStatus[];
  /** Statuses it can lead to; 'unchanged' = the status stays (a request or decision is recorded). */
  to: readonly AppealStatus[] | 'unchanged';
  /** Actor kinds allowed to give it. */
  actors: readonly ActorKind[];
  /** Further conditions, in words (enforced by `guard` and `apply`). */
  conditions: string;
}

const WORKING: readonly AppealStatus[] = ['accepted', 'on_site', 'in_progress', 'suspended'];
const RETURNABLE: readonly AppealStatus[] = ['dispatched', 'accepted'];
const HANDLERS: readonly ActorKind[] = ['handler', 'grid_worker'];

/** The lifecycle, one row per command. */
export const TRANSITIONS: Readonly<Record<CommandType, TransitionRule>> = {
  answer: {
    label: { zh: '直接答复', en: 'Answer directly' },
    from: ['received'],
    to: ['answered'],
    actors: ['dispatcher'],
    conditions: 'reply not empty',
  },
  notAccept: {
    label: { zh: '不予受理', en: 'Do not accept' },
    from: ['received'],
    to: ['not_accepted'],
    actors: ['dispatcher'],
    conditions: 'the right channel (e.g. 法院, 信访) and a reason, both not empty',
  },
  merge: {
    label: { zh: '合并', en: 'Merge' },
    from: ['received', 'pending_dispatch'],
    to: ['merged'],
    actors: ['dispatcher', 'system'],
    conditions: 'into (the surviving case) not empty',
  },
  queue: {
    label: { zh: '转待派单', en: 'Queue for dispatch' },
    from: ['received'],
    to: ['pending_dispatch'],
    actors: ['dispatcher', 'system'],
    conditions: '',
  },
  dispatch: {
    label: { zh: '派单', en: 'Dispatch' },
    from: ['pending_dispatch'],
    to: ['dispatched'],
    actors: ['dispatcher', 'system'],
    conditions:
      'mode grid | joint | department; joint needs at least one assisting unit (distinct, not empty), the other modes none; ' +
      'starts the return window',
  },
  accept: {
    label: { zh: '签收', en: 'Accept' },
    from: ['dispatched'],
    to: ['accepted'],
    actors: HANDLERS,
    conditions: 'no pending return request',
  },
  checkIn: {
    label: { zh: '到场', en: 'Check in on site' },
    from: ['accepted'],
    to: ['on_site'],
    actors: ['grid_worker'],
    conditions: 'grid mode only; lng in [-180, 180], lat in [-90, 90], photo not empty',
  },
  start: {
    label: { zh: '开始办理', en: 'Start work' },
    from: ['accepted', 'on_site'],
    to: ['in_progress'],
    actors: HANDLERS,
    conditions: "grid mode: only after check-in (from 'accepted' → onsite_required)",
  },
  suspend: {
    label: { zh: '挂起', en: 'Suspend' },
    from: ['in_progress'],
    to: ['suspended'],
    actors: HANDLERS,
    conditions: 'reason not empty (waiting on the caller); the clock stops',
  },
  resume: {
    label: { zh: '恢复办理', en: 'Resume' },
    from: ['suspended'],
    to: ['in_progress'],
    actors: [...HANDLERS, 'system'],
    conditions: 'completion deadline and warning move later by the suspended time',
  },
  assistReply: {
    label: { zh: '协办反馈', en: 'Assisting unit replies' },
    // Only joint cases have assisting units, and they never check in on site, hence no 'on_site'.
    from: ['dispatched', 'accepted', 'in_progress', 'suspended'],
    to: 'unchanged',
    actors: ['assist'],
    conditions:
      'unit is a listed assisting unit (joint cases) that has not replied yet (else already_replied); reply not empty; ' +
      'also accepted while a return request is pending',
  },
  reply: {
    label: { zh: '办理反馈', en: 'Reply' },
    from: ['in_progress'],
    to: ['replied'],
    actors: HANDLERS,
    conditions: 'joint mode: every assisting unit has replied (assists_pending); no pending extension request (request_pending); reply not empty',
  },
  approveReply: {
    label: { zh: '审核通过', en: 'Approve reply' },
    from: ['replied'],
    to: ['reviewed'],
    actors: ['reviewer', 'dispatcher'],
    conditions: '',
  },
  sendBack: {
    label: { zh: '审核退回', en: 'Send back' },
    from: ['replied'],
    to: ['in_progress'],
    actors: ['reviewer', 'dispatcher'],
    conditions: 'reason not empty',
  },
  visit: {
    label: { zh: '回访', en: 'Return visit' },
    from: ['reviewed'],
    to: ['visited', 'dispatched'],
    actors: ['dispatcher', 'reviewer'],
    conditions:
      "result satisfied | basic | unsatisfied. Unsatisfied with handlerAtFault → reopened (重办): straight to 'dispatched', " +
      'same mode, reopenCount + 1, assists reset to not replied, check-in cleared, return window restarts, satisfaction stays null. ' +
      "Otherwise → 'visited' with the result (handlerAtFault is ignored unless unsatisfied)",
  },
  close: {
    label: { zh: '办结归档', en: 'Close' },
    from: ['visited'],
    to: ['closed'],
    actors: ['dispatcher', 'reviewer', 'system'],
    conditions: "'visited' is only reached when closing is allowed (satisfied, basic, or unsatisfied without handler fault)",
  },
  requestReturn: {
    label: { zh: '申请退单', en: 'Request return' },
    from: RETURNABLE,
    to: 'unchanged',
    actors: HANDLERS,
    conditions:
      'reason not empty; not after a rejected return (dispatch_locked); within returnWindowHours of dispatch (return_window_passed); ' +
      'no pending extension request. While pending only approveReturn, rejectReturn and assistReply are accepted (request_pending)',
  },
  approveReturn: {
    label: { zh: '同意退单', en: 'Approve return' },
    from: RETURNABLE,
    to: ['pending_dispatch'],
    actors: ['dispatcher'],
    conditions: 'a pending return request (no_pending_request); bounceCount + 1, mode, assists and return window cleared',
  },
  rejectReturn: {
    label: { zh: '驳回退单', en: 'Reject return' },
    from: RETURNABLE,
    to: 'unchanged',
    actors: ['dispatcher'],
    conditions: 'a pending return request (no_pending_request); reason not empty; sets dispatchLocked (no further returns)',
  },
  requestExtension: {
    label: { zh: '申请延期', en: 'Request extension' },
    from: WORKING,
    to: 'unchanged',
    actors: HANDLERS,
    conditions: `days an integer 1..${MAX_EXTENSION_DAYS}; reason not empty; no other pending extension request (request_pending)`,
  },
  approveExtension: {
    label: { zh: '同意延期', en: 'Approve extension' },
    from: WORKING,
    to: 'unchanged',
    actors: ['dispatcher', 'reviewer'],
    conditions: 'a pending extension request (no_pending_request); completion deadline and warning move later by its working days',
  },
  refuseExtension: {
    label: { zh: '驳回延期', en: 'Refuse extension' },
    from: WORKING,
    to: 'unchanged',
    actors: ['dispatcher', 'reviewer'],
    conditions: 'a pending extension request (no_pending_request); reason not empty',
  },
};

export const COMMAND_TYPES = Object.keys(TRANSITIONS) as CommandType[];

/** Commands accepted while a return request is pending. */
const WHILE_RETURN_PENDING: readonly CommandType[] = ['approveReturn', 'rejectReturn', 'assistReply'];

function isCommandType(t: unknown): t is CommandType {
  return typeof t === 'string' && Object.hasOwn(TRANSITIONS, t);
}

function illegal(state: AppealState, type: CommandType, why?: string): TransitionError {
  return new TransitionError(
    'illegal_transition',
    `'${type}' is not allowed in status '${state.status}'${why === undefined ? '' : `: ${why}`}`,
  );
}

/**
 * State-only conditions of a command (no arguments, no actor). `now` and `rules`
 * are needed for the return window only; without them it is not checked.
 * Returns the error `apply` would throw, or null.
 */
function guard(
  state: AppealState,
  type: CommandType,
  now: number | undefined,
  rules: Pick<DeadlineRules, 'returnWindowHours'> | undefined,
): TransitionError | null {
  const rule = TRANSITIONS[type];
  if (isTerminal(state.status)) return illegal(state, type, 'the case is finished');
  if (state.returnRequest !== null && !WHILE_RETURN_PENDING.includes(type)) {
    return new TransitionError('request_pending', `a return request is pending: decide it before '${type}'`);
  }
  if (!rule.from.includes(state.status)) return illegal(state, type);

  switch (type) {
    case 'checkIn':
      if (state.mode !== 'grid') return illegal(state, type, 'only grid cases check in on site');
      return null;
    case 'start':
      if (state.mode === 'grid' && state.onSite === null) {
        return new TransitionError('onsite_required', 'a grid case must check in on site (location and photo) before work starts');
      }
      return null;
    case 'assistReply':
      if (!state.assists.some((a) => !a.replied)) return illegal(state, type, 'no assisting unit is waiting to reply');
      return null;
    case 'reply':
      if (state.extensionRequest !== null) {
        return new TransitionError('request_pending', 'an extension request is pending: decide it before replying');
      }
      if (state.mode === 'joint' && state.assists.some((a) => !a.replied)) {
        const waiting = state.assists.filter((a) => !a.replied).map((a) => a.unit);
        return new TransitionError('assists_pending', `assisting units have not replied yet: ${waiting.join(', ')}`);
      }
      return null;
    case 'requestReturn':
      if (state.dispatchLocked) {
        return new TransitionError('dispatch_locked', 'a return request was rejected before: this case can no longer be returned');
      }
      if (state.extensionRequest !== null) {
        return new TransitionError('request_pending', 'an extension request is pending');
      }
      if (now !== undefined && rules !== undefined && state.dispatchedAt !== null && now > returnWindowEnd(state.dispatchedAt, rules)) {
        return new TransitionError('return_window_passed', `a return must be requested within ${rules.returnWindowHours} hours of dispatch`);
      }
      return null;
    case 'approveReturn':
    case 'rejectReturn':
      if (state.returnRequest === null) return new TransitionError('no_pending_request', 'there is no pending return request');
      return null;
    case 'requestExtension':
      if (state.extensionRequest !== null) return new TransitionError('request_pending', 'an extension request is already pending');
      return null;
    case 'approveExtension':
    case 'refuseExtension':
      if (state.extensionRequest === null) return new TransitionError('no_pending_request', 'there is no pending extension request');
      return null;
    default:
      return null;
  }
}

export interface AllowedCommandsOptions {
  /** With `rules`: leave out requestReturn once the return window has passed. */
  now?: number;
  rules?: Pick<DeadlineRules, 'returnWindowHours'>;
  /** Only commands this actor (kind) may give. */
  actor?: Actor | ActorKind;
}

/**
 * The commands `apply` would accept in this state (given valid arguments), in
 * table order — for UIs. Terminal states allow nothing.
 */
export function allowedCommands(state: AppealState, opts: AllowedCommandsOptions = {}): CommandType[] {
  const kind = opts.actor === undefined ? undefined : typeof opts.actor === 'string' ? opts.actor : opts.actor.kind;
  return COMMAND_TYPES.filter(
    (type) =>
      guard(state, type, opts.now, opts.rules) === null && (kind === undefined || TRANSITIONS[type].actors.includes(kind)),
  );
}

export interface ApplyContext {
  actor: Actor;
  /** Epoch ms of the command. */
  now: number;
  calendar: CalendarLike;
  rules: DeadlineRules;
}

/** A case just received (受理), deadlines computed from `now`. */
export function initialState(ctx: { now: number; calendar: CalendarLike; rules: DeadlineRules }): AppealState {
  return {
    status: 'received',
    mode: null,
    bounceCount: 0,
    reopenCount: 0,
    dispatchLocked: false,
    returnRequest: null,
    extensionRequest: null,
    assists: [],
    onSite: null,
    suspendedAt: null,
    satisfaction: null,
    deadlines: computeDeadlines(ctx.now, ctx.rules, ctx.calendar),
    mergedInto: null,
    receivedAt: ctx.now,
    dispatchedAt: null,
  };
}

// ---- argument checks ------------------------------------------------------

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TransitionError('invalid_argument', `${field} must be a non-empty text`, field);
  }
  return value;
}

function coordinate(value: unknown, field: 'lng' | 'lat'): number {
  const limit = field === 'lng' ? 180 : 90;
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > limit) {
    throw new TransitionError('invalid_argument', `${field} must be a number in [-${limit}, ${limit}]`, field);
  }
  return value;
}

const MODES: readonly HandlingMode[] = ['grid', 'joint', 'department'];
const RESULTS: readonly Satisfaction[] = ['satisfied', 'basic', 'unsatisfied'];

function assistsOf(mode: HandlingMode, assists: unknown): string[] {
  if (assists === undefined) assists = [];
  if (!Array.isArray(assists)) throw new TransitionError('invalid_argument', 'assists must be a list of units', 'assists');
  const units = assists.map((u: unknown) => text(u, 'assists'));
  if (new Set(units).size !== units.length) {
    throw new TransitionError('invalid_argument', 'assisting units must be distinct', 'assists');
  }
  if (mode === 'joint' && units.length === 0) {
    throw new TransitionError('invalid_argument', 'a joint case needs at least one assisting unit', 'assists');
  }
  if (mode !== 'joint' && units.length > 0) {
    throw new TransitionError('invalid_argument', `a ${mode} case has no assisting units`, 'assists');
  }
  return units;
}

// ---- apply ------------------------------------------------------------------

/**
 * Applies one command. Returns the next state and exactly one transition record
 * (also when the status stays, e.g. requestReturn: from === to), or throws a
 * `TransitionError`. Order of checks: unknown command → invalid_argument; state
 * conditions (illegal_transition, request_pending, …); actor kind →
 * actor_not_allowed; arguments → invalid_argument / already_replied.
 */
export function apply(state: AppealState, cmd: AppealCommand, ctx: ApplyContext): { state: AppealState; transition: Transition } {
  const { actor, now } = ctx;
  if (!Number.isSafeInteger(now)) throw new RangeError(`apply: now must be an integer epoch-ms instant, got ${now}`);
  const type: unknown = (cmd as { type?: unknown } | null)?.type;
  if (!isCommandType(type)) throw new TransitionError('invalid_argument', `unknown command ${JSON.stringify(type)}`, 'type');

  const refused = guard(state, type, now, ctx.rules);
  if (refused !== null) throw refused;
  if (!TRANSITIONS[type].actors.includes(actor.kind)) {
    throw new TransitionError('actor_not_allowed', `a ${actor.kind} may not '${type}'`);
  }

  const from = state.status;
  let next: AppealState;
  let note: string | undefined;
  let attachments: string[] | undefined;

  switch (cmd.type) {
    case 'answer':
      note = text(cmd.reply, 'reply');
      next = { ...state, status: 'answered' };
      break;
    case 'notAccept': {
      const channel = text(cmd.channel, 'channel');
      const reason = text(cmd.reason, 'reason');
      note = `[${channel}] ${reason}`;
      next = { ...state, status: 'not_accepted' };
      break;
    }
    case 'merge':
      next = { ...state, status: 'merged', mergedInto: text(cmd.into, 'into') };
      break;
    case 'queue':
      next = { ...state, status: 'pending_dispatch' };
      break;
    case 'dispatch': {
      if (!MODES.includes(cmd.mode)) throw new TransitionError('invalid_argument', 'mode must be grid, joint or department', 'mode');
      const units = assistsOf(cmd.mode, cmd.assists);
      next = {
        ...state,
        status: 'dispatched',
        mode: cmd.mode,
        assists: units.map((unit) => ({ unit, replied: false })),
        onSite: null,
        dispatchedAt: now,
      };
      break;
    }
    case 'accept':
      next = { ...state, status: 'accepted' };
      break;
    case 'checkIn': {
      const lng = coordinate(cmd.lng, 'lng');
      const lat = coordinate(cmd.lat, 'lat');
      const photo = text(cmd.photo, 'photo');
      attachments = [photo];
      next = { ...state, status: 'on_site', onSite: { lng, lat, photo } };
      break;
    }
    case 'start':
      next = { ...state, status: 'in_progress' };
      break;
    case 'suspend':
      note = text(cmd.reason, 'reason');
      next = { ...state, status: 'suspended', suspendedAt: now };
      break;
    case 'resume': {
      // Clock skew between server processes must never move a deadline earlier.
      const stopped = Math.max(0, now - (state.suspendedAt ?? now));
      next = { ...state, status: 'in_progress', suspendedAt: null, deadlines: shiftForSuspension(state.deadlines, stopped) };
      break;
    }
    case 'assistReply': {
      const unit = text(cmd.unit, 'unit');
      const reply = text(cmd.reply, 'reply');
      const found = state.assists.find((a) => a.unit === unit);
      if (found === undefined) throw new TransitionError('invalid_argument', `${unit} is not an assisting unit of this case`, 'unit');
      if (found.replied) throw new TransitionError('already_replied', `${unit} has already replied`, 'unit');
      note = `${unit}: ${reply}`;
      next = { ...state, assists: state.assists.map((a) => (a.unit === unit ? { unit, replied: true } : { ...a })) };
      break;
    }
    case 'reply':
      note = text(cmd.reply, 'reply');
      next = { ...state, status: 'replied' };
      break;
    case 'approveReply':
      next = { ...state, status: 'reviewed' };
      break;
    case 'sendBack':
      note = text(cmd.reason, 'reason');
      next = { ...state, status: 'in_progress' };
      break;
    case 'visit': {
      if (!RESULTS.includes(cmd.result)) {
        throw new TransitionError('invalid_argument', 'result must be satisfied, basic or unsatisfied', 'result');
      }
      if (typeof cmd.handlerAtFault !== 'boolean') {
        throw new TransitionError('invalid_argument', 'handlerAtFault must be true or false', 'handlerAtFault');
      }
      if (cmd.result === 'unsatisfied' && cmd.handlerAtFault) {
        next = {
          ...state,
          status: 'dispatched',
          reopenCount: state.reopenCount + 1,
          assists: state.assists.map((a) => ({ unit: a.unit, replied: false })),
          onSite: null,
          satisfaction: null,
          dispatchedAt: now,
        };
      } else {
        next = { ...state, status: 'visited', satisfaction: cmd.result };
      }
      break;
    }
    case 'close':
      next = { ...state, status: 'closed' };
      break;
    case 'requestReturn': {
      const reason = text(cmd.reason, 'reason');
      note = reason;
      next = { ...state, returnRequest: { by: actor.id, reason, previous: state.status, at: now } };
      break;
    }
    case 'approveReturn':
      next = {
        ...state,
        status: 'pending_dispatch',
        bounceCount: state.bounceCount + 1,
        mode: null,
        assists: [],
        onSite: null,
        dispatchedAt: null,
        returnRequest: null,
      };
      break;
    case 'rejectReturn': {
      note = text(cmd.reason, 'reason');
      const previous = state.returnRequest?.previous ?? state.status;
      next = { ...state, status: previous, returnRequest: null, dispatchLocked: true };
      break;
    }
    case 'requestExtension': {
      const days = cmd.days;
      if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) {
        throw new TransitionError('invalid_argument', `days must be a whole number from 1 to ${MAX_EXTENSION_DAYS}`, 'days');
      }
      const reason = text(cmd.reason, 'reason');
      note = reason;
      next = { ...state, extensionRequest: { by: actor.id, days, reason, at: now } };
      break;
    }
    case 'approveExtension': {
      const days = state.extensionRequest?.days ?? 0;
      note = `+${days} working days`;
      next = {
        ...state,
        extensionRequest: null,
        deadlines: extend(state.deadlines, days, ctx.calendar, state.receivedAt, ctx.rules),
      };
      break;
    }
    case 'refuseExtension':
      note = text(cmd.reason, 'reason');
      next = { ...state, extensionRequest: null };
      break;
  }

  const transition: Transition = { from, to: next.status, command: type, actor: actor.id, actorKind: actor.kind, at: now };
  if (note !== undefined) transition.note = note;
  if (attachments !== undefined) transition.attachments = attachments;
  return { state: next, transition };
}
