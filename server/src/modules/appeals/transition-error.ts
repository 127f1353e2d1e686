/** The error `apply` throws when a command is refused; `code` says why, `field` names a bad argument. */

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
