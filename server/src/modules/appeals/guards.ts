/**
 * The state-only conditions of the lifecycle's commands (no arguments, no
 * actor), shared by `apply` and `allowedCommands` (machine.ts).
 */
import { returnWindowEnd, type DeadlineRules } from './deadlines.js';
import type { AppealState, CommandType } from './machine-types.js';
import { isTerminal } from './states.js';
import { TransitionError } from './transition-error.js';
import { TRANSITIONS } from './transitions.js';

/** Commands accepted while a return request is pending. */
const WHILE_RETURN_PENDING: readonly CommandType[] = ['approveReturn', 'rejectReturn', 'assistReply'];

export function isCommandType(t: unknown): t is CommandType {
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
export function guard(
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
    case 'merge':
      if (state.status === 'dispatched' && (state.mode !== 'grid' || state.reopenCount > 0)) {
        return illegal(state, type, 'only a grid case not yet accepted (and never reopened) can be merged once dispatched');
      }
      return null;
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
