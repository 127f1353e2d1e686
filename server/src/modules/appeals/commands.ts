import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { runCommand } from '../../platform/http/command.js';
import type { Services } from '../../platform/services.js';
import type { Tx } from '../../platform/db/client.js';
import { files } from '../../platform/files/schema.js';
import { departmentById } from '../departments/queries.js';
import { actorKinds, caseDepartments, type AppealRow } from './access.js';
import { apply, TransitionError, TRANSITIONS, type Actor, type AppealCommand } from './machine.js';
import { appealAssignments, appealCallers, appeals } from './schema.js';
import { persistTransition, storedState } from './persist.js';
import { autoSupervision } from './supervision.js';
import { autoVisit } from './rating.js';

/** What a caller may send beside the command itself. */
export interface CommandExtras {
  /** Dispatch: who handles it (lead department; assisting ones for joint cases; the grid worker for grid cases). */
  leadDepartmentId?: string | null;
  assistDepartmentIds?: string[];
  assigneeUserId?: string | null;
  /** Uploaded files to attach to this step (photos of the site or the result). */
  attachments?: string[];
}

const lockRow = async (tx: Tx, id: string): Promise<AppealRow | undefined> =>
  (await tx.select().from(appeals).where(eq(appeals.id, id)).for('update').limit(1))[0];

/**
 * Gives one command to a case: picks the part the caller plays (dispatcher, handler, grid worker, assisting
 * department, reviewer), lets the machine decide, and writes the transition with its side effects, audit
 * entry and event in one transaction. Refusals come back as 4xx naming the reason.
 */
