import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { roleGrants } from '../../platform/access/schema.js';
import { inSubtree } from '../../platform/access/scope.js';
import { cycleSubject, ORGANISERS, partsIn, RESIDENTS, requirePhase, IdParam, yuanToFen } from './cycle-access.js';
import { pbCycles, pbProjects, pbVoterRoll } from './schema.js';

const Id = IdParam;


export function pbProposalRoutes(app: App, services: Services) {
  const { db } = services.database;
  const projectCycle = async (req: { params: unknown }) => {
    const id = (req.params as { id?: string }).id;
    if (!id) return undefined;
    return (await db.select({ cycleId: pbProjects.cycleId }).from(pbProjects).where(eq(pbProjects.id, id)).limit(1))[0]?.cycleId;
  };

  app.post(
    '/api/pb/cycles/:id/projects',
    {
      config: { policy: rolesIn([...RESIDENTS, ...ORGANISERS], cycleSubject(db, ['resident', 'organiser'])), action: 'pb.propose' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Propose a micro-project (residents and the community, during the proposals phase)',
        params: Id,
        body: z.object({
          title: z.string().trim().min(1).max(100),
          description: z.string().trim().min(1).max(5000),
          estimatedCostYuan: z.number().positive().max(1_000_000_000),
          address: z.string().trim().max(200).optional(),
          point: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
        }),
      },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const b = req.body;
      const project = await runCommand(services, req, 'pb.propose', async ({ tx }) => {
        // The cycle row is locked so that numbers are drawn one at a time.
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id)).for('update');
        if (!c) throw notFound('pb_cycle');
        const parts = partsIn(auth, c);
        requirePhase(auth, 'propose', c);
        const last = (await tx.execute(sql`select coalesce(max(number), 0)::int as n from ${pbProjects} where cycle_id = ${c.id}`)) as unknown as { rows: Array<{ n: number }> };
        const n = last.rows[0]?.n ?? 0;
        const [p] = await tx
          .insert(pbProjects)
          .values({
            cycleId: c.id,
            number: n + 1,
            title: b.title,
            description: b.description,
            proposerUserId: auth.userId,
            proposerKind: parts.has('organiser') && !parts.has('resident') ? 'community' : 'resident',
            address: b.address ?? null,
            lng: b.point?.lng ?? null,
            lat: b.point?.lat ?? null,
            estimatedCostFen: yuanToFen(b.estimatedCostYuan),
          })
          .returning();
        return { value: p!, subjectType: 'pb_project', subjectId: p!.id, cityId: c.cityId, regionPath: c.regionPath, detail: { cycleId: c.id, number: p!.number } };
      });
      return reply.code(201).send({ project: { id: project.id, number: project.number, title: project.title, status: project.status } });
    },
  );

  app.post(
    '/api/pb/projects/:id/review',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'], projectCycle)), action: 'pb.review' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Review a proposal: put it on the ballot with its official cost, or reject it with a reason',
        params: Id,
        body: z.object({
          decision: z.enum(['on_ballot', 'rejected']),
          officialCostYuan: z.number().int().positive().max(1_000_000_000).optional(),
          reason: z.string().trim().min(1).max(1000).optional(),
          departmentId: z.uuid().optional(),
        }),
      },
    },
    async (req) => {
      const b = req.body;
      if (b.decision === 'on_ballot' && b.officialCostYuan === undefined) throw badRequest('validation', 'officialCostYuan', { detail: 'a project on the ballot needs its official cost (whole yuan)' });
      if (b.decision === 'rejected' && !b.reason) throw badRequest('validation', 'reason', { detail: 'a rejection needs a reason' });
      const updated = await runCommand(services, req, 'pb.review', async ({ tx }) => {
        const [p] = await tx.select().from(pbProjects).where(eq(pbProjects.id, req.params.id)).for('update');
        if (!p) throw notFound('pb_project');
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, p.cycleId));
        requirePhase(req.ctx.auth!, 'review', c!);
        if (!['proposed', 'on_ballot', 'rejected'].includes(p.status)) throw new AppError(409, 'pb_project_not_reviewable', 'the project is past review');
        const [u] = await tx
          .update(pbProjects)
          .set({
            status: b.decision,
            feasibility: b.decision === 'on_ballot' ? 'feasible' : 'infeasible',
            officialCostFen: b.decision === 'on_ballot' ? yuanToFen(b.officialCostYuan!) : p.officialCostFen,
            rejectionReason: b.decision === 'rejected' ? b.reason! : null,
            departmentId: b.departmentId ?? p.departmentId,
            version: p.version + 1,
            updatedAt: new Date(),
          })
          .where(eq(pbProjects.id, p.id))
          .returning();
        return { value: u!, subjectType: 'pb_project', subjectId: p.id, cityId: c!.cityId, regionPath: c!.regionPath, detail: { decision: b.decision } };
      });
      return { project: { id: updated.id, number: updated.number, status: updated.status, costYuan: updated.officialCostFen === null ? null : Number(updated.officialCostFen) / 100 } };
    },
  );

  app.post(
    '/api/pb/cycles/:id/voters',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.voters_add' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Put verified residents on the cycle’s voter roll (residents or members living under its region)',
        params: Id,
        body: z.object({ userIds: z.array(z.uuid()).min(1).max(5000) }),
      },
    },
    async (req) => {
      const ids = [...new Set(req.body.userIds)];
      const added = await runCommand(services, req, 'pb.voters_add', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id));
        if (!c) throw notFound('pb_cycle');
        requirePhase(req.ctx.auth!, 'manage_voters', c);
        const grants = await tx
          .select({ userId: roleGrants.userId, path: roleGrants.regionPath })
          .from(roleGrants)
          .where(and(inArray(roleGrants.userId, ids), inArray(roleGrants.role, [...RESIDENTS])));
        const living = new Set(grants.filter((g) => inSubtree(g.path, c.regionPath)).map((g) => g.userId));
        const outside = ids.filter((id) => !living.has(id));
        if (outside.length) throw badRequest('pb_not_a_resident', 'userIds', { count: outside.length });
        const rows = await tx
          .insert(pbVoterRoll)
          .values(ids.map((userId) => ({ cycleId: c.id, userId, addedBy: req.ctx.auth!.userId })))
          .onConflictDoNothing()
          .returning({ userId: pbVoterRoll.userId });
        return { value: rows.length, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { added: rows.length, asked: ids.length } };
      });
      return { added };
    },
  );
}
