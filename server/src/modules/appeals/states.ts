/**
 * States of an appeal (诉求 / 工单) in 接诉即办. The lifecycle itself is enforced in
 * machine.ts; docs/modules/appeals-lifecycle.md describes it.
 */

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

/** States nothing can leave. */
export const TERMINAL_STATUSES = ['answered', 'not_accepted', 'merged', 'closed'] as const satisfies readonly AppealStatus[];

export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isAppealStatus(value: unknown): value is AppealStatus {
  return typeof value === 'string' && (APPEAL_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: AppealStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly AppealStatus[]).includes(status);
}

export const STATUS_LABELS: Readonly<Record<AppealStatus, { zh: string; en: string }>> = {
  received: { zh: '受理', en: 'Received' },
  answered: { zh: '直接答复', en: 'Answered directly' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  merged: { zh: '合并', en: 'Merged' },
  pending_dispatch: { zh: '待派单', en: 'Awaiting dispatch' },
  dispatched: { zh: '待签收', en: 'Dispatched' },
  accepted: { zh: '已签收', en: 'Accepted' },
  on_site: { zh: '已到场', en: 'On site' },
  in_progress: { zh: '办理中', en: 'In progress' },
  suspended: { zh: '挂起', en: 'Suspended' },
  replied: { zh: '已反馈', en: 'Replied' },
  reviewed: { zh: '已审核', en: 'Reviewed' },
  visited: { zh: '已回访', en: 'Visited' },
  closed: { zh: '办结归档', en: 'Closed' },
};

/**
 * How a dispatched case is handled:
 * - grid: 直派, straight to a grid worker, who checks in on site (location + photo);
 * - joint: 联办, a lead department plus assisting departments; the lead replies once all have;
 * - department: a single responsible department.
 */
export const HANDLING_MODES = ['grid', 'joint', 'department'] as const;

export type HandlingMode = (typeof HANDLING_MODES)[number];

export const MODE_LABELS: Readonly<Record<HandlingMode, { zh: string; en: string }>> = {
  grid: { zh: '网格直派', en: 'Grid (direct)' },
  joint: { zh: '联办', en: 'Joint handling' },
  department: { zh: '部门承办', en: 'Single department' },
};

export const SATISFACTION_LEVELS = ['satisfied', 'basic', 'unsatisfied'] as const;

export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

export const SATISFACTION_LABELS: Readonly<Record<Satisfaction, { zh: string; en: string }>> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};
