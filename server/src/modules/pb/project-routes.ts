import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { fenToYuan, IdParam, ORGANISERS, requirePhase } from './cycle-access.js';
import { CYCLE_READERS } from './cycle-read-routes.js';
import { mayReadProject, projectSubject } from './project-access.js';
import { presentCycle, summariseProject } from './present.js';
import { pbCycles, pbMilestones, pbProjectRatings, pbProjects } from './schema.js';

/** A project's page (milestones, spending, ratings) and merging proposals during review and deliberation. */
export function pbProjectRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/pb/projects/:id',
    {
      config: { policy: rolesIn(CYCLE_READERS, projectSubject(db, ['organiser', 'overseer', 'resident', 'unit', 'department'])) },
      schema: { tags: ['micro-projects'], summary: 'A project with its description, milestones, spending and ratings', params: IdParam },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const found = await mayReadProject(db, auth, req.params.id);
      // Not yet reviewed (and not mine), or a draft cycle: as if it did not exist.
      if (!found) throw notFound('pb_project');
      const { p, c } = found;
      const milestones = await db.select().from(pbMilestones).where(eq(pbMilestones.projectId, p.id)).orderBy(asc(pbMilestones.createdAt), asc(pbMilestones.id));
      const [stats] = await db
        .select({ n: sql<number>`count(*)::int`, avg: sql<number | null>`avg(${pbProjectRatings.stars})::float8` })
        .from(pbProjectRatings)
        .where(eq(pbProjectRatings.projectId, p.id));
      const [mine] = await db
        .select({ stars: pbProjectRatings.stars, comment: pbProjectRatings.comment })
        .from(pbProjectRatings)
        .where(and(eq(pbProjectRatings.projectId, p.id), eq(pbProjectRatings.userId, auth.userId)));
      const finished = p.status === 'done' || p.status === 'evaluated';
      const count = Number(stats?.n ?? 0);
      return {
        project: {
          ...(await summariseProject(db, p)),
          description: p.description,
          cycleId: c.id,
          spentYuan: fenToYuan(milestones.reduce((a, m) => a + m.spentFen, 0n)),
          rating: { count, average: count && stats?.avg !== null ? Math.round(Number(stats!.avg) * 10) / 10 : null, mine: mine ?? null },
        },
        // The milestone that finished the project is its last: nothing is recorded after `done`.
        milestones: milestones.map((m, i) => ({
          id: m.id,
          title: m.title,
          note: m.note,
          spentYuan: fenToYuan(m.spentFen),
          photos: m.photos,
          done: finished && i === milestones.length - 1,
          createdAt: m.createdAt.toISOString(),
        })),
        cycle: presentCycle(c),
      };
    },
  );

  app.post(
    '/api/pb/projects/:id/merge',
    {
      config: { policy: rolesIn(ORGANISERS, projectSubject(db, ['organiser'])), action: 'pb.merge' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Merge a proposal into another of the same cycle (review and deliberation): it becomes `merged`, both proposers kept',
        params: IdParam,
        body: z.object({ intoId: z.uuid() }),
      },
    },
    async (req) => {
      if (req.body.intoId === req.params.id) throw badRequest('validation', 'intoId', { detail: 'a proposal cannot be merged into itself' });
      const merged = await runCommand(services, req, 'pb.merge', async ({ tx }) => {
        // Both rows locked, in id order, so that two merges of the same pair cannot cross.
        const locked = await tx
          .select()
          .from(pbProjects)
          .where(inArray(pbProjects.id, [req.params.id, req.body.intoId]))
          .orderBy(asc(pbProjects.id))
          .for('update');
        const p = locked.find((x) => x.id === req.params.id);
        const into = locked.find((x) => x.id === req.body.intoId);
        if (!p) throw notFound('pb_project');
        if (!into || into.cycleId !== p.cycleId) throw notFound('pb_project', 'intoId');
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, p.cycleId));
        requirePhase(req.ctx.auth!, 'review', c!);
        if (!['proposed', 'on_ballot'].includes(p.status)) throw new AppError(409, 'pb_project_not_mergeable', 'only a proposal or a project on the ballot can be merged');
        if (!['proposed', 'on_ballot'].includes(into.status)) throw new AppError(409, 'pb_merge_target_closed', 'the target is not a proposal or on the ballot', 'intoId');
        const now = new Date();
        const [u] = await tx.update(pbProjects).set({ status: 'merged', mergedIntoId: into.id, version: p.version + 1, updatedAt: now }).where(eq(pbProjects.id, p.id)).returning();
        // Proposals merged into this one earlier follow it into the target: every merged proposal names a live one.
        const followed = await tx.update(pbProjects).set({ mergedIntoId: into.id, updatedAt: now }).where(eq(pbProjects.mergedIntoId, p.id)).returning({ number: pbProjects.number });
        return {
          value: u!,
          subjectType: 'pb_project',
          subjectId: p.id,
          cityId: c!.cityId,
          regionPath: c!.regionPath,
          detail: { number: p.number, into: into.number, followed: followed.map((f) => f.number) },
        };
      });
      return { project: await summariseProject(db, merged) };
    },
  );
}