export async function giveCommand(services: Services, req: FastifyRequest, appealId: string, cmd: AppealCommand, extras: CommandExtras) {
  const auth = req.ctx.auth!;
  return runCommand(services, req, 'appeals.command', async ({ tx, emit }) => {
    const row = await lockRow(tx, appealId);
    if (!row) throw notFound('appeal');
    const kinds = await actorKinds(tx, auth, row);
    const allowed = TRANSITIONS[cmd.type].actors.find((k) => kinds.has(k));
    if (!allowed) throw new AppError(403, 'actor_not_allowed', `not a party that may ${cmd.type}`);
    const actor: Actor = { id: auth.userId, kind: allowed };
    const stored = storedState(row);
    const now = Date.now();

    // Arguments the machine knows by name only: resolve them to the case's departments and people.
    let command = cmd;
    let columns: Parameters<typeof persistTransition>[4] = {};
    let assistIds: string[] = [];
    if (cmd.type === 'dispatch') {
      ({ command, columns, assistIds } = await prepareDispatch(tx, row, cmd, extras));
    }
    if (cmd.type === 'assistReply') {
      const mine = await caseDepartments(tx, auth.userId, row);
      const unit = mine.assists.find((d) => stored.assists.some((a) => a.unit === d && !a.replied));
      if (!unit) throw new AppError(409, 'already_replied', 'no assisting department of yours is waiting to reply');
      command = { ...cmd, unit };
    }
    if (cmd.type === 'merge') {
      const [target] = await tx.select().from(appeals).where(eq(appeals.id, cmd.into)).limit(1);
      if (!target || target.cityId !== row.cityId || target.id === row.id) throw notFound('appeal', 'into');
      if (['merged', 'not_accepted', 'answered', 'closed'].includes(target.status)) throw badRequest('merge_target_closed', 'into');
      // A grid case merged before anyone accepted it: its worker no longer holds it.
      if (row.status === 'dispatched') columns = { assigneeUserId: null };
    }

    let next;
    try {
      next = apply(stored, command, { actor, now, calendar: services.calendar, rules: stored.rules });
    } catch (err) {
      if (err instanceof TransitionError) {
        const status = err.code === 'invalid_argument' ? 400 : err.code === 'actor_not_allowed' ? 403 : 409;
        throw new AppError(status, err.code, err.message, bodyField(err.field));
      }
      throw err;
    }
    // The check-in photo is the machine's own attachment of the step; uploads beside it are added once each.
    const photo = cmd.type === 'checkIn' ? cmd.photo : null;
    const attachments = [...new Set(extras.attachments ?? [])].filter((f) => f !== photo && !(next.transition.attachments ?? []).includes(f));
    const owned = [...(photo ? [photo] : []), ...attachments];
    if (owned.length) {
      const attached = await tx
        .update(files)
        .set({ ownerType: 'appeal', ownerId: row.id })
        .where(and(inArray(files.id, owned), eq(files.uploadedBy, auth.userId), or(isNull(files.ownerId), eq(files.ownerId, row.id))))
        .returning({ id: files.id });
      if (attached.length !== owned.length) {
        throw badRequest('attachment_invalid', photo && !attached.some((f) => f.id === photo) ? 'photo' : 'attachments');
      }
    }
    let updated = await persistTransition(tx, row, next, { actorId: auth.userId, actorRole: allowed, attachments, data: dataOf(cmd, extras) }, columns);

    // Side effects outside the state: assignments, callers, supervision.
    if (cmd.type === 'dispatch') await writeAssignments(tx, updated, assistIds);
    if (cmd.type === 'assistReply' && command.type === 'assistReply') {
      await tx
        .update(appealAssignments)
        .set({ reply: cmd.reply, repliedAt: new Date(now) })
        .where(and(eq(appealAssignments.appealId, row.id), eq(appealAssignments.departmentId, command.unit), eq(appealAssignments.round, roundOf(updated))));
    }
    if (cmd.type === 'reply' && row.leadDepartmentId) {
      await tx
        .update(appealAssignments)
        .set({ reply: cmd.reply, repliedAt: new Date(now) })
        .where(and(eq(appealAssignments.appealId, row.id), eq(appealAssignments.role, 'lead'), eq(appealAssignments.round, roundOf(updated))));
    }
    if (cmd.type === 'visit' && next.state.status === 'dispatched') {
      // Reopened (重办): the same departments get a new round.
      await writeAssignments(tx, updated, stored.assists.map((a) => a.unit));
    }
    if (cmd.type === 'visit' && next.state.status === 'dispatched') {
      // Reopened: every caller rates or is visited again after the new reply (the visit's record keeps this result).
      await tx.update(appealCallers).set({ visitResult: null, visitedAt: null }).where(eq(appealCallers.appealId, row.id));
    } else if (cmd.type === 'visit') {
      // The operator records one result per case: it applies to every caller who has not rated online (rating.ts).
      await tx
        .update(appealCallers)
        .set({ visitResult: cmd.result, visitedAt: new Date(now) })
        .where(and(eq(appealCallers.appealId, row.id), isNull(appealCallers.visitResult)));
    }
    if (cmd.type === 'approveReply') {
      // Every caller may have rated already: then the system makes the return visit at once.
      updated = (await autoVisit(tx, services, updated)) ?? updated;
    }
    if (cmd.type === 'merge') {
      // Merging keeps every caller: they follow the case, remembering where they first called.
      await tx.update(appealCallers).set({ appealId: cmd.into }).where(eq(appealCallers.appealId, row.id));
      await emit({ type: 'appeal.merged', subjectId: cmd.into, payload: { appealId: row.id, into: cmd.into } });
    }
    const level = autoSupervision(updated, await departmentsTouched(tx, updated.id));
    if (level && level !== updated.supervision && rank(level) > rank(updated.supervision)) {
      [updated] = await tx.update(appeals).set({ supervision: level }).where(eq(appeals.id, updated.id)).returning() as [AppealRow];
    }
    await emit({ type: `appeal.${cmd.type}`, subjectId: row.id, payload: { appealId: row.id, from: next.transition.from, to: next.transition.to } });
    return {
      value: updated,
      subjectType: 'appeal',
      subjectId: row.id,
      cityId: row.cityId,
      regionPath: row.regionPath,
      detail: { command: cmd.type, from: next.transition.from, to: next.transition.to, as: allowed },
    };
  });
}

/**
 * The machine names its arguments (`assists`, `unit`); the API's body names them otherwise. An error names
 * the body's field, or none when the body has no such field (the assisting unit is found from the caller).
 */
