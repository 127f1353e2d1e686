/**
 * The lifecycle of an appeal (接诉即办 / 12345 + 网格), enforced here and nowhere
 * else. Pure: no database, no clock — the caller passes the actor, the time, the
 * calendar and the deadline rules. `apply` either returns the next state with
 * exactly one transition record, or throws a `TransitionError` and the caller's
 * state is untouched (states are never mutated).
 *
 * The rules are written down in `TRANSITIONS` (transitions.ts, quoted by
 * docs/modules/appeals-lifecycle.md); the command-specific conditions are in
 * `guard` (guards.ts: state-only conditions, shared with `allowedCommands`) and
 * in `apply` (argument checks, command-arguments.ts, and effects). The types
 * are in machine-types.ts; everything is re-exported from here.
 */
import { assistsOf, coordinate, MODES, RESULTS, text } from './command-arguments.js';
import { computeDeadlines, extend, MAX_EXTENSION_DAYS, shiftForSuspension } from './deadlines.js';
import type { CalendarLike, DeadlineRules } from './deadlines.js';
import { guard, isCommandType } from './guards.js';
import type { Actor, ActorKind, AppealCommand, AppealState, CommandType, Transition } from './machine-types.js';
import { TransitionError } from './transition-error.js';
import { COMMAND_TYPES, TRANSITIONS } from './transitions.js';

export { ACTOR_KINDS } from './machine-types.js';
export type { Actor, ActorKind, AppealCommand, AppealState, CommandType, Transition } from './machine-types.js';
export { TransitionError, type TransitionErrorCode } from './transition-error.js';
export { COMMAND_TYPES, TRANSITIONS, type TransitionRule } from './transitions.js';

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
      // From 'dispatched' (a grid case nobody accepted yet) the dispatch is undone: a merged case is not handled.
      next = { ...state, status: 'merged', mergedInto: text(cmd.into, 'into'), mode: null, assists: [], onSite: null, dispatchedAt: null };
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
