import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { departmentsOfUser } from '../departments/queries.js';
import { summariseProjects } from './present.js';
import { pbCycles, pbProjects } from './schema.js';

/** A responsible department's work: the projects whose department the handler belongs to, in every cycle. */
export function pbDepartmentRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/pb/department-projects',
    {
      config: { policy: rolesIn(['dept_handler']) },
      schema: { tags: ['micro-projects'], summary: "The micro-projects my departments are responsible for (review, implementation), newest cycle first" },
    },
    async (req) => {
      const mine = await departmentsOfUser(db, req.ctx.auth!.userId);
      if (!mine.length) return { projects: [] };
      const rows = await db
        .select({ project: pbProjects, cycleTitle: pbCycles.title, phase: pbCycles.phase })
        .from(pbProjects)
        .innerJoin(pbCycles, eq(pbCycles.id, pbProjects.cycleId))
        .where(inArray(pbProjects.departmentId, mine))
        .orderBy(desc(pbCycles.createdAt), desc(pbCycles.id), asc(pbProjects.number))
        .limit(500);
      const summaries = await summariseProjects(db, rows.map((r) => r.project));
      return { projects: summaries.map((s, i) => ({ ...s, cycleId: rows[i]!.project.cycleId, cycleTitle: rows[i]!.cycleTitle, phase: rows[i]!.phase })) };
    },
  );
}
