import { and, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import type { Role } from '../../platform/access/roles.js';
import { authenticated, rolesIn, scopeRootsFor, type SubjectRef } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { CRS_VALUES, type Crs } from '../../platform/geo/crs.js';
import { departmentsOfUser } from '../departments/queries.js';
import { APPEAL_ACTORS, APPEAL_PARTIES, AREA_READERS, REPORTERS, actorKinds, canSee, isOwnCase, type AppealRow } from './access.js';
import { categoriesOfCity } from './categories.js';
import { giveCommand, rank } from './commands.js';
import { intake, suggestDuplicates } from './intake.js';
import { allowedCommands, TRANSITIONS } from './machine.js';
import { presentAppeal, presentAppealDetail, presentAppeals } from './presenters.js';
import { suggestedRoute } from './suggested-route.js';
import { AppealListQuery, listFilters } from './list-query.js';
import { writeHistoryEntry } from './history-entries.js';
import { rateCase } from './rating.js';
import { storedState } from './persist.js';
import { SUPERVISION_LEVELS } from './supervision.js';
import { appealAssignments, appealCallers, appeals, URGENCIES, type AppealChannel } from './schema.js';

const Id = z.object({ id: z.uuid() });
/** Who rates the handling of their own case (评价). */
const RATERS: readonly Role[] = ['resident', 'member'];
const text = (max: number) => z.string().trim().min(1).max(max);
const reason = text(500);

/** Every command as the API takes it; `note`-like fields are the machine's own text. */
const CommandBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('answer'), reply: text(2000) }),
  z.object({ type: z.literal('notAccept'), channel: text(60), reason }),
  z.object({ type: z.literal('merge'), into: z.uuid() }),
  z.object({ type: z.literal('queue') }),
  z.object({
    type: z.literal('dispatch'),
    mode: z.enum(['grid', 'joint', 'department']),
    leadDepartmentId: z.uuid().nullish(),
    assistDepartmentIds: z.array(z.uuid()).max(10).optional(),
    assigneeUserId: z.uuid().nullish(),
  }),
  z.object({ type: z.literal('accept') }),
  z.object({ type: z.literal('checkIn'), lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), photo: z.uuid() }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('suspend'), reason }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('assistReply'), reply: text(2000) }),
  z.object({ type: z.literal('reply'), reply: text(2000), attachments: z.array(z.uuid()).max(9).optional() }),
  z.object({ type: z.literal('approveReply') }),
  z.object({ type: z.literal('sendBack'), reason }),
  z.object({ type: z.literal('visit'), result: z.enum(['satisfied', 'basic', 'unsatisfied']), handlerAtFault: z.boolean().default(false) }),
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('requestReturn'), reason }),
  z.object({ type: z.literal('approveReturn') }),
  z.object({ type: z.literal('rejectReturn'), reason }),
  z.object({ type: z.literal('requestExtension'), days: z.number().int().min(1).max(30), reason }),
  z.object({ type: z.literal('approveExtension') }),
  z.object({ type: z.literal('refuseExtension'), reason }),
]);

const IntakeBody = z.object({
  categoryId: z.uuid(),
  title: text(100),
  description: text(4000),
  address: z.string().trim().max(200).nullish(),
  point: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs: z.enum(CRS_VALUES as [Crs, ...Crs[]]).default('wgs84') }).nullish(),
  urgency: z.enum(URGENCIES).default('normal'),
  anonymous: z.boolean().default(false),
  contact: z.object({ name: z.string().trim().max(40).nullish(), phone: z.string().trim().max(32).nullish() }).nullish(),
  /** Hotline operators say which channel the case came through. */
  channel: z.enum(['hotline', 'web']).optional(),
  attachments: z.array(z.uuid()).max(9).optional(),
});

/** The channel follows from who reports: the operator's line, a resident's phone, a grid worker's patrol … */
function channelOf(req: FastifyRequest, asked: 'hotline' | 'web' | undefined): AppealChannel {
  const roles = req.ctx.auth!.roles;
  if (roles.has('dispatcher')) return asked ?? 'hotline';
  if (roles.has('grid_worker')) return 'patrol';
  if (roles.has('building_leader')) return 'building_leader';
  return 'h5';
}

