import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../platform/calendar/working-calendar.js';
import { computeDeadlines } from './deadlines.js';
import type { CalendarLike, DeadlineRules } from './deadlines.js';
import { ACTOR_KINDS, COMMAND_TYPES, TRANSITIONS, TransitionError, allowedCommands, apply, initialState } from './machine.js';
import type { Actor, ActorKind, AppealCommand, AppealState, CommandType, Transition } from './machine.js';
import { APPEAL_STATUSES, STATUS_LABELS, TERMINAL_STATUSES, isTerminal } from './states.js';
import type { AppealStatus, HandlingMode } from './states.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const cal = new WorkingCalendar();
const RULES: DeadlineRules = { acceptHours: 2, onSiteMinutes: 30, workingDays: 5, warnShare: 2 / 3, returnWindowHours: 24 };
const T0 = new Date('2026-03-02T09:00:00+08:00').getTime(); // Monday

const actorOf = (kind: ActorKind): Actor => ({ id: `${kind}-1`, kind });

/** A small driver: applies commands with the first allowed actor kind (or a given one), advancing the clock. */
class Case {
  state: AppealState;
  now: number;
  log: Transition[] = [];

  constructor(now = T0, readonly calendar: CalendarLike = cal, readonly rules: DeadlineRules = RULES) {
    this.now = now;
    this.state = initialState({ now, calendar, rules });
  }

  do(cmd: AppealCommand, opts: { kind?: ActorKind; after?: number } = {}): Transition {
    this.now += opts.after ?? 60_000;
    const kind = opts.kind ?? TRANSITIONS[cmd.type].actors[0];
    if (kind === undefined) throw new Error('no actor');
    const r = apply(this.state, cmd, { actor: actorOf(kind), now: this.now, calendar: this.calendar, rules: this.rules });
    this.state = r.state;
    this.log.push(r.transition);
    return r.transition;
  }

  /** The TransitionError a command is refused with (the state must stay as it was). */
  refuse(cmd: AppealCommand, opts: { kind?: ActorKind; after?: number } = {}): TransitionError {
    const before = this.state;
    const snapshot = structuredClone(before);
    try {
      this.do(cmd, opts);
    } catch (e) {
      expect(this.state).toBe(before);
      expect(this.state).toEqual(snapshot);
      if (e instanceof TransitionError) return e;
      throw e;
    }
    throw new Error(`'${cmd.type}' was accepted in ${before.status}`);
  }
}

/** A valid command of each type. */
function sample(type: CommandType, state: AppealState): AppealCommand {
  switch (type) {
    case 'answer':
      return { type, reply: '已电话解答政策' };
    case 'notAccept':
      return { type, channel: '法院', reason: '属司法程序' };
    case 'merge':
      return { type, into: 'case-0001' };
    case 'dispatch':
      return { type, mode: 'department' };
    case 'checkIn':
      return { type, lng: 114.03, lat: 22.65, photo: 'photos/1.jpg' };
    case 'suspend':
      return { type, reason: '等待市民提供材料' };
    case 'assistReply':
      return { type, unit: state.assists.find((a) => !a.replied)?.unit ?? 'none', reply: '已配合处理' };
    case 'reply':
      return { type, reply: '已修复路灯' };
    case 'sendBack':
      return { type, reason: '反馈不完整' };
    case 'visit':
      return { type, result: 'satisfied', handlerAtFault: false };
    case 'requestReturn':
      return { type, reason: '不属本单位职责' };
    case 'rejectReturn':
      return { type, reason: '属本单位职责' };
    case 'requestExtension':
      return { type, days: 3, reason: '需协调施工' };
    case 'refuseExtension':
      return { type, reason: '时限充足' };
    case 'queue':
    case 'accept':
    case 'start':
    case 'resume':
    case 'approveReply':
    case 'close':
    case 'approveReturn':
    case 'approveExtension':
      return { type };
  }
}

const JOINT_UNITS = ['区城管局', '区住建局'];