const BODY_FIELDS: Record<string, string | undefined> = { assists: 'assistDepartmentIds', unit: undefined };
export const bodyField = (field: string | undefined) => (field !== undefined && Object.hasOwn(BODY_FIELDS, field) ? BODY_FIELDS[field] : field);

/** Each dispatch of a case is a round of assignments: a return or a reopening starts a new one. */
const roundOf = (row: Pick<AppealRow, 'reopenCount' | 'bounceCount'>) => row.reopenCount * 100 + row.bounceCount;

const RANKS = { urge: 1, supervise: 2, listed: 3 } as const;
export const rank = (l: AppealRow['supervision']) => (l ? RANKS[l] : 0);

/** Departments that have held the case at any time (lead or assist, every round). */
export async function departmentsTouched(tx: Tx, appealId: string): Promise<number> {
  const res = (await tx.execute(sql`select count(distinct department_id)::int as n from appeal_assignments where appeal_id = ${appealId}`)) as unknown as {
    rows: Array<{ n: number }>;
  };
  return res.rows[0]?.n ?? 0;
}

function dataOf(cmd: AppealCommand, extras: CommandExtras): Record<string, unknown> | undefined {
  switch (cmd.type) {
    case 'dispatch':
      return { mode: cmd.mode, leadDepartmentId: extras.leadDepartmentId ?? null, assistDepartmentIds: extras.assistDepartmentIds ?? [], assigneeUserId: extras.assigneeUserId ?? null };
    case 'checkIn':
      return { lng: cmd.lng, lat: cmd.lat };
    case 'visit':
      return { result: cmd.result, handlerAtFault: cmd.handlerAtFault };
    case 'notAccept':
      return { channel: cmd.channel };
    case 'merge':
      return { into: cmd.into };
    case 'requestExtension':
      return { days: cmd.days };
    default:
      return undefined;
  }
}

async function prepareDispatch(tx: Tx, row: AppealRow, cmd: Extract<AppealCommand, { type: 'dispatch' }>, extras: CommandExtras) {
  if (cmd.mode === 'grid') {
    const assignee = extras.assigneeUserId ?? row.assigneeUserId;
    if (!assignee) throw badRequest('assignee_required', 'assigneeUserId');
    const ok = (await tx.execute(sql`
      select 1 as x from role_grants where user_id = ${assignee} and role = 'grid_worker' and ${row.regionPath} like region_path || '%' limit 1`)) as unknown as {
      rows: unknown[];
    };
    if (ok.rows.length === 0) throw badRequest('assignee_not_grid_worker', 'assigneeUserId');
    return { command: cmd, columns: { mode: 'grid' as const, assigneeUserId: assignee, leadDepartmentId: row.leadDepartmentId }, assistIds: [] as string[] };
  }
  const lead = extras.leadDepartmentId ?? row.leadDepartmentId;
  if (!lead) throw badRequest('lead_required', 'leadDepartmentId');
  const leadDept = await departmentById(tx, lead);
  if (!leadDept || leadDept.cityId !== row.cityId) throw notFound('department', 'leadDepartmentId');
  const assistIds = cmd.mode === 'joint' ? [...new Set(extras.assistDepartmentIds ?? [])].filter((d) => d !== lead) : [];
  for (const id of assistIds) {
    const d = await departmentById(tx, id);
    if (!d || d.cityId !== row.cityId) throw notFound('department', 'assistDepartmentIds');
  }
  return {
    command: { ...cmd, assists: assistIds },
    columns: { mode: cmd.mode, leadDepartmentId: lead, assigneeUserId: null },
    assistIds,
  };
}

async function writeAssignments(tx: Tx, row: AppealRow, assistIds: string[]) {
  if (row.mode === 'grid' || !row.leadDepartmentId) return;
  const round = roundOf(row);
  await tx
    .insert(appealAssignments)
    .values([
      { appealId: row.id, departmentId: row.leadDepartmentId, role: 'lead' as const, round },
      ...assistIds.map((d) => ({ appealId: row.id, departmentId: d, role: 'assist' as const, round })),
    ])
    .onConflictDoNothing();
}
