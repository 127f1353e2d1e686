import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { pathInRoots, scopeRoots } from '../../platform/access/scope.js';
import { CRS_VALUES, toWgs84, type Crs } from '../../platform/geo/crs.js';
import { regionById } from '../regions/queries.js';
import { findRule } from '../points/rules.js';
import { IdParam, MAY_ORGANISE, ORGANISERS, READERS, loadActivity, mayOrganise, organiserSubject, readerSubject } from './access.js';
import { checkOrganiser } from './organiser.js';
import { activityClock } from './clock.js';
import { presentActivity, presentSignup } from './present.js';
import { signupCounts, waitingPosition } from './queries.js';
import { ACTIVITY_AUDIENCES, ACTIVITY_STATUSES, ORGANISER_KINDS } from './lists.js';
import { activities, activitySignups } from './schema.js';

const CreateBody = z.object({
  regionId: z.uuid(),
  organiserKind: z.enum(ORGANISER_KINDS),
  /** The branch (party_orgs), team or unit; omitted for the community itself. */
  organiserId: z.uuid().nullish(),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().max(5000).default(''),
  venue: z.string().trim().min(1).max(200),
  venuePoint: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs: z.enum(CRS_VALUES as [Crs, ...Crs[]]).default('wgs84') }).nullish(),
  geofenceM: z.number().int().min(10).max(10_000).nullish(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  capacity: z.number().int().min(1).max(100_000),
  serviceItemCode: z.string().trim().min(1).max(40).nullish(),
  audience: z.enum(ACTIVITY_AUDIENCES).default('everyone'),
  partyRule: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/).default('activity_attend'),
  creditRule: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/).default('volunteer_hour'),
});