/** A case brought to `status` by the ordinary path. */
function reach(status: AppealStatus, mode: HandlingMode = 'department'): Case {
  const c = new Case();
  const path: AppealCommand[] = [];
  const dispatch: AppealCommand = mode === 'joint' ? { type: 'dispatch', mode, assists: [...JOINT_UNITS] } : { type: 'dispatch', mode };
  const work: AppealCommand[] = [
    { type: 'queue' },
    dispatch,
    { type: 'accept' },
    ...(mode === 'grid' ? [sample('checkIn', c.state)] : []),
    { type: 'start' },
  ];
  const replies: AppealCommand[] =
    mode === 'joint' ? JOINT_UNITS.map((unit): AppealCommand => ({ type: 'assistReply', unit, reply: 'ok' })) : [];
  switch (status) {
    case 'received':
      break;
    case 'answered':
      path.push(sample('answer', c.state));
      break;
    case 'not_accepted':
      path.push(sample('notAccept', c.state));
      break;
    case 'merged':
      path.push(sample('merge', c.state));
      break;
    case 'pending_dispatch':
      path.push(...work.slice(0, 1));
      break;
    case 'dispatched':
      path.push(...work.slice(0, 2));
      break;
    case 'accepted':
      path.push(...work.slice(0, 3));
      break;
    case 'on_site':
      if (mode !== 'grid') throw new Error('on_site needs grid mode');
      path.push(...work.slice(0, 4));
      break;
    case 'in_progress':
      path.push(...work);
      break;
    case 'suspended':
      path.push(...work, sample('suspend', c.state));
      break;
    case 'replied':
      path.push(...work, ...replies, sample('reply', c.state));
      break;
    case 'reviewed':
      path.push(...work, ...replies, sample('reply', c.state), { type: 'approveReply' });
      break;
    case 'visited':
      path.push(...work, ...replies, sample('reply', c.state), { type: 'approveReply' }, sample('visit', c.state));
      break;
    case 'closed':
      path.push(...work, ...replies, sample('reply', c.state), { type: 'approveReply' }, sample('visit', c.state), { type: 'close' });
      break;
  }
  for (const cmd of path) c.do(cmd);
  expect(c.state.status).toBe(status);
  return c;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('states', () => {
  it('labels every status in Chinese and English; terminal states are a subset', () => {
    for (const s of APPEAL_STATUSES) {
      expect(STATUS_LABELS[s].zh).not.toBe('');
      expect(STATUS_LABELS[s].en).not.toBe('');
    }
    expect(TERMINAL_STATUSES.every((s) => APPEAL_STATUSES.includes(s))).toBe(true);
  });
});

describe('merge after a dispatch straight to the grid (直派)', () => {
  it('a grid case nobody has accepted yet can be merged; the dispatch is undone', () => {
    const c = reach('dispatched', 'grid');
    expect(allowedCommands(c.state, { actor: 'dispatcher' })).toContain('merge');
    const t = c.do({ type: 'merge', into: 'case-0002' }, { kind: 'dispatcher' });
    expect(t).toMatchObject({ from: 'dispatched', to: 'merged', command: 'merge' });
    expect(c.state).toMatchObject({ status: 'merged', mergedInto: 'case-0002', mode: null, dispatchedAt: null, assists: [], onSite: null });
  });

  it('not once accepted, not a department or joint case, not a reopened case, not while a return is asked', () => {
    const accepted = reach('accepted', 'grid');
    expect(accepted.refuse({ type: 'merge', into: 'x' }).code).toBe('illegal_transition');
    for (const mode of ['department', 'joint'] as const) {
      const c = reach('dispatched', mode);
      expect(allowedCommands(c.state)).not.toContain('merge');
      expect(c.refuse({ type: 'merge', into: 'x' }).code).toBe('illegal_transition');
    }
    const reopened = reach('reviewed', 'grid');
    reopened.do({ type: 'visit', result: 'unsatisfied', handlerAtFault: true });
    expect(reopened.state.status).toBe('dispatched');
    expect(reopened.refuse({ type: 'merge', into: 'x' }).code).toBe('illegal_transition');
    const asked = reach('dispatched', 'grid');
    asked.do(sample('requestReturn', asked.state), { kind: 'grid_worker' });
    expect(asked.refuse({ type: 'merge', into: 'x' }).code).toBe('request_pending');
  });
});

describe('initialState', () => {
  it('is received, with deadlines from the time of receipt', () => {
    const s = initialState({ now: T0, calendar: cal, rules: RULES });
    expect(s.status).toBe('received');
    expect(s.receivedAt).toBe(T0);
    expect(s.deadlines).toEqual(computeDeadlines(T0, RULES, cal));
    expect(allowedCommands(s)).toEqual(['answer', 'notAccept', 'merge', 'queue']);
  });
});

describe('transition table', () => {
  /** Every (command, from-status) pair of the table, with the mode that makes it possible. */
  const rows: Array<{ type: CommandType; from: AppealStatus; mode: HandlingMode }> = [];
  for (const type of COMMAND_TYPES) {
    for (const from of TRANSITIONS[type].from) {
      const mode: HandlingMode =
        type === 'checkIn' || from === 'on_site' || (type === 'merge' && from === 'dispatched') ? 'grid' : type === 'assistReply' ? 'joint' : 'department';
      rows.push({ type, from, mode });
    }
  }

  it.each(rows)('$type from $from ($mode)', ({ type, from, mode }) => {
    const c = reach(from, mode);
    if (type === 'approveReturn' || type === 'rejectReturn') c.do(sample('requestReturn', c.state));
    if (type === 'approveExtension' || type === 'refuseExtension') c.do(sample('requestExtension', c.state));
    expect(allowedCommands(c.state)).toContain(type);
    const t = c.do(sample(type, c.state));
    const rule = TRANSITIONS[type];
    expect(t.from).toBe(from);
    expect(t.command).toBe(type);
    expect(t.at).toBe(c.now);
    if (rule.to === 'unchanged') expect(t.to).toBe(from);
    else expect(rule.to).toContain(t.to);
    expect(c.state.status).toBe(t.to);
  });

  const reachable: Array<{ status: AppealStatus; mode: HandlingMode }> = [
    ...APPEAL_STATUSES.filter((s) => s !== 'on_site').map((status) => ({ status, mode: 'department' as HandlingMode })),
    ...(['dispatched', 'accepted', 'on_site', 'in_progress', 'suspended', 'replied'] as const).map((status) => ({
      status,
      mode: 'grid' as HandlingMode,
    })),
  ];

  it.each(reachable)('refuses every command not listed for $status ($mode) with illegal_transition', ({ status, mode }) => {
    const c = reach(status, mode);
    for (const type of COMMAND_TYPES) {
      if (TRANSITIONS[type].from.includes(status) && !isTerminal(status)) continue;
      const e = c.refuse(sample(type, c.state));
      expect(e.code, `${type} in ${status}`).toBe('illegal_transition');
    }
  });

  it('terminal states accept nothing', () => {
    for (const status of TERMINAL_STATUSES) {
      const c = reach(status);
      expect(allowedCommands(c.state)).toEqual([]);
      for (const type of COMMAND_TYPES) expect(c.refuse(sample(type, c.state)).code).toBe('illegal_transition');
    }
  });

  it('samples of illegal transitions', () => {
    expect(reach('received').refuse({ type: 'accept' }).code).toBe('illegal_transition');
    expect(reach('received').refuse({ type: 'dispatch', mode: 'grid' }).code).toBe('illegal_transition');
    expect(reach('pending_dispatch').refuse({ type: 'answer', reply: 'x' }).code).toBe('illegal_transition');
    expect(reach('in_progress').refuse({ type: 'close' }).code).toBe('illegal_transition');
    expect(reach('accepted').refuse({ type: 'reply', reply: 'x' }).code).toBe('illegal_transition');
    expect(reach('replied').refuse({ type: 'visit', result: 'satisfied', handlerAtFault: false }).code).toBe('illegal_transition');
    expect(reach('in_progress').refuse({ type: 'requestReturn', reason: 'x' }).code).toBe('illegal_transition');
    expect(reach('accepted', 'department').refuse(sample('checkIn', reach('accepted').state)).code).toBe('illegal_transition');
  });

  it('refuses actors of the wrong kind, and unknown commands', () => {
    const c = reach('dispatched');
    expect(c.refuse({ type: 'accept' }, { kind: 'dispatcher' }).code).toBe('actor_not_allowed');
    expect(c.refuse({ type: 'accept' }, { kind: 'assist' }).code).toBe('actor_not_allowed');
    const e = c.refuse({ type: 'teleport' } as unknown as AppealCommand, { kind: 'dispatcher' });
    expect(e.code).toBe('invalid_argument');
    expect(e.field).toBe('type');
  });

  it('refuses invalid arguments with the field', () => {
    const r = reach('received');
    expect(r.refuse({ type: 'notAccept', channel: ' ', reason: '不属受理范围' })).toMatchObject({ code: 'invalid_argument', field: 'channel' });
    expect(r.refuse({ type: 'notAccept', channel: '信访', reason: '' })).toMatchObject({ code: 'invalid_argument', field: 'reason' });
    expect(r.refuse({ type: 'answer', reply: '' })).toMatchObject({ code: 'invalid_argument', field: 'reply' });
    expect(r.refuse({ type: 'merge', into: '' })).toMatchObject({ code: 'invalid_argument', field: 'into' });
    const p = reach('pending_dispatch');
    expect(p.refuse({ type: 'dispatch', mode: 'joint' })).toMatchObject({ code: 'invalid_argument', field: 'assists' });
    expect(p.refuse({ type: 'dispatch', mode: 'joint', assists: ['a', 'a'] })).toMatchObject({ field: 'assists' });
    expect(p.refuse({ type: 'dispatch', mode: 'grid', assists: ['a'] })).toMatchObject({ field: 'assists' });
    expect(p.refuse({ type: 'dispatch', mode: 'bogus' as HandlingMode })).toMatchObject({ field: 'mode' });
    const g = reach('accepted', 'grid');
    expect(g.refuse({ type: 'checkIn', lng: 114, lat: 22, photo: '' })).toMatchObject({ code: 'invalid_argument', field: 'photo' });
    expect(g.refuse({ type: 'checkIn', lng: 200, lat: 22, photo: 'p.jpg' })).toMatchObject({ field: 'lng' });
    expect(g.refuse({ type: 'checkIn', lng: 114, lat: Number.NaN, photo: 'p.jpg' })).toMatchObject({ field: 'lat' });
    const i = reach('in_progress');
    expect(i.refuse({ type: 'suspend', reason: '' })).toMatchObject({ field: 'reason' });
    for (const days of [0, -1, 31, 2.5]) {
      expect(i.refuse({ type: 'requestExtension', days, reason: '施工' })).toMatchObject({ code: 'invalid_argument', field: 'days' });
    }
    expect(i.refuse({ type: 'requestExtension', days: 2, reason: '' })).toMatchObject({ field: 'reason' });
    const v = reach('reviewed');
    expect(v.refuse({ type: 'visit', result: 'meh' as 'basic', handlerAtFault: false })).toMatchObject({ field: 'result' });
  });

  it('records actor, time, note and the check-in photo', () => {
    const c = reach('accepted', 'grid');
    const t = c.do({ type: 'checkIn', lng: 114.03, lat: 22.65, photo: 'photos/door.jpg' }, { kind: 'grid_worker' });
    expect(t).toEqual({
      from: 'accepted',
      to: 'on_site',
      command: 'checkIn',
      actor: 'grid_worker-1',
      actorKind: 'grid_worker',
      at: c.now,
      attachments: ['photos/door.jpg'],
    });
    expect(c.state.onSite).toEqual({ lng: 114.03, lat: 22.65, photo: 'photos/door.jpg' });
    const n = reach('received').do({ type: 'notAccept', channel: '法院', reason: '属诉讼事项' });
    expect(n.note).toBe('[法院] 属诉讼事项');
  });

  it('never mutates the given state', () => {
    const c = reach('in_progress', 'joint');
    deepFreeze(c.state);
    c.do({ type: 'assistReply', unit: '区城管局', reply: 'ok' }, { kind: 'assist' });
    deepFreeze(c.state);
    c.do({ type: 'requestExtension', days: 2, reason: 'r' });
    deepFreeze(c.state);
    c.do({ type: 'approveExtension' });
  });
});

describe('grid cases', () => {
  it('must check in on site before work starts', () => {
    const c = reach('accepted', 'grid');
    expect(allowedCommands(c.state)).not.toContain('start');
    expect(c.refuse({ type: 'start' }).code).toBe('onsite_required');
    c.do(sample('checkIn', c.state), { kind: 'grid_worker' });
    expect(c.state.status).toBe('on_site');
    c.do({ type: 'start' }, { kind: 'grid_worker' });
    expect(c.state.status).toBe('in_progress');
  });

  it('only grid workers check in', () => {
    const c = reach('accepted', 'grid');
    expect(c.refuse(sample('checkIn', c.state), { kind: 'handler' }).code).toBe('actor_not_allowed');
  });
});

describe('joint handling (联办, 首接负责)', () => {
  it('the lead cannot reply until every assisting unit has replied', () => {
    const c = reach('in_progress', 'joint');
    expect(c.state.assists).toEqual([
      { unit: '区城管局', replied: false },
      { unit: '区住建局', replied: false },
    ]);
    expect(allowedCommands(c.state)).not.toContain('reply');
    expect(c.refuse({ type: 'reply', reply: '已办结' }).code).toBe('assists_pending');
    c.do({ type: 'assistReply', unit: '区城管局', reply: '已清理' }, { kind: 'assist' });
    expect(c.refuse({ type: 'reply', reply: '已办结' }).code).toBe('assists_pending');
    expect(c.refuse({ type: 'assistReply', unit: '区城管局', reply: 'again' }, { kind: 'assist' })).toMatchObject({
      code: 'already_replied',
      field: 'unit',
    });
    expect(c.refuse({ type: 'assistReply', unit: '区水务局', reply: 'x' }, { kind: 'assist' })).toMatchObject({
      code: 'invalid_argument',
      field: 'unit',
    });
    const t = c.do({ type: 'assistReply', unit: '区住建局', reply: '已修复' }, { kind: 'assist' });
    expect(t).toMatchObject({ from: 'in_progress', to: 'in_progress', command: 'assistReply', note: '区住建局: 已修复' });
    expect(allowedCommands(c.state)).not.toContain('assistReply');
    expect(c.refuse({ type: 'assistReply', unit: '区住建局', reply: 'x' }, { kind: 'assist' }).code).toBe('illegal_transition');
    c.do({ type: 'reply', reply: '已办结' });
    expect(c.state.status).toBe('replied');
  });

  it('assisting units may reply before the lead accepts', () => {
    const c = reach('dispatched', 'joint');
    c.do({ type: 'assistReply', unit: '区住建局', reply: 'ok' }, { kind: 'assist' });
    expect(c.state.status).toBe('dispatched');
    expect(c.state.assists.filter((a) => a.replied)).toHaveLength(1);
  });
});

describe('return requests (申请退单)', () => {
  it('approved: back to dispatch, bounce count + 1, mode cleared', () => {
    const c = reach('dispatched', 'joint');
    const t = c.do({ type: 'requestReturn', reason: '不属本单位职责' }, { kind: 'handler' });
    expect(t).toMatchObject({ from: 'dispatched', to: 'dispatched', command: 'requestReturn', note: '不属本单位职责' });
    expect(c.state.returnRequest).toEqual({ by: 'handler-1', reason: '不属本单位职责', previous: 'dispatched', at: c.now });
    // While pending only the decision (and assisting replies) are accepted.
    expect(allowedCommands(c.state)).toEqual(['assistReply', 'approveReturn', 'rejectReturn']);
    expect(c.refuse({ type: 'accept' }).code).toBe('request_pending');
    expect(c.refuse({ type: 'requestReturn', reason: 'again' }).code).toBe('request_pending');
    const dueBefore = c.state.deadlines;
    c.do({ type: 'approveReturn' });
    expect(c.state).toMatchObject({ status: 'pending_dispatch', bounceCount: 1, mode: null, assists: [], returnRequest: null, dispatchedAt: null });
    expect(c.state.deadlines).toEqual(dueBefore); // the clock keeps running
    c.do({ type: 'dispatch', mode: 'department' });
    expect(c.state).toMatchObject({ status: 'dispatched', mode: 'department', bounceCount: 1 });
  });

  it('rejected: back where it was, and the case can no longer be returned', () => {
    const c = reach('accepted');
    c.do({ type: 'requestReturn', reason: '不属本单位职责' });
    c.do({ type: 'rejectReturn', reason: '属本单位职责' });
    expect(c.state).toMatchObject({ status: 'accepted', dispatchLocked: true, returnRequest: null, bounceCount: 0 });
    expect(allowedCommands(c.state)).not.toContain('requestReturn');
    expect(c.refuse({ type: 'requestReturn', reason: '再次申请' }).code).toBe('dispatch_locked');
    c.do({ type: 'start' });
    expect(c.state.status).toBe('in_progress');
  });

  it('must be requested within the return window', () => {
    const c = reach('dispatched');
    const windowEnd = (c.state.dispatchedAt ?? 0) + RULES.returnWindowHours * HOUR;
    expect(allowedCommands(c.state, { now: windowEnd, rules: RULES })).toContain('requestReturn');
    expect(allowedCommands(c.state, { now: windowEnd + 1, rules: RULES })).not.toContain('requestReturn');
    const late = windowEnd + 1 - c.now;
    expect(c.refuse({ type: 'requestReturn', reason: 'late' }, { after: late }).code).toBe('return_window_passed');
    c.now = windowEnd - 60_000 - 1;
    c.do({ type: 'requestReturn', reason: 'just in time' });
  });

  it('needs a pending request to decide, and a reason to reject', () => {
    const c = reach('dispatched');
    expect(c.refuse({ type: 'approveReturn' }).code).toBe('no_pending_request');
    expect(c.refuse({ type: 'rejectReturn', reason: 'x' }).code).toBe('no_pending_request');
    c.do({ type: 'requestReturn', reason: 'r' });
    expect(c.refuse({ type: 'rejectReturn', reason: '' }).field).toBe('reason');
    expect(c.refuse({ type: 'approveReturn' }, { kind: 'handler' }).code).toBe('actor_not_allowed');
  });

  it('is refused while an extension request is pending', () => {
    const c = reach('accepted');
    c.do({ type: 'requestExtension', days: 2, reason: 'r' });
    expect(c.refuse({ type: 'requestReturn', reason: 'r' }).code).toBe('request_pending');
  });
});

describe('suspension (挂起)', () => {
  it('moves the completion deadline and warning later by exactly the suspended time', () => {
    const c = reach('in_progress');
    const before = c.state.deadlines;
    c.do({ type: 'suspend', reason: '等待市民补充材料' });
    expect(c.state.suspendedAt).toBe(c.now);
    expect(c.state.deadlines).toEqual(before);
    const suspendedFor = 3 * DAY + 5 * 60_000 + 7;
    c.do({ type: 'resume' }, { after: suspendedFor });
    expect(c.state.status).toBe('in_progress');
    expect(c.state.suspendedAt).toBeNull();
    expect(c.state.deadlines.dueBy - before.dueBy).toBe(suspendedFor);
    expect(c.state.deadlines.warnAt - before.warnAt).toBe(suspendedFor);
    expect(c.state.deadlines.acceptBy).toBe(before.acceptBy);
    expect(c.state.deadlines.onSiteBy).toBe(before.onSiteBy);
  });

  it('a resume stamped before the suspension (clock skew) never moves deadlines earlier', () => {
    const c = reach('suspended');
    const before = c.state.deadlines;
    c.do({ type: 'resume' }, { after: -5_000 });
    expect(c.state.deadlines).toEqual(before);
  });
});

describe('extensions (延期)', () => {
  it('approved: the completion deadline moves later by the working days over the calendar', () => {
    // Received Wed 2026-09-30, 5 working days → due end of Tue 10-13; +3 → end of Fri 10-16.
    const c = new Case(new Date('2026-09-30T10:00:00+08:00').getTime());
    for (const cmd of [{ type: 'queue' }, { type: 'dispatch', mode: 'department' }, { type: 'accept' }, { type: 'start' }] as AppealCommand[]) {
      c.do(cmd);
    }
    expect(c.state.deadlines.dueBy).toBe(new Date('2026-10-13T23:59:59.999+08:00').getTime());
    c.do({ type: 'requestExtension', days: 3, reason: '需协调燃气公司' });
    expect(c.state.extensionRequest).toMatchObject({ days: 3, by: 'handler-1' });
    expect(c.refuse({ type: 'requestExtension', days: 1, reason: 'again' }).code).toBe('request_pending');
    expect(c.refuse({ type: 'reply', reply: 'done' }).code).toBe('request_pending');
    const before = c.state.deadlines;
    const t = c.do({ type: 'approveExtension' }, { kind: 'dispatcher' });
    expect(t).toMatchObject({ from: 'in_progress', to: 'in_progress', command: 'approveExtension' });
    expect(c.state.extensionRequest).toBeNull();
    expect(c.state.deadlines.dueBy).toBe(new Date('2026-10-16T23:59:59.999+08:00').getTime());
    expect(c.state.deadlines.warnAt).toBeGreaterThan(before.warnAt);
    expect(c.state.deadlines.acceptBy).toBe(before.acceptBy);
  });

  it('refused: the request is cleared and the deadlines stay', () => {
    const c = reach('suspended');
    c.do({ type: 'requestExtension', days: 5, reason: 'r' });
    const before = c.state.deadlines;
    expect(c.refuse({ type: 'refuseExtension', reason: '' }).field).toBe('reason');
    c.do({ type: 'refuseExtension', reason: '时限充足' });
    expect(c.state.extensionRequest).toBeNull();
    expect(c.state.deadlines).toEqual(before);
    expect(c.refuse({ type: 'approveExtension' }).code).toBe('no_pending_request');
  });
});

describe('review, return visit, reopening', () => {
  it('send back returns the reply to the handler', () => {
    const c = reach('replied');
    c.do({ type: 'sendBack', reason: '未附现场照片' }, { kind: 'reviewer' });
    expect(c.state.status).toBe('in_progress');
  });

  it.each([
    ['satisfied', false],
    ['basic', true],
    ['unsatisfied', false],
  ] as const)('%s (handler at fault: %s) → visited, then closed', (result, handlerAtFault) => {
    const c = reach('reviewed');
    c.do({ type: 'visit', result, handlerAtFault });
    expect(c.state).toMatchObject({ status: 'visited', satisfaction: result, reopenCount: 0 });
    c.do({ type: 'close' }, { kind: 'system' });
    expect(c.state.status).toBe('closed');
  });

  it('unsatisfied with the handler at fault → reopened (重办) straight back to dispatched', () => {
    const c = reach('reviewed', 'grid');
    const deadlines = c.state.deadlines;
    const t = c.do({ type: 'visit', result: 'unsatisfied', handlerAtFault: true });
    expect(t).toMatchObject({ from: 'reviewed', to: 'dispatched', command: 'visit' });
    expect(c.state).toMatchObject({ status: 'dispatched', mode: 'grid', reopenCount: 1, onSite: null, satisfaction: null, dispatchedAt: c.now });
    expect(c.state.deadlines).toEqual(deadlines);
    c.do({ type: 'accept' }, { kind: 'grid_worker' });
    expect(c.refuse({ type: 'start' }).code).toBe('onsite_required');
  });

  it('reopening a joint case asks every assisting unit again', () => {
    const c = reach('reviewed', 'joint');
    c.do({ type: 'visit', result: 'unsatisfied', handlerAtFault: true });
    expect(c.state.assists.every((a) => !a.replied)).toBe(true);
    expect(c.state.assists).toHaveLength(2);
  });
});

// ---- property ---------------------------------------------------------------

/** Weekends only: never runs out of calendar years however far extensions go. */
const weekendCalendar: CalendarLike = {
  addWorkingDays(start: string, n: number): string {
    let t = Date.parse(`${start}T00:00:00Z`);
    let left = n;
    while (left > 0) {
      t += DAY;
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) left -= 1;
    }
    return new Date(t).toISOString().slice(0, 10);
  },
};

