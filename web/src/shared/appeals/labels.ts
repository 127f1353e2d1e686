/** 接诉即办 (appeals): labels of statuses, commands and actors, and the colours lists use. */
import type { TFunction } from 'i18next';
import { ACTOR_KINDS, APPEAL_CHANNELS, APPEAL_STATUSES, COMMAND_TYPES, type ActorKind, type AppealChannel, type AppealStatus, type CommandType, type DeadlineStatus } from './lists';
import type { AppealTransition } from './types';

export function isAppealStatus(v: string): v is AppealStatus {
  return (APPEAL_STATUSES as readonly string[]).includes(v);
}

export function isCommandType(v: string): v is CommandType {
  return (COMMAND_TYPES as readonly string[]).includes(v);
}

export function statusLabel(t: TFunction, s: string): string {
  return isAppealStatus(s) ? t(`appeals.status.${s}`) : s;
}

/** The command's name; `receive` is the first record of every case. */
export function commandLabel(t: TFunction, c: string): string {
  if (c === 'receive' || c === 'supervise' || c === 'anonymity' || c === 'rate') return t(`appeals.command.${c}`);
  return isCommandType(c) ? t(`appeals.command.${c}`) : c;
}

/** The return visit the system made from the callers' ratings, if it did (the latest visit, when it is the system's). */
export function systemVisit(transitions: readonly AppealTransition[]): AppealTransition | null {
  const visit = [...transitions].reverse().find((x) => x.command === 'visit');
  return visit && visit.actorRole === 'system' ? visit : null;
}

/** Who gave a step: a part on the case, the system, or (for the first record) the channel. */
export function actorLabel(t: TFunction, role: string): string {
  if ((ACTOR_KINDS as readonly string[]).includes(role)) return t(`appeals.actor.${role as ActorKind}`);
  if (role === 'supervisor' || role === 'reporter' || role === 'caller') return t(`appeals.actor.${role}`);
  if ((APPEAL_CHANNELS as readonly string[]).includes(role)) return t(`appeals.channel.${role as AppealChannel}`);
  return role;
}

export const STATUS_COLORS: Record<AppealStatus, string> = {
  received: 'default',
  answered: 'cyan',
  not_accepted: 'default',
  merged: 'default',
  pending_dispatch: 'orange',
  dispatched: 'gold',
  accepted: 'blue',
  on_site: 'geekblue',
  in_progress: 'processing',
  suspended: 'purple',
  replied: 'cyan',
  reviewed: 'lime',
  visited: 'green',
  closed: 'success',
};

export const DEADLINE_COLORS: Record<DeadlineStatus, string> = {
  ok: '#2F9E5B',
  warning: '#D9A21B',
  overdue: '#C8161D',
};

/** Grey for finished cases (no deadline). */
export const NO_DEADLINE_COLOR = '#8c8c8c';
