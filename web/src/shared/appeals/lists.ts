/** 接诉即办 (appeals): the lists of codes the server uses (a server test compares them with its own). */

export const APPEAL_STATUSES = [
  'received',
  'answered',
  'not_accepted',
  'merged',
  'pending_dispatch',
  'dispatched',
  'accepted',
  'on_site',
  'in_progress',
  'suspended',
  'replied',
  'reviewed',
  'visited',
  'closed',
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const TERMINAL_STATUSES: readonly AppealStatus[] = ['answered', 'not_accepted', 'merged', 'closed'];

export const HANDLING_MODES = ['grid', 'joint', 'department'] as const;
export type HandlingMode = (typeof HANDLING_MODES)[number];

export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SUPERVISION_LEVELS = ['urge', 'supervise', 'listed'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export type DeadlineStatus = 'ok' | 'warning' | 'overdue';

export const APPEAL_CHANNELS = ['hotline', 'web', 'h5', 'patrol', 'building_leader', 'open311'] as const;
export type AppealChannel = (typeof APPEAL_CHANNELS)[number];

export const COMMAND_TYPES = [
  'answer',
  'notAccept',
  'merge',
  'queue',
  'dispatch',
  'accept',
  'checkIn',
  'start',
  'suspend',
  'resume',
  'assistReply',
  'reply',
  'approveReply',
  'sendBack',
  'visit',
  'close',
  'requestReturn',
  'approveReturn',
  'rejectReturn',
  'requestExtension',
  'approveExtension',
  'refuseExtension',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** Parts a user plays on a case, as the server's state machine names them. */
export const ACTOR_KINDS = ['dispatcher', 'handler', 'grid_worker', 'assist', 'system', 'reviewer'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/* ------------------------------------------------------------------ metrics */

export const RATE_KEYS = [
  'responseRate',
  'signOnTimeRate',
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

/** Rates where less is better (shown in a warm colour). */
export const LOWER_IS_BETTER: readonly RateKey[] = ['returnRate', 'reopenRate', 'extensionRate', 'repeatRate'];

export const STAT_GROUPINGS = ['district', 'street', 'community', 'grid', 'department', 'city'] as const;
export type StatGrouping = (typeof STAT_GROUPINGS)[number];

export const SUPERVISION_REASONS = ['supervised', 'overdue', 'bounced', 'unsatisfied'] as const;
export type SupervisionReason = (typeof SUPERVISION_REASONS)[number];