const RETURN_STATUSES: readonly AppealStatus[] = ['dispatched', 'accepted'];
const EXTENSION_STATUSES: readonly AppealStatus[] = ['accepted', 'on_site', 'in_progress', 'suspended'];
const DISPATCHED_STATUSES: readonly AppealStatus[] = [
  'dispatched',
  'accepted',
  'on_site',
  'in_progress',
  'suspended',
  'replied',
  'reviewed',
  'visited',
  'closed',
];
const AFTER_CHECK_IN: readonly AppealStatus[] = ['on_site', 'in_progress', 'suspended', 'replied', 'reviewed', 'visited', 'closed'];
/** Codes that depend on the state only: allowedCommands must agree with apply on them. */
const STATE_CODES = new Set([
  'illegal_transition',
  'request_pending',
  'no_pending_request',
  'dispatch_locked',
  'return_window_passed',
  'onsite_required',
  'assists_pending',
]);
const ENDING: readonly CommandType[] = ['answer', 'notAccept', 'merge'];
/** The main line, preferred half of the time so that long paths (visit, reopening) are explored. */
const FORWARD: readonly CommandType[] = ['queue', 'dispatch', 'accept', 'checkIn', 'start', 'resume', 'assistReply', 'reply', 'approveReply', 'visit', 'close'];
const UNITS = ['A', 'B', 'C'];

