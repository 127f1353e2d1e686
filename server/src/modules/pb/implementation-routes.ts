import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, notFound } from '../../platform/errors.js';
import { cycleSubject, ORGANISERS, partsOf, RESIDENTS, requirePhase, IdParam, fenToYuan, yuanToFen } from './cycle-access.js';
import { claimPhotos } from '../../platform/files/claim.js';
import { projectSubject } from './project-access.js';
import { pbCycles, pbMilestones, pbProjectRatings, pbProjects } from './schema.js';

const Id = IdParam;
const yuan = fenToYuan;

/**
 * Approval (立项), implementation (实施) and evaluation (议评): the selected projects are approved; progress is
 * recorded as milestones with spending and photos; residents rate finished projects; every project's state is
 * readable by the community (like Decidim's accountability).
 */
export function pbImplementationRoutes(app: App, services: Services) {
  const { db } = services.database;
  const projectCycle = async (req: { params: unknown }) => {
    const id = (req.params as { id?: string }).id;
    return id ? (await db.select({ c: pbProjects.cycleId }).from(pbProjects).where(eq(pbProjects.id, id)).limit(1))[0]?.c : undefined;
  };
  const lockProject = async (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], id: string) => {
    const [p] = await tx.select().from(pbProjects).where(eq(pbProjects.id, id)).for('update');
    if (!p) throw notFound('pb_project');
    const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, p.cycleId));
    return { p, c: c! };
  };

  app.post(
    '/api/pb/cycles/:id/approve',
    {
      config: { policy: rolesIn([...ORGANISERS, 'org_dept'], cycleSubject(db, ['organiser', 'overseer'])), action: 'pb.approve' },
      schema: { tags: ['micro-projects'], summary: 'Approve the selected projects for implementation (立项)', params: Id },
    },
    async (req) => {
      const approved = await runCommand(services, req, 'pb.approve', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id)).for('update');
        if (!c) throw notFound('pb_cycle');
        requirePhase(req.ctx.auth!, 'approve', c);
        const rows = await tx
          .update(pbProjects)
          .set({ status: 'approved', updatedAt: new Date() })
          .where(and(eq(pbProjects.cycleId, c.id), eq(pbProjects.status, 'selected')))
          .returning({ number: pbProjects.number });
        return { value: rows.map((r) => r.number).sort((a, b) => a - b), subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { approved: rows.length } };
      });
      return { approved };
    },
  );

  app.post(
    '/api/pb/projects/:id/milestones',
    {
      config: { policy: rolesIn([...ORGANISERS, 'dept_handler'], projectSubject(db, ['organiser', 'department'], 'project')), action: 'pb.milestone' },
      schema: {
        tags: ['micro-projects'],
        summary:
          'Record progress of an approved project (organisers, and the department responsible for it): what was done, what it cost, photos (ids from POST /api/files); `done` finishes it',
        params: Id,
        body: z.object({
          title: z.string().trim().min(1).max(200),
          note: z.string().trim().max(2000).optional(),
          spentYuan: z.number().min(0).max(1_000_000_000).default(0),
          photos: z.array(z.uuid()).max(20).default([]),
          done: z.boolean().default(false),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const out = await runCommand(services, req, 'pb.milestone', async ({ tx }) => {
        const { p, c } = await lockProject(tx, req.params.id);
        requirePhase(req.ctx.auth!, 'track', c, await partsOf(tx, req.ctx.auth!, c, p.id));
        if (!['approved', 'in_progress'].includes(p.status)) throw new AppError(409, 'pb_project_not_in_progress', 'only an approved project in progress records milestones');
        const [m] = await tx
          .insert(pbMilestones)
          .values({ projectId: p.id, title: b.title, note: b.note ?? null, spentFen: yuanToFen(b.spentYuan), photos: b.photos, createdBy: req.ctx.auth!.userId })
          .returning({ id: pbMilestones.id });
        await claimPhotos(tx, req.ctx.auth!.userId, b.photos, { type: 'pb_milestone', id: m!.id });
        const status = b.done ? 'done' : 'in_progress';
        await tx.update(pbProjects).set({ status, updatedAt: new Date() }).where(eq(pbProjects.id, p.id));
        return { value: status, subjectType: 'pb_project', subjectId: p.id, cityId: c.cityId, regionPath: c.regionPath, detail: { status, spentFen: String(Math.round(b.spentYuan * 100)) } };
      });
      return reply.code(201).send({ status: out });
    },
  );

  app.post(
    '/api/pb/projects/:id/rating',
    {
      config: { policy: rolesIn(RESIDENTS, cycleSubject(db, ['resident'], projectCycle)), action: 'pb.project_rate' },
      schema: {
        tags: ['micro-projects'],
        summary: 'A resident rates a finished project (1–5 stars), once, changeable during evaluation',
        params: Id,
        body: z.object({ stars: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() }),
      },
    },
    async (req) => {
      await runCommand(services, req, 'pb.project_rate', async ({ tx }) => {
        const { p, c } = await lockProject(tx, req.params.id);
        requirePhase(req.ctx.auth!, 'rate', c);
        if (p.status !== 'done') throw new AppError(409, 'pb_project_not_done', 'only a finished project is rated');
        await tx
          .insert(pbProjectRatings)
          .values({ projectId: p.id, userId: req.ctx.auth!.userId, stars: req.body.stars, comment: req.body.comment ?? null })
          .onConflictDoUpdate({ target: [pbProjectRatings.projectId, pbProjectRatings.userId], set: { stars: req.body.stars, comment: req.body.comment ?? null, updatedAt: new Date() } });
        return { value: null, subjectType: 'pb_project', subjectId: p.id, cityId: c.cityId, regionPath: c.regionPath, detail: { stars: req.body.stars } };
      });
      return { ok: true };
    },
  );

  app.get(
    '/api/pb/cycles/:id/accountability',
    {
      config: { policy: rolesIn([...ORGANISERS, 'org_dept', ...RESIDENTS], cycleSubject(db, ['organiser', 'overseer', 'resident'])) },
      schema: { tags: ['micro-projects'], summary: "Every approved project's state: milestones, spending against its cost, residents' ratings", params: Id },
    },
    async (req) => {
      const projects = await db
        .select()
        .from(pbProjects)
        .where(and(eq(pbProjects.cycleId, req.params.id), inArray(pbProjects.status, ['approved', 'in_progress', 'done', 'evaluated'])))
        .orderBy(asc(pbProjects.number));
      const ids = projects.map((p) => p.id);
      const milestones = ids.length ? await db.select().from(pbMilestones).where(inArray(pbMilestones.projectId, ids)).orderBy(asc(pbMilestones.createdAt)) : [];
      const ratings = ids.length
        ? ((await db.execute(sql`select project_id, count(*)::int as n, avg(stars)::float8 as avg from ${pbProjectRatings} where project_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) group by project_id`)) as unknown as {
            rows: Array<{ project_id: string; n: number; avg: number }>;
          }).rows
        : [];
      return {
        items: projects.map((p) => {
          const ms = milestones.filter((m) => m.projectId === p.id);
          const r = ratings.find((x) => x.project_id === p.id);
          return {
            id: p.id,
            number: p.number,
            title: p.title,
            status: p.status,
            costYuan: p.officialCostFen === null ? null : yuan(p.officialCostFen),
            spentYuan: yuan(ms.reduce((a, m) => a + m.spentFen, 0n)),
            milestones: ms.map((m) => ({ title: m.title, note: m.note, spentYuan: yuan(m.spentFen), photos: m.photos, at: m.createdAt.toISOString() })),
            rating: r ? { count: r.n, average: Math.round(r.avg * 10) / 10 } : null,
          };
        }),
      };
    },
  );
}