export function appealRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const load = async (id: string | undefined) => (id && /^[0-9a-f-]{36}$/i.test(id) ? (await db.select().from(appeals).where(eq(appeals.id, id)).limit(1))[0] : undefined);
  const visible =
    (extra?: (req: FastifyRequest, a: AppealRow) => Promise<boolean>) =>
    async (req: FastifyRequest): Promise<SubjectRef | null> => {
      const a = await load((req.params as { id?: string }).id);
      if (!a) return null;
      const ok = (await canSee(db, req.ctx.auth!, a)) && (!extra || (await extra(req, a)));
      return { regionPath: a.regionPath, allowed: ok, denied: !ok };
    };

  app.get(
    '/api/appeals/categories',
    {
      config: { policy: authenticated() },
      schema: {
        tags: ['appeals'],
        summary: 'The category tree, with limits and handling (inactive categories too with includeInactive=true)',
        querystring: z.object({ includeInactive: z.enum(['true', 'false']).optional() }),
      },
    },
    async (req) => ({
      items: (await categoriesOfCity(db, req.ctx.auth!.cityId, { includeInactive: req.query.includeInactive === 'true' })).map((c) => ({
        id: c.id,
        parentId: c.parentId,
        code: c.code,
        name: c.name,
        level: c.level,
        handling: c.handling,
        acceptHours: c.acceptHours,
        onSiteMinutes: c.onSiteMinutes,
        workingDays: c.workingDays,
        departmentCode: c.departmentCode,
        assistDepartmentCodes: c.assistDepartmentCodes,
        duplicateRadiusM: c.duplicateRadiusM,
        active: c.active,
        sort: c.sort,
      })),
    }),
  );

  app.post(
    '/api/appeals',
    {
      config: { policy: rolesIn(REPORTERS), action: 'appeals.create' },
      schema: {
        tags: ['appeals'],
        summary: 'Report a case (hotline, H5, patrol, building leader); send Idempotency-Key to make retries safe',
        body: IntakeBody,
        headers: z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional() }).passthrough(),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const res = await intake(services, req, {
        ...b,
        channel: channelOf(req, b.channel),
        point: b.point ?? null,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      });
      return reply.code(res.created ? 201 : 200).send({ appeal: presentAppeal(res.appeal), duplicates: res.duplicates, replayed: !res.created });
    },
  );

  app.get(
    '/api/appeals',
    {
      config: { policy: rolesIn(APPEAL_PARTIES) },
      schema: {
        tags: ['appeals'],
        summary: 'Cases I may see: my area, my departments, or mine',
        querystring: AppealListQuery,
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const q = req.query;
      const depts = auth.roles.has('dept_handler') ? await departmentsOfUser(db, auth.userId) : [];
      const deptCases = depts.length
        ? sql`exists (select 1 from ${appealAssignments} x where x.appeal_id = ${appeals.id} and x.department_id in (${sql.join(depts.map((d) => sql`${d}`), sql`, `)}))`
        : sql`false`;
      const own = sql`(${appeals.reporterUserId} = ${auth.userId} or exists (select 1 from ${appealCallers} c where c.appeal_id = ${appeals.id} and c.user_id = ${auth.userId}))`;
      const scope =
        q.mine === 'reported' ? own : q.mine === 'assigned' ? eq(appeals.assigneeUserId, auth.userId) : q.mine === 'department' ? deptCases : or(pathInRoots(appeals.regionPath, scopeRootsFor(req, AREA_READERS)), deptCases, own)!;
      const conds: SQL[] = [eq(appeals.cityId, auth.cityId), scope, ...listFilters(q)];
      const where = and(...conds);
      const [rows, [total]] = await Promise.all([
        db.select().from(appeals).where(where).orderBy(desc(appeals.receivedAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(appeals).where(where),
      ]);
      return { items: await presentAppeals(db, rows), total: Number(total?.n ?? 0) };
    },
  );

  app.get(
    '/api/appeals/:id',
    { config: { policy: rolesIn(APPEAL_PARTIES, visible()) }, schema: { tags: ['appeals'], summary: 'A case with its history; the commands I may give', params: Id } },
    async (req) => {
      const a = (await load(req.params.id))!;
      const auth = req.ctx.auth!;
      const kinds = await actorKinds(db, auth, a);
      const s = storedState(a);
      const allowed = allowedCommands(s, { now: Date.now(), rules: s.rules }).filter((c) => TRANSITIONS[c].actors.some((k) => kinds.has(k)));
      // The routing suggestion is for those who dispatch; others see the case as it is.
      const suggestion = allowed.includes('dispatch') ? await suggestedRoute(db, a) : null;
      // Those who may rate are the rating route's: residents and members who called about the case.
      const viewer = { userId: auth.userId, rater: RATERS.some((r) => auth.roles.has(r)) };
      return { appeal: { ...(await presentAppealDetail(db, services.crypto, a, suggestion, viewer)), allowedCommands: allowed, myParts: [...kinds] } };
    },
  );

  app.post(
    '/api/appeals/:id/commands',
    {
      config: { policy: rolesIn(APPEAL_ACTORS, visible()), action: 'appeals.command' },
      schema: { tags: ['appeals'], summary: 'Give a command to a case (dispatch, accept, check in, reply, visit …)', params: Id, body: CommandBody },
    },
    async (req) => {
      const b = req.body;
      const cmd =
        b.type === 'checkIn'
          ? { type: 'checkIn' as const, lng: b.lng, lat: b.lat, photo: b.photo }
          : b.type === 'dispatch'
            ? { type: 'dispatch' as const, mode: b.mode }
            : b.type === 'assistReply'
              ? { type: 'assistReply' as const, unit: '', reply: b.reply }
              : b.type === 'reply'
                ? { type: 'reply' as const, reply: b.reply }
                : b;
      const updated = await giveCommand(services, req, req.params.id, cmd, {
        ...(b.type === 'dispatch' ? { leadDepartmentId: b.leadDepartmentId, assistDepartmentIds: b.assistDepartmentIds, assigneeUserId: b.assigneeUserId } : {}),
        attachments: b.type === 'reply' ? (b.attachments ?? []) : [],
      });
      return { appeal: (await presentAppeals(db, [updated]))[0]! };
    },
  );

  app.get(
    '/api/appeals/:id/duplicates',
    { config: { policy: rolesIn(AREA_READERS, visible()) }, schema: { tags: ['appeals'], summary: 'Cases that look like this one (to merge)', params: Id } },
    async (req) => ({ items: await suggestDuplicates(services, (await load(req.params.id))!) }),
  );

  app.post(
    '/api/appeals/:id/anonymity',
    {
      config: { policy: rolesIn(REPORTERS, visible(async (req, a) => isOwnCase(db, req.ctx.auth!.userId, a))), action: 'appeals.anonymity' },
      schema: { tags: ['appeals'], summary: 'The reporter shows or hides their name on the case, at any time', params: Id, body: z.object({ anonymous: z.boolean() }) },
    },
    async (req) => {
      const anonymous = req.body.anonymous;
      const updated = await runCommand(services, req, 'appeals.anonymity', async ({ tx }) => {
        const [a] = await tx.select().from(appeals).where(eq(appeals.id, req.params.id)).for('update');
        if (!a) throw notFound('appeal');
        // Unchanged: nothing to record in the history (the request is still audited).
        const u = a.anonymous === anonymous ? a : await writeHistoryEntry(tx, a, { command: 'anonymity', actorId: req.ctx.auth!.userId, actorRole: 'reporter', data: { anonymous } }, { anonymous });
        return { value: u, subjectType: 'appeal', subjectId: u.id, cityId: u.cityId, regionPath: u.regionPath, detail: { anonymous, changed: u !== a } };
      });
      return { appeal: (await presentAppeals(db, [updated]))[0]! };
    },
  );

  app.post(
    '/api/appeals/:id/rating',
    {
      config: { policy: rolesIn(RATERS, visible(async (req, a) => isOwnCase(db, req.ctx.auth!.userId, a))), action: 'appeals.rate' },
      schema: {
        tags: ['appeals'],
        summary: "A caller rates the handling of their case (评价) once the handler has replied; with every caller's rating the system makes the return visit",
        params: Id,
        body: z.object({ result: z.enum(['satisfied', 'basic', 'unsatisfied']), comment: z.string().trim().max(500).optional() }),
      },
    },
    async (req) => {
      const updated = await rateCase(services, req, req.params.id, req.body);
      return { appeal: (await presentAppeals(db, [updated]))[0]! };
    },
  );

  app.post(
    '/api/appeals/:id/supervision',
    {
      config: { policy: rolesIn(['admin', 'org_dept', 'dispatcher'], visible()), action: 'appeals.supervise' },
      schema: {
        tags: ['appeals'],
        summary: 'Raise the supervision of a case by hand (催办 → 督办 → 挂牌)',
        params: Id,
        body: z.object({ level: z.enum(SUPERVISION_LEVELS as ['urge', 'supervise', 'listed']), reason }),
      },
    },
    async (req) => {
      const updated = await runCommand(services, req, 'appeals.supervise', async ({ tx, emit }) => {
        const [a] = await tx.select().from(appeals).where(eq(appeals.id, req.params.id)).for('update');
        if (!a) throw notFound('appeal');
        if (rank(req.body.level) <= rank(a.supervision)) throw badRequest('supervision_not_raised', 'level');
        const u = await writeHistoryEntry(
          tx,
          a,
          { command: 'supervise', actorId: req.ctx.auth!.userId, actorRole: 'supervisor', note: req.body.reason, data: { level: req.body.level, from: a.supervision } },
          { supervision: req.body.level },
        );
        await emit({ type: 'appeal.supervised', subjectId: a.id, payload: { appealId: a.id, level: req.body.level } });
        return { value: u, subjectType: 'appeal', subjectId: a.id, cityId: a.cityId, regionPath: a.regionPath, detail: { level: req.body.level } };
      });
      return { appeal: (await presentAppeals(db, [updated]))[0]! };
    },
  );

}