const stepArb = fc.record({
  fromAllowed: fc.integer({ min: 0, max: 9 }), // < 8: a command allowed in the state; else any command
  ending: fc.integer({ min: 0, max: 9 }), // 0: allow ending the case early (answer / notAccept / merge)
  forward: fc.integer({ min: 0, max: 9 }), // < 6: prefer the main line
  pick: fc.nat(),
  anyType: fc.constantFrom(...COMMAND_TYPES),
  actorRight: fc.integer({ min: 0, max: 19 }), // 0: a random actor kind
  anyKind: fc.constantFrom(...ACTOR_KINDS),
  dt: fc.oneof(fc.integer({ min: 0, max: HOUR }), fc.integer({ min: 0, max: 3 * DAY })),
  text: fc.oneof({ weight: 12, arbitrary: fc.constant('说明 note') }, { weight: 1, arbitrary: fc.constantFrom('', '   ') }),
  mode: fc.constantFrom<HandlingMode>('grid', 'joint', 'department'),
  assistCount: fc.integer({ min: 0, max: 3 }),
  days: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 40 }) }),
  result: fc.constantFrom('satisfied', 'basic', 'unsatisfied', 'unsatisfied') as fc.Arbitrary<'satisfied' | 'basic' | 'unsatisfied'>,
  fault: fc.integer({ min: 0, max: 2 }).map((n) => n > 0),
  unitPick: fc.nat(),
  photo: fc.oneof({ weight: 9, arbitrary: fc.constant('p.jpg') }, { weight: 1, arbitrary: fc.constant('') }),
});
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

