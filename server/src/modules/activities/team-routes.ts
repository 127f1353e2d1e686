import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { pathInRoots, scopeRoots } from '../../platform/access/scope.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { roleGrants } from '../../platform/access/schema.js';
import { regionById } from '../regions/queries.js';
import { IdParam, MAY_ORGANISE, ORGANISERS, READERS, teamManagerSubject } from './access.js';
import { presentTeam } from './present.js';
import { volunteerTeamMembers, volunteerTeams } from './schema.js';

const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

/** A team member lives under the team's region: a member or resident grant there. */
async function livesUnder(db: DbOrTx, userId: string, path: string): Promise<boolean> {
  const rows = await db
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, userId), inArray(roleGrants.role, ['member', 'resident']), pathInRoots(roleGrants.regionPath, [path])))
    .limit(1);
  return rows.length > 0;
}

async function teamMembers(db: DbOrTx, teamId: string) {
  return db
    .select({ userId: volunteerTeamMembers.userId, displayName: users.displayName, role: volunteerTeamMembers.role })
    .from(volunteerTeamMembers)
    .innerJoin(users, eq(users.id, volunteerTeamMembers.userId))
    .where(eq(volunteerTeamMembers.teamId, teamId))
    .orderBy(asc(volunteerTeamMembers.role), asc(users.displayName));
}

/** Volunteer teams 志愿服务队: created by the community (or above), run by their leaders. */
export function teamRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/volunteer-teams',
    {
      config: {
        policy: rolesIn(ORGANISERS, async (req) => {
          const r = await regionById(db, (req.body as { regionId: string }).regionId);
          return r && r.cityId === req.ctx.auth!.cityId ? { regionPath: r.path } : null;
        }),
        action: 'activities.team_create',
      },
      schema: { tags: ['activities'], summary: 'Create a volunteer team in a region', body: z.object({ regionId: z.uuid(), name: z.string().trim().min(1).max(100) }) },
    },
    async (req, reply) => {
      const region = (await regionById(db, req.body.regionId))!;
      const team = await runCommand(services, req, 'activities.team_create', async ({ tx }) => {
        const [t] = await tx.insert(volunteerTeams).values({ cityId: region.cityId, regionId: region.id, regionPath: region.path, name: req.body.name, createdBy: req.ctx.auth!.userId }).returning();
        return { value: t!, subjectType: 'volunteer_team', subjectId: t!.id, cityId: t!.cityId, regionPath: t!.regionPath };
      });
      return reply.code(201).send({ team: presentTeam(team, []) });
    },
  );

  app.get(
    '/api/volunteer-teams',
    {
      config: { policy: rolesIn(READERS) },
      schema: { tags: ['activities'], summary: 'Teams in my area, teams above where I live, and my own teams', querystring: z.object({ regionId: z.uuid().optional() }) },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const mine: SQL[] = [
        pathInRoots(volunteerTeams.regionPath, scopeRoots(auth.grants, [...ORGANISERS, 'org_dept', 'unit_admin'])),
        sql`exists (select 1 from ${volunteerTeamMembers} m where m.team_id = ${volunteerTeams.id} and m.user_id = ${auth.userId})`,
      ];
      for (const g of auth.grants) {
        if (g.role === 'member' || g.role === 'resident') mine.push(sql`left(${g.regionPath}, length(${volunteerTeams.regionPath})) = ${volunteerTeams.regionPath}`);
      }
      const filters: SQL[] = [eq(volunteerTeams.cityId, auth.cityId), or(...mine)!];
      if (req.query.regionId) {
        const r = await regionById(db, req.query.regionId);
        if (!r || r.cityId !== auth.cityId) throw notFound('region', 'regionId');
        filters.push(pathInRoots(volunteerTeams.regionPath, [r.path]));
      }
      const rows = await db
        .select({ t: volunteerTeams, members: sql<number>`(select count(*)::int from ${volunteerTeamMembers} m where m.team_id = "volunteer_teams"."id")` })
        .from(volunteerTeams)
        .where(and(...filters))
        .orderBy(asc(volunteerTeams.name))
        .limit(500);
      return { items: rows.map((r) => ({ ...presentTeam(r.t), memberCount: Number(r.members) })) };
    },
  );

  app.get(
    '/api/volunteer-teams/:id',
    {
      config: { policy: rolesIn(MAY_ORGANISE, teamManagerSubject(db)) },
      schema: { tags: ['activities'], summary: 'A team with its leaders and members (organisers above it, its leaders)', params: IdParam },
    },
    async (req) => {
      const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, req.params.id)).limit(1);
      return { team: presentTeam(t!, await teamMembers(db, t!.id)) };
    },
  );

  app.post(
    '/api/volunteer-teams/:id/members',
    {
      config: { policy: rolesIn(MAY_ORGANISE, teamManagerSubject(db)), action: 'activities.team_member_set' },
      schema: {
        tags: ['activities'],
        summary: 'Add a member or leader (a member or resident living under the team region), or change their role',
        params: IdParam,
        body: z.object({ userId: z.uuid(), role: z.enum(['leader', 'member']).default('member') }),
      },
    },
    async (req) => {
      const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, req.params.id)).limit(1);
      if (!(await livesUnder(db, req.body.userId, t!.regionPath))) throw badRequest('activity_team_member_not_local', 'userId');
      await runCommand(services, req, 'activities.team_member_set', async ({ tx }) => {
        await tx
          .insert(volunteerTeamMembers)
          .values({ teamId: t!.id, userId: req.body.userId, role: req.body.role })
          .onConflictDoUpdate({ target: [volunteerTeamMembers.teamId, volunteerTeamMembers.userId], set: { role: req.body.role } });
        return { value: null, subjectType: 'volunteer_team', subjectId: t!.id, cityId: t!.cityId, regionPath: t!.regionPath, detail: { userId: req.body.userId, role: req.body.role } };
      });
      return { team: presentTeam(t!, await teamMembers(db, t!.id)) };
    },
  );

  app.delete(
    '/api/volunteer-teams/:id/members/:userId',
    {
      config: { policy: rolesIn(MAY_ORGANISE, teamManagerSubject(db)), action: 'activities.team_member_remove' },
      schema: { tags: ['activities'], summary: 'Remove a member from the team', params: MemberParams },
    },
    async (req) => {
      const [t] = await db.select().from(volunteerTeams).where(eq(volunteerTeams.id, req.params.id)).limit(1);
      await runCommand(services, req, 'activities.team_member_remove', async ({ tx }) => {
        const gone = await tx
          .delete(volunteerTeamMembers)
          .where(and(eq(volunteerTeamMembers.teamId, t!.id), eq(volunteerTeamMembers.userId, req.params.userId)))
          .returning({ u: volunteerTeamMembers.userId });
        if (!gone.length) throw notFound('volunteer_team_member', 'userId');
        return { value: null, subjectType: 'volunteer_team', subjectId: t!.id, cityId: t!.cityId, regionPath: t!.regionPath, detail: { userId: req.params.userId } };
      });
      return { team: presentTeam(t!, await teamMembers(db, t!.id)) };
    },
  );
}