/** Creating, listing, reading, publishing, cancelling and ending activities. */
export function activityRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/activities',
    {
      config: {
        policy: rolesIn(MAY_ORGANISE, async (req) => {
          const b = req.body as z.infer<typeof CreateBody>;
          const r = await regionById(db, b.regionId);
          if (!r || r.cityId !== req.ctx.auth!.cityId) return null;
          const ok = await mayOrganise(db, req.ctx.auth!, { regionPath: r.path, organiserKind: b.organiserKind, organiserId: b.organiserId ?? null });
          return { regionPath: r.path, allowed: ok, denied: !ok };
        }),
        action: 'activities.create',
      },
      schema: { tags: ['activities'], summary: 'Create an activity (draft) of a community, branch, volunteer team or unit', body: CreateBody },
    },
    async (req, reply) => {
      const b = req.body;
      const startsAt = new Date(b.startsAt);
      const endsAt = new Date(b.endsAt);
      if (endsAt <= startsAt) throw badRequest('validation', 'endsAt', { detail: 'the end must come after the start' });
      if (b.geofenceM && !b.venuePoint) throw badRequest('validation', 'venuePoint', { detail: 'a geofence needs the venue point' });
      const region = (await regionById(db, b.regionId))!;
      await checkOrganiser(db, region, b.organiserKind, b.organiserId ?? null);
      // The points rules must be rules of the city's ledgers (modules/points).
      if (!(await findRule(db, region.cityId, 'party', b.partyRule))) throw badRequest('points_rule_unknown', 'partyRule');
      if (!(await findRule(db, region.cityId, 'credit', b.creditRule))) throw badRequest('points_rule_unknown', 'creditRule');
      const point = b.venuePoint ? toWgs84(b.venuePoint.lng, b.venuePoint.lat, b.venuePoint.crs) : null;
      const a = await runCommand(services, req, 'activities.create', async ({ tx }) => {
        const [row] = await tx
          .insert(activities)
          .values({
            cityId: region.cityId,
            regionId: region.id,
            regionPath: region.path,
            organiserKind: b.organiserKind,
            organiserId: b.organiserKind === 'community' ? null : b.organiserId!,
            title: b.title,
            description: b.description,
            venue: b.venue,
            venueLng: point?.[0] ?? null,
            venueLat: point?.[1] ?? null,
            geofenceM: b.geofenceM ?? null,
            startsAt,
            endsAt,
            capacity: b.capacity,
            serviceItemCode: b.serviceItemCode ?? null,
            audience: b.audience,
            partyRule: b.partyRule,
            creditRule: b.creditRule,
            createdBy: req.ctx.auth!.userId,
          })
          .returning();
        return { value: row!, subjectType: 'activity', subjectId: row!.id, cityId: row!.cityId, regionPath: row!.regionPath, detail: { organiserKind: row!.organiserKind, capacity: row!.capacity } };
      });
      return reply.code(201).send({ activity: presentActivity(a, { signedUp: 0, waiting: 0 }) });
    },
  );

  app.get(
    '/api/activities',
    {
      config: { policy: rolesIn(READERS) },
      schema: {
        tags: ['activities'],
        summary: 'Activities I organise, oversee or may join (drafts only for organisers), by start time, newest first',
        querystring: z.object({
          status: z.enum(ACTIVITY_STATUSES).optional(),
          regionId: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const q = req.query;
      const published = sql`${activities.status} <> 'draft'`;
      const mine: SQL[] = [pathInRoots(activities.regionPath, scopeRoots(auth.grants, ORGANISERS)), eq(activities.createdBy, auth.userId)];
      mine.push(and(published, pathInRoots(activities.regionPath, scopeRoots(auth.grants, ['org_dept', 'unit_admin'])))!);
      for (const g of auth.grants) {
        if (g.role !== 'member' && g.role !== 'resident') continue;
        const audience = g.role === 'member' ? sql`${activities.audience} <> 'residents'` : sql`${activities.audience} <> 'members'`;
        mine.push(and(published, audience, sql`left(${g.regionPath}, length(${activities.regionPath})) = ${activities.regionPath}`)!);
      }
      const filters: SQL[] = [eq(activities.cityId, auth.cityId), or(...mine)!];
      if (q.status) filters.push(eq(activities.status, q.status));
      if (q.from) filters.push(gte(activities.startsAt, new Date(q.from)));
      if (q.to) filters.push(lt(activities.startsAt, new Date(q.to)));
      if (q.regionId) {
        const r = await regionById(db, q.regionId);
        if (!r || r.cityId !== auth.cityId) throw notFound('region', 'regionId');
        filters.push(pathInRoots(activities.regionPath, [r.path]));
      }
      const rows = await db
        .select({
          a: activities,
          // The outer row named with its table: drizzle writes a lone column of the selected table unqualified, which
          // inside the subquery would mean the sign-up's own id.
          signedUp: sql<number>`(select count(*)::int from ${activitySignups} s where s.activity_id = "activities"."id" and s.status = 'signed_up')`,
          waiting: sql<number>`(select count(*)::int from ${activitySignups} s where s.activity_id = "activities"."id" and s.status = 'waiting')`,
        })
        .from(activities)
        .where(and(...filters))
        .orderBy(desc(activities.startsAt), desc(activities.id))
        .limit(500);
      return { items: rows.map((r) => presentActivity(r.a, { signedUp: Number(r.signedUp), waiting: Number(r.waiting) })) };
    },
  );

  app.get(
    '/api/activities/:id',
    {
      config: { policy: rolesIn(READERS, readerSubject(db)) },
      schema: { tags: ['activities'], summary: 'An activity, its counts, my sign-up (with my place on the waiting list) and whether I organise it', params: IdParam },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const a = (await loadActivity(db, req.params.id))!;
      const [mine] = await db.select().from(activitySignups).where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.userId, auth.userId))).limit(1);
      return {
        activity: presentActivity(a, await signupCounts(db, a.id)),
        organiser: await mayOrganise(db, auth, a),
        mySignup: mine ? presentSignup(mine, mine.status === 'waiting' ? await waitingPosition(db, mine) : null) : null,
      };
    },
  );

  const transition = (path: string, action: string, summary: string, body: z.ZodObject, from: readonly string[], to: 'published' | 'cancelled' | 'ended') =>
    app.post(
      `/api/activities/:id/${path}`,
      { config: { policy: rolesIn(MAY_ORGANISE, organiserSubject(db)), action }, schema: { tags: ['activities'], summary, params: IdParam, body } },
      async (req) => {
        const reason = (req.body as { reason?: string }).reason ?? null;
        const a = await runCommand(services, req, action, async ({ tx }) => {
          const [cur] = await tx.select().from(activities).where(eq(activities.id, req.params.id)).for('update');
          if (!cur) throw notFound('activity');
          if (!from.includes(cur.status)) throw new AppError(409, 'activity_wrong_status', `not allowed when ${cur.status}`, undefined, { status: cur.status });
          const now = new Date(activityClock.now());
          if (to === 'published' && cur.endsAt <= now) throw badRequest('validation', 'endsAt', { detail: 'the activity is over' });
          const [u] = await tx
            .update(activities)
            .set({ status: to, updatedAt: now, ...(to === 'published' ? { publishedAt: now } : {}), ...(to === 'cancelled' ? { cancelReason: reason } : {}) })
            .where(eq(activities.id, cur.id))
            .returning();
          return { value: u!, subjectType: 'activity', subjectId: cur.id, cityId: cur.cityId, regionPath: cur.regionPath, detail: { from: cur.status, to } };
        });
        return { activity: presentActivity(a, await signupCounts(db, a.id)) };
      },
    );

  transition('publish', 'activities.publish', 'Publish a draft: members and residents under its region see it and may sign up', z.object({}), ['draft'], 'published');
  transition('cancel', 'activities.cancel', 'Cancel an activity that has not ended', z.object({ reason: z.string().trim().min(1).max(500) }), ['draft', 'published', 'started'], 'cancelled');
  transition('end', 'activities.end', 'End an activity (its end time also ends it for the review)', z.object({}), ['published', 'started'], 'ended');
}