const rulesArb: fc.Arbitrary<DeadlineRules> = fc.record({
  acceptHours: fc.integer({ min: 1, max: 48 }),
  onSiteMinutes: fc.option(fc.integer({ min: 10, max: 120 }), { nil: null }),
  workingDays: fc.integer({ min: 1, max: 20 }),
  warnShare: fc.constantFrom(2 / 3, 0.5, 0.8, 1),
  returnWindowHours: fc.integer({ min: 1, max: 48 }),
});

function commandFor(type: CommandType, s: Step, state: AppealState): AppealCommand {
  switch (type) {
    case 'answer':
    case 'reply':
      return { type, reply: s.text };
    case 'notAccept':
      return { type, channel: s.fromAllowed === 9 ? '' : '信访', reason: s.text };
    case 'merge':
      return { type, into: s.text.trim() === '' ? '' : 'case-1' };
    case 'dispatch': {
      const n = s.mode === 'joint' ? Math.max(1, s.assistCount) : s.assistCount === 3 ? 1 : 0;
      return n === 0 ? { type, mode: s.mode } : { type, mode: s.mode, assists: UNITS.slice(0, n) };
    }
    case 'checkIn':
      return { type, lng: 114.05, lat: 22.54, photo: s.photo };
    case 'suspend':
    case 'sendBack':
    case 'requestReturn':
    case 'rejectReturn':
    case 'refuseExtension':
      return { type, reason: s.text };
    case 'assistReply': {
      const unit = state.assists.length === 0 ? 'Z' : state.assists[s.unitPick % state.assists.length]?.unit ?? 'Z';
      return { type, unit, reply: s.text };
    }
    case 'visit':
      return { type, result: s.result, handlerAtFault: s.fault };
    case 'requestExtension':
      return { type, days: s.days, reason: s.text };
    case 'queue':
    case 'accept':
    case 'start':
    case 'resume':
    case 'approveReply':
    case 'close':
    case 'approveReturn':
    case 'approveExtension':
      return { type };
  }
}

