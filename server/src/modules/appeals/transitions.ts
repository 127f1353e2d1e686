/**
 * The lifecycle table of an appeal, one row per command: the statuses it may be
 * given in, where it leads, who may give it and its further conditions in words.
 * docs/modules/appeals-lifecycle.md quotes it; `guard` (guards.ts) and `apply`
 * (machine.ts) enforce it.
 */
import { MAX_EXTENSION_DAYS } from './deadlines.js';
import type { ActorKind, CommandType } from './machine-types.js';
import type { AppealStatus } from './states.js';

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
    // A case sent straight to the grid (直派) that nobody has accepted yet may still be merged.
    from: ['received', 'pending_dispatch', 'dispatched'],
    to: ['merged'],
    actors: ['dispatcher', 'system'],
    conditions:
      "into (the surviving case) not empty; from 'dispatched' only a grid case not yet accepted and never reopened " +
      '(else illegal_transition); the dispatch (mode, worker check-in, return window) is cleared',
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
    actors: ['dispatcher', 'reviewer', 'system'],
    conditions:
      "result satisfied | basic | unsatisfied. Unsatisfied with handlerAtFault → reopened (重办): straight to 'dispatched', " +
      'same mode, reopenCount + 1, assists reset to not replied, check-in cleared, return window restarts, satisfaction stays null. ' +
      "Otherwise → 'visited' with the result (handlerAtFault is ignored unless unsatisfied). " +
      'The system visits when every caller has rated the approved case online and none is unsatisfied (rating.ts)',
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
