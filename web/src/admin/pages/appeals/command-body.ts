import type { CommandBody, CommandType, HandlingMode, Satisfaction, SuggestedRoute } from '../../../shared/appeals';

/** The values of a command's form (every command's fields, by the server's names). */
export interface Values {
  reply?: string;
  reason?: string;
  channel?: string;
  into?: string;
  mode?: HandlingMode;
  leadDepartmentId?: string;
  assistDepartmentIds?: string[];
  assigneeUserId?: string;
  lng?: number;
  lat?: number;
  photo?: string[];
  attachments?: string[];
  result?: Satisfaction;
  handlerAtFault?: boolean;
  days?: number;
}

/** The request body of a command from its form values. */
export function bodyOf(type: CommandType, v: Values): CommandBody {
  switch (type) {
    case 'answer':
    case 'assistReply':
      return { type, reply: v.reply?.trim() ?? '' };
    case 'reply':
      return { type, reply: v.reply?.trim() ?? '', ...(v.attachments?.length ? { attachments: v.attachments } : {}) };
    case 'notAccept':
      return { type, channel: v.channel?.trim() ?? '', reason: v.reason?.trim() ?? '' };
    case 'merge':
      return { type, into: v.into ?? '' };
    case 'dispatch':
      if (v.mode === 'grid') return { type, mode: 'grid', assigneeUserId: v.assigneeUserId ?? null };
      return {
        type,
        mode: v.mode ?? 'department',
        leadDepartmentId: v.leadDepartmentId ?? null,
        ...(v.mode === 'joint' ? { assistDepartmentIds: v.assistDepartmentIds ?? [] } : {}),
      };
    case 'checkIn':
      return { type, lng: v.lng ?? NaN, lat: v.lat ?? NaN, photo: v.photo?.[0] ?? '' };
    case 'visit':
      return { type, result: v.result ?? 'satisfied', handlerAtFault: v.result === 'unsatisfied' ? !!v.handlerAtFault : false };
    case 'requestExtension':
      return { type, days: v.days ?? 0, reason: v.reason?.trim() ?? '' };
    case 'suspend':
    case 'sendBack':
    case 'requestReturn':
    case 'rejectReturn':
    case 'refuseExtension':
      return { type, reason: v.reason?.trim() ?? '' };
    default:
      return { type };
  }
}

/** The dispatch form's values as routing suggests them. */
export function suggestedValues(route: SuggestedRoute): Values {
  return {
    mode: route.mode,
    leadDepartmentId: route.leadDepartmentId ?? undefined,
    assistDepartmentIds: route.mode === 'joint' ? route.assistDepartments.map((d) => d.id) : [],
    assigneeUserId: route.assigneeUserId ?? undefined,
  };
}