function checkInvariants(s: AppealState): void {
  expect(APPEAL_STATUSES).toContain(s.status);
  if (s.returnRequest !== null) expect(RETURN_STATUSES).toContain(s.status);
  if (s.extensionRequest !== null) expect(EXTENSION_STATUSES).toContain(s.status);
  expect(s.returnRequest !== null && s.extensionRequest !== null).toBe(false);
  expect(s.suspendedAt !== null).toBe(s.status === 'suspended');
  if (s.status === 'on_site') expect(s.onSite).not.toBeNull();
  if (s.mode === 'grid' && AFTER_CHECK_IN.includes(s.status)) expect(s.onSite).not.toBeNull();
  if (s.onSite !== null) expect(s.mode).toBe('grid');
  expect(s.mode !== null).toBe(DISPATCHED_STATUSES.includes(s.status));
  expect(s.dispatchedAt !== null).toBe(DISPATCHED_STATUSES.includes(s.status));
  expect(s.mergedInto !== null).toBe(s.status === 'merged');
  expect(s.satisfaction !== null).toBe(s.status === 'visited' || s.status === 'closed');
  if (s.mode === 'joint') expect(s.assists.length).toBeGreaterThan(0);
  else expect(s.assists).toEqual([]);
  if (s.mode === 'joint' && ['replied', 'reviewed', 'visited', 'closed'].includes(s.status)) {
    expect(s.assists.every((a) => a.replied)).toBe(true);
  }
  if (isTerminal(s.status)) expect(allowedCommands(s)).toEqual([]);
  expect(s.deadlines.warnAt).toBeLessThanOrEqual(s.deadlines.dueBy);
}

