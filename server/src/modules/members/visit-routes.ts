import { and, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { inSubtree, pathInRoots, scopeRoots } from '../../platform/access/scope.js';
import { regions } from '../regions/schema.js';
import { intake } from '../appeals/intake.js';
import { HARDSHIP_READERS, MEMBER_MANAGERS, MEMBER_READERS, memberSubject } from './access.js';
import { households, memberHouseholds, memberVisits, partyMembers, VISIT_TYPES, MUST_VISIT_TYPES } from './schema.js';
import { presentHouseholds } from './presenters.js';
import { todayInShanghai } from './service-record.js';

type VisitRow = typeof memberVisits.$inferSelect;
const presentVisit = (v: VisitRow, names: Map<string, string>) => ({
  id: v.id,
  memberId: v.memberId,
  memberName: names.get(v.memberId) ?? null,
  householdId: v.householdId,
  type: v.type,
  mustVisit: MUST_VISIT_TYPES.includes(v.type),
  visitedOn: v.visitedOn,
  note: v.note,
  followUp: v.followUp,
  followUpStatus: v.followUpStatus,
  appealId: v.appealId,
  createdAt: v.createdAt.toISOString(),
});

/** 1+10: members linked to households (visible to the grid worker of the grid), and the visits they log (四必访). */
export function visitRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const memberNames = async (ids: string[]) => {
    const u = [...new Set(ids)];
    const rows = u.length ? await db.select({ id: partyMembers.id, name: partyMembers.name }).from(partyMembers).where(inArray(partyMembers.id, u)) : [];
    return new Map(rows.map((r) => [r.id, r.name]));
  };
  const myMember = async (userId: string) => (await db.select().from(partyMembers).where(eq(partyMembers.userId, userId)).limit(1))[0];

  app.post(
    '/api/members/:id/households',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS, memberSubject(db)), action: 'member_links.add' },
      schema: { tags: ['members'], summary: 'Link a member to a household they look after (1+10); the household must lie in my area', params: z.object({ id: z.uuid() }), body: z.object({ householdId: z.uuid() }) },
    },
    async (req, reply) => {
      const roots = scopeRootsFor(req, MEMBER_MANAGERS);
      await runCommand(services, req, 'member_links.add', async ({ tx, actor }) => {
        const [h] = await tx.select().from(households).where(eq(households.id, req.body.householdId)).limit(1);
        if (!h || h.cityId !== actor!.cityId || !roots.some((r) => inSubtree(h.regionPath, r))) throw notFound('household', 'householdId');
        const ins = await tx.insert(memberHouseholds).values({ memberId: req.params.id, householdId: h.id, createdBy: actor!.userId }).onConflictDoNothing().returning();
        if (!ins.length) throw conflict('link_exists', 'householdId');
        return { value: null, subjectType: 'party_member', subjectId: req.params.id, regionPath: h.regionPath, detail: { householdId: h.id } };
      });
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/members/:id/households/:householdId',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS, memberSubject(db)), action: 'member_links.remove' },
      schema: { tags: ['members'], summary: 'Unlink a member from a household', params: z.object({ id: z.uuid(), householdId: z.uuid() }) },
    },
    async (req, reply) => {
      await runCommand(services, req, 'member_links.remove', async ({ tx }) => {
        const del = await tx.delete(memberHouseholds).where(and(eq(memberHouseholds.memberId, req.params.id), eq(memberHouseholds.householdId, req.params.householdId))).returning();
        if (!del.length) throw notFound('household', 'householdId');
        return { value: null, subjectType: 'party_member', subjectId: req.params.id, detail: { householdId: req.params.householdId } };
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/member-links',
    {
      config: { policy: rolesIn(MEMBER_READERS) },
      schema: {
        tags: ['members'],
        summary: 'Member ↔ household links of households in my area (a grid worker: their grid); hardship flags for those who serve',
        querystring: z.object({ memberId: z.uuid().optional(), gridId: z.uuid().optional() }),
      },
    },
    async (req) => {
      const conds: SQL[] = [eq(households.cityId, req.ctx.auth!.cityId), pathInRoots(households.regionPath, scopeRootsFor(req, MEMBER_READERS))];
      if (req.query.memberId) conds.push(eq(memberHouseholds.memberId, req.query.memberId));
      if (req.query.gridId) {
        const [g] = await db.select({ path: regions.path }).from(regions).where(eq(regions.id, req.query.gridId)).limit(1);
        if (!g) throw notFound('region', 'gridId');
        conds.push(pathInRoots(households.regionPath, [g.path]));
      }
      const rows = await db
        .select({ memberId: memberHouseholds.memberId, h: households })
        .from(memberHouseholds)
        .innerJoin(households, eq(households.id, memberHouseholds.householdId))
        .where(and(...conds))
        .orderBy(households.regionPath, households.address)
        .limit(5000);
      const names = await memberNames(rows.map((r) => r.memberId));
      const hardshipRoots = scopeRootsFor(req, HARDSHIP_READERS);
      const shown = await presentHouseholds(db, rows.map((r) => r.h), true);
      return {
        items: rows.map((r, i) => {
          const h = shown[i]!;
          const sees = hardshipRoots.some((root) => r.h.regionPath.startsWith(root));
          return { memberId: r.memberId, memberName: names.get(r.memberId) ?? null, household: sees ? h : { ...h, hardship: null, hardshipMasked: true, note: null } };
        }),
      };
    },
  );

  app.get(
    '/api/members/me/households',
    { config: { policy: rolesIn(['member']) }, schema: { tags: ['members'], summary: 'The households I look after (with their hardship flags: I serve them)' } },
    async (req) => {
      const m = await myMember(req.ctx.auth!.userId);
      if (!m) return { items: [] };
      const rows = await db.select({ h: households }).from(memberHouseholds).innerJoin(households, eq(households.id, memberHouseholds.householdId)).where(eq(memberHouseholds.memberId, m.id));
      return { items: await presentHouseholds(db, rows.map((r) => r.h), true) };
    },
  );

  app.post(
    '/api/members/me/visits',
    {
      config: { policy: rolesIn(['member']), action: 'visits.create' },
      schema: {
        tags: ['members'],
        summary: 'Log a visit to a household I look after (四必访: hardship, illness, abnormal_family, dispute); a follow-up stays open until done or sent as an appeal',
        body: z.object({
          householdId: z.uuid(),
          type: z.enum(VISIT_TYPES),
          visitedOn: z.iso.date(),
          note: z.string().trim().max(1000).nullish(),
          followUp: z.string().trim().min(1).max(1000).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.visitedOn > todayInShanghai()) throw badRequest('visit_date_future', 'visitedOn');
      const v = await runCommand(services, req, 'visits.create', async ({ tx, actor }) => {
        const [m] = await tx.select().from(partyMembers).where(eq(partyMembers.userId, actor!.userId)).limit(1);
        if (!m) throw notFound('member');
        const [link] = await tx
          .select({ path: households.regionPath })
          .from(memberHouseholds)
          .innerJoin(households, eq(households.id, memberHouseholds.householdId))
          .where(and(eq(memberHouseholds.memberId, m.id), eq(memberHouseholds.householdId, b.householdId)))
          .limit(1);
        if (!link) throw badRequest('visit_not_linked', 'householdId');
        const [v] = await tx
          .insert(memberVisits)
          .values({
            cityId: m.cityId,
            memberId: m.id,
            householdId: b.householdId,
            regionPath: link.path,
            type: b.type,
            visitedOn: b.visitedOn,
            note: b.note ?? null,
            followUp: b.followUp ?? null,
            followUpStatus: b.followUp ? 'open' : 'none',
            createdBy: actor!.userId,
          })
          .returning();
        return { value: v!, subjectType: 'member_visit', subjectId: v!.id, cityId: v!.cityId, regionPath: v!.regionPath, detail: { type: v!.type, householdId: v!.householdId, followUp: !!b.followUp } };
      });
      return reply.code(201).send({ visit: presentVisit(v, await memberNames([v.memberId])) });
    },
  );

  app.get(
    '/api/visits',
    {
      config: { policy: rolesIn(MEMBER_READERS) },
      schema: {
        tags: ['members'],
        summary: 'Visits to households in my area',
        querystring: z.object({
          memberId: z.uuid().optional(),
          type: z.enum(VISIT_TYPES).optional(),
          followUp: z.enum(['none', 'open', 'appeal', 'done']).optional(),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const conds: SQL[] = [eq(memberVisits.cityId, req.ctx.auth!.cityId), pathInRoots(memberVisits.regionPath, scopeRootsFor(req, MEMBER_READERS))];
      if (q.memberId) conds.push(eq(memberVisits.memberId, q.memberId));
      if (q.type) conds.push(eq(memberVisits.type, q.type));
      if (q.followUp) conds.push(eq(memberVisits.followUpStatus, q.followUp));
      if (q.from) conds.push(gte(memberVisits.visitedOn, q.from));
      if (q.to) conds.push(lt(memberVisits.visitedOn, q.to));
      const rows = await db.select().from(memberVisits).where(and(...conds)).orderBy(desc(memberVisits.visitedOn), desc(memberVisits.createdAt)).limit(1000);
      const names = await memberNames(rows.map((r) => r.memberId));
      return { items: rows.map((v) => presentVisit(v, names)) };
    },
  );

  app.get(
    '/api/members/me/visits',
    { config: { policy: rolesIn(['member']) }, schema: { tags: ['members'], summary: 'My visits, newest first' } },
    async (req) => {
      const m = await myMember(req.ctx.auth!.userId);
      if (!m) return { items: [] };
      const rows = await db.select().from(memberVisits).where(eq(memberVisits.memberId, m.id)).orderBy(desc(memberVisits.visitedOn)).limit(1000);
      return { items: rows.map((v) => presentVisit(v, new Map([[m.id, m.name]]))) };
    },
  );

  /** The member who made the visit, or the grid worker and secretaries above the household. */
  const visitFollowers = rolesIn(['member', 'grid_worker', ...MEMBER_MANAGERS], async (req) => {
    const id = (req.params as { id?: string }).id;
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [v] = await db.select({ path: memberVisits.regionPath, cityId: memberVisits.cityId, memberId: memberVisits.memberId }).from(memberVisits).where(eq(memberVisits.id, id)).limit(1);
    if (!v || v.cityId !== req.ctx.auth!.cityId) return null;
    // The member who made the visit, or the grid worker and secretaries above the household.
    const staff = scopeRoots(req.ctx.auth!.grants, ['grid_worker', ...MEMBER_MANAGERS]).some((r) => v.path.startsWith(r));
    const mine = req.ctx.auth!.roles.has('member') && (await myMember(req.ctx.auth!.userId))?.id === v.memberId;
    return { regionPath: v.path, allowed: mine || staff, denied: !(mine || staff) };
  });

  app.post(
    '/api/visits/:id/follow-up-done',
    {
      config: { policy: visitFollowers, action: 'visits.follow_up_done' },
      schema: { tags: ['members'], summary: "Close a visit's open follow-up (handled without an appeal)", params: z.object({ id: z.uuid() }), body: z.object({ note: z.string().trim().max(1000).nullish() }) },
    },
    async (req) => {
      const v = await runCommand(services, req, 'visits.follow_up_done', async ({ tx }) => {
        const [cur] = await tx.select().from(memberVisits).where(eq(memberVisits.id, req.params.id)).for('update');
        if (!cur) throw notFound('visit');
        if (cur.followUpStatus !== 'open') throw new AppError(409, 'visit_follow_up_not_open', 'no open follow-up', 'id', { status: cur.followUpStatus });
        const note = req.body.note ? `${cur.note ?? ''}${cur.note ? '\n' : ''}${req.body.note}` : cur.note;
        const [v] = await tx.update(memberVisits).set({ followUpStatus: 'done', note }).where(eq(memberVisits.id, cur.id)).returning();
        return { value: v!, subjectType: 'member_visit', subjectId: cur.id, cityId: cur.cityId, regionPath: cur.regionPath, detail: { from: 'open', to: 'done' } };
      });
      return { visit: presentVisit(v, await memberNames([v.memberId])) };
    },
  );

  app.post(
    '/api/visits/:id/appeal',
    {
      config: {
        policy: visitFollowers,
        action: 'visits.to_appeal',
      },
      schema: {
        tags: ['members'],
        summary: "Turn a visit's follow-up into an appeal (接诉即办) at the household's building; once per visit",
        params: z.object({ id: z.uuid() }),
        body: z.object({ categoryId: z.uuid(), title: z.string().trim().min(1).max(100).optional(), urgency: z.enum(['normal', 'urgent']).default('normal') }),
      },
    },
    async (req, reply) => {
      const [v] = await db.select().from(memberVisits).where(eq(memberVisits.id, req.params.id)).limit(1);
      if (!v!.followUp) throw badRequest('visit_no_follow_up', 'id');
      if (v!.appealId) throw new AppError(409, 'visit_appealed', 'already an appeal', 'id', { appealId: v!.appealId });
      if (v!.followUpStatus === 'done') throw new AppError(409, 'visit_follow_up_not_open', 'follow-up closed', 'id', { status: 'done' });
      const [h] = await db.select({ address: households.address, lng: regions.lng, lat: regions.lat }).from(households).innerJoin(regions, eq(regions.id, households.buildingId)).where(eq(households.id, v!.householdId)).limit(1);
      // The appeals intake audits this request under our action; the key makes a retry return the same case.
      const out = await intake(services, req, {
        channel: 'h5',
        categoryId: req.body.categoryId,
        title: req.body.title ?? `走访跟进：${v!.followUp!.slice(0, 40)}`,
        description: v!.followUp!,
        address: h?.address ?? null,
        point: h?.lng != null && h.lat != null ? { lng: h.lng, lat: h.lat, crs: 'wgs84' } : null,
        urgency: req.body.urgency,
        anonymous: false,
        idempotencyKey: `visit:${v!.id}`,
        action: 'visits.to_appeal',
      });
      const appealId = (out as { appeal: { id: string } }).appeal.id;
      await db.update(memberVisits).set({ followUpStatus: 'appeal', appealId }).where(eq(memberVisits.id, v!.id));
      return reply.code(201).send({ appealId, visitId: v!.id });
    },
  );
}
