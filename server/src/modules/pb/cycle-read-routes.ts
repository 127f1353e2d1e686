import { and, asc, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { notFound } from '../../platform/errors.js';
import { pathInRoots, scopeRoots } from '../../platform/access/scope.js';
import { regionById } from '../regions/queries.js';
import { regions } from '../regions/schema.js';
import { voterKey } from './ballot-box.js';
import { cycleSubject, IdParam, loadCycle, myDepartments, ORGANISERS, partsOf, requirePhase, RESIDENTS } from './cycle-access.js';
import { projectVisible } from './project-access.js';
import { presentCycle, summariseProjects } from './present.js';
import { PB_PHASES, pbCycles, pbParticipation, pbProjects, pbVoterRoll } from './schema.js';

/** Everyone who may play a part in some cycle: organisers, overseers, residents, units, departments. */
export const CYCLE_READERS = [...ORGANISERS, 'org_dept', ...RESIDENTS, 'unit_admin', 'dept_handler'] as const;
/** Who lives under a cycle's region and takes part there: residents, members, units. */
const LIVING = [...RESIDENTS, 'unit_admin'] as const;

/** The list of cycles and one cycle with its projects, as the caller may see them. */
export function pbCycleReadRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/pb/cycles',
    {
      config: { policy: rolesIn(CYCLE_READERS) },
      schema: {
        tags: ['micro-projects'],
        summary: 'The cycles I play a part in (organisers above the region; residents and units under it, once out of draft; departments with a project), newest first',
        querystring: z.object({ regionId: z.uuid().optional(), phase: z.enum(PB_PHASES).optional() }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const q = req.query;
      // Organisers and overseers: cycles in their subtree. Residents, members, units: cycles above where they live.
      const above = pathInRoots(pbCycles.regionPath, scopeRoots(auth.grants, [...ORGANISERS, 'org_dept']));
      const living = auth.grants.filter((g) => (LIVING as readonly string[]).includes(g.role)).map((g) => sql`left(${g.regionPath}, length(${pbCycles.regionPath})) = ${pbCycles.regionPath}`);
      const depts = await myDepartments(db, auth);
      const mine: SQL[] = [above];
      if (living.length) mine.push(and(ne(pbCycles.phase, 'draft'), or(...living))!);
      if (depts.length) {
        mine.push(
          and(
            ne(pbCycles.phase, 'draft'),
            sql`exists (select 1 from ${pbProjects} where ${pbProjects.cycleId} = ${pbCycles.id} and ${inArray(pbProjects.departmentId, depts)})`,
          )!,
        );
      }
      const filters: SQL[] = [eq(pbCycles.cityId, auth.cityId), or(...mine)!];
      if (q.phase) filters.push(eq(pbCycles.phase, q.phase));
      if (q.regionId) {
        const r = await regionById(db, q.regionId);
        if (!r || r.cityId !== auth.cityId) throw notFound('region', 'regionId');
        filters.push(pathInRoots(pbCycles.regionPath, [r.path]));
      }
      const rows = await db
        .select({
          cycle: pbCycles,
          regionName: regions.name,
          // The outer cycle named with its table: drizzle writes a lone column unqualified, which inside the subquery would
          // mean the project's own id.
          projectCount: sql<number>`(select count(*)::int from ${pbProjects} p where p.cycle_id = "pb_cycles"."id" and p.status <> 'merged')`,
        })
        .from(pbCycles)
        .innerJoin(regions, eq(regions.id, pbCycles.regionId))
        .where(and(...filters))
        .orderBy(desc(pbCycles.createdAt), desc(pbCycles.id))
        .limit(500);
      return { cycles: rows.map((r) => ({ ...presentCycle(r.cycle), regionName: r.regionName, projectCount: Number(r.projectCount) })) };
    },
  );

  app.get(
    '/api/pb/cycles/:id',
    {
      config: { policy: rolesIn(CYCLE_READERS, cycleSubject(db, ['organiser', 'overseer', 'resident', 'unit', 'department'])) },
      schema: { tags: ['micro-projects'], summary: 'A cycle with its projects, my parts in it and whether I am on its roll and have voted', params: IdParam },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const c = (await loadCycle(db, req.params.id))!;
      const parts = await partsOf(db, auth, c);
      // Drafts are the organisers' (and overseers') until the call for proposals opens.
      requirePhase(auth, 'read', c, parts);
      const depts = parts.has('department') ? await myDepartments(db, auth) : [];
      const projects = (await db.select().from(pbProjects).where(eq(pbProjects.cycleId, c.id)).orderBy(asc(pbProjects.number))).filter((p) => projectVisible(p, parts, auth, depts));
      let me = { onRoll: false, voted: false };
      if (parts.has('resident')) {
        const [onRoll] = await db.select({ u: pbVoterRoll.userId }).from(pbVoterRoll).where(and(eq(pbVoterRoll.cycleId, c.id), eq(pbVoterRoll.userId, auth.userId))).limit(1);
        const key = voterKey(services, c.id, { userId: auth.userId });
        const [voted] = await db.select({ k: pbParticipation.voterKey }).from(pbParticipation).where(and(eq(pbParticipation.cycleId, c.id), eq(pbParticipation.voterKey, key))).limit(1);
        me = { onRoll: !!onRoll, voted: !!voted };
      }
      return { cycle: presentCycle(c), parts: [...parts], me, projects: await summariseProjects(db, projects) };
    },
  );
}