describe('property: random command sequences', () => {
  it('never reach an illegal state; every accepted command is audited once; deadlines only move later, and only by resume or an approved extension', () => {
    const reached = new Set<AppealStatus>();
    let reopened = 0;
    let bounced = 0;
    let locked = 0;
    let extended = 0;
    let resumed = 0;

    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
        rulesArb,
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        (t0, rules, steps) => {
          let now = t0;
          let state = deepFreeze(initialState({ now, calendar: weekendCalendar, rules }));
          const audit: Transition[] = [];
          let accepted = 0;
          checkInvariants(state);
          reached.add(state.status);

          for (const step of steps) {
            now += step.dt;
            const allowed = allowedCommands(state, { now, rules });
            let type: CommandType;
            if (step.fromAllowed < 8 && allowed.length > 0) {
              const progressing = allowed.filter((t) => !ENDING.includes(t));
              const pool = step.ending === 0 || progressing.length === 0 ? allowed : progressing;
              const main = FORWARD.find((t) => pool.includes(t));
              type = step.forward < 6 && main !== undefined ? main : (pool[step.pick % pool.length] ?? step.anyType);
            } else {
              type = step.anyType;
            }
            const cmd = commandFor(type, step, state);
            const rightKinds = TRANSITIONS[type].actors;
            const kind = step.actorRight === 0 ? step.anyKind : (rightKinds[step.pick % rightKinds.length] ?? step.anyKind);
            const actor = actorOf(kind);
            const prev = state;

            let result: { state: AppealState; transition: Transition };
            try {
              result = apply(prev, cmd, { actor, now, calendar: weekendCalendar, rules });
            } catch (e) {
              if (!(e instanceof TransitionError)) throw e;
              // Refused: nothing changes, and allowedCommands agrees on state-only refusals.
              if (STATE_CODES.has(e.code)) expect(allowed).not.toContain(type);
              else expect(allowed).toContain(type);
              if (e.code === 'actor_not_allowed') expect(rightKinds).not.toContain(kind);
              expect(state).toBe(prev);
              continue;
            }

            // Accepted: exactly one transition, consistent with the states.
            accepted += 1;
            audit.push(result.transition);
            const t = result.transition;
            const next = deepFreeze(result.state);
            expect(allowed).toContain(type);
            expect(rightKinds).toContain(kind);
            expect(t.from).toBe(prev.status);
            expect(t.to).toBe(next.status);
            expect(t.command).toBe(type);
            expect(t.actor).toBe(actor.id);
            expect(t.at).toBe(now);
            const rule = TRANSITIONS[type];
            expect(rule.from).toContain(prev.status);
            if (rule.to === 'unchanged') expect(next.status).toBe(prev.status);
            else expect(rule.to).toContain(next.status);

            // Counters never decrease.
            expect(next.bounceCount).toBeGreaterThanOrEqual(prev.bounceCount);
            expect(next.reopenCount).toBeGreaterThanOrEqual(prev.reopenCount);
            expect(next.bounceCount - prev.bounceCount).toBe(type === 'approveReturn' ? 1 : 0);
            expect(next.reopenCount - prev.reopenCount).toBe(type === 'visit' && next.status === 'dispatched' ? 1 : 0);
            if (prev.dispatchLocked) expect(next.dispatchLocked).toBe(true);

            // Deadlines: never earlier; completion deadline only by resume or approved extension.
            const a = prev.deadlines;
            const b = next.deadlines;
            expect(b.acceptBy).toBe(a.acceptBy);
            expect(b.onSiteBy).toBe(a.onSiteBy);
            expect(b.dueBy).toBeGreaterThanOrEqual(a.dueBy);
            expect(b.warnAt).toBeGreaterThanOrEqual(a.warnAt);
            if (type !== 'approveExtension' && type !== 'resume') expect(b).toEqual(a);
            if (type === 'approveExtension') {
              expect(b.dueBy).toBeGreaterThan(a.dueBy);
              extended += 1;
            }
            if (type === 'resume') {
              expect(b.dueBy - a.dueBy).toBe(now - (prev.suspendedAt ?? now));
              expect(b.warnAt - a.warnAt).toBe(now - (prev.suspendedAt ?? now));
              resumed += 1;
            }

            state = next;
            checkInvariants(state);
            reached.add(state.status);
          }

          expect(audit).toHaveLength(accepted);
          for (let i = 1; i < audit.length; i++) expect(audit[i]?.from).toBe(audit[i - 1]?.to);
          if (state.reopenCount > 0) reopened += 1;
          if (state.bounceCount > 0) bounced += 1;
          if (state.dispatchLocked) locked += 1;
        },
      ),
      { numRuns: 600 },
    );

    // The generator does explore the machine.
    for (const s of APPEAL_STATUSES) expect(reached, s).toContain(s);
    expect(reopened).toBeGreaterThan(0);
    expect(bounced).toBeGreaterThan(0);
    expect(locked).toBeGreaterThan(0);
    expect(extended).toBeGreaterThan(0);
    expect(resumed).toBeGreaterThan(0);
  });
});
