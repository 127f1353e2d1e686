import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { badRequest } from '../../platform/errors.js';
import { inSubtree, pathInRoots } from '../../platform/access/scope.js';
import { users } from '../../platform/auth/schema.js';
import { regionById } from '../regions/queries.js';
import { READERS } from './access.js';
import { rankedName } from './present.js';
import { activities, activitySignups, volunteerTeams } from './schema.js';

const Query = z.object({
  regionId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  groupBy: z.enum(['user', 'team']).default('user'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** 实时通报: approved service hours ranked, by person or by team, in a region or a team, for a period. */
export function rankingRoutes(app: App, services: Services) {
  const { db } = services.database;

  // The region of the ranking (the team's region for a team's), for staff above it and people living under it.
  const subject = async (req: FastifyRequest) => {
    const q = req.query as z.infer<typeof Query>;
    let path: string | undefined;
    if (q.teamId) {
      const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, q.teamId)).limit(1);
      if (!t || t.cityId !== req.ctx.auth!.cityId) return null;
      path = t.regionPath;
    } else if (q.regionId) {
      const r = await regionById(db, q.regionId);
      if (!r || r.cityId !== req.ctx.auth!.cityId) return null;
      path = r.path;
    } else {
      throw badRequest('validation', 'regionId', { detail: 'name a region or a team' });
    }
    const lives = req.ctx.auth!.grants.some((g) => (g.role === 'member' || g.role === 'resident') && inSubtree(g.regionPath, path));
    return { regionPath: path, allowed: lives };
  };

  app.get(
    '/api/activities/rankings',
    {
      config: { policy: rolesIn(READERS, subject) },
      schema: { tags: ['activities'], summary: 'Approved service hours ranked by person (names masked) or team, in a region or a team, for a period', querystring: Query },
    },
    async (req) => {
      const q = req.query;
      const where: SQL[] = [eq(activitySignups.review, 'approved')];
      if (q.teamId) where.push(eq(activities.organiserKind, 'team'), eq(activities.organiserId, q.teamId));
      else where.push(pathInRoots(activities.regionPath, [(await regionById(db, q.regionId!))!.path]));
      if (q.from) where.push(gte(activities.startsAt, new Date(q.from)));
      if (q.to) where.push(lt(activities.startsAt, new Date(q.to)));
      const minutes = sql<number>`sum(${activitySignups.approvedMinutes})::int`;
      const count = sql<number>`count(distinct ${activities.id})::int`;
      if (q.groupBy === 'team') {
        where.push(eq(activities.organiserKind, 'team'));
        const rows = await db
          .select({ id: volunteerTeams.id, name: volunteerTeams.name, minutes, activities: count })
          .from(activitySignups)
          .innerJoin(activities, eq(activities.id, activitySignups.activityId))
          .innerJoin(volunteerTeams, eq(volunteerTeams.id, activities.organiserId))
          .where(and(...where))
          .groupBy(volunteerTeams.id, volunteerTeams.name)
          .orderBy(desc(minutes), volunteerTeams.id)
          .limit(q.limit);
        return { groupBy: 'team', items: rows.map((r, i) => ({ rank: i + 1, teamId: r.id, name: r.name, minutes: Number(r.minutes), hours: Number(r.minutes) / 60, activities: Number(r.activities) })) };
      }
      const rows = await db
        .select({ id: users.id, name: users.displayName, minutes, activities: count })
        .from(activitySignups)
        .innerJoin(activities, eq(activities.id, activitySignups.activityId))
        .innerJoin(users, eq(users.id, activitySignups.userId))
        .where(and(...where))
        .groupBy(users.id, users.displayName)
        .orderBy(desc(minutes), users.id)
        .limit(q.limit);
      return { groupBy: 'user', items: rows.map((r, i) => ({ rank: i + 1, userId: r.id, name: rankedName(r.name), minutes: Number(r.minutes), hours: Number(r.minutes) / 60, activities: Number(r.activities) })) };
    },
  );
}
