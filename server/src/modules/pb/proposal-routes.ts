import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { cycleSubject, ORGANISERS, partsIn, RESIDENTS, requirePhase, IdParam, yuanToFen } from './cycle-access.js';
import type { PbPart } from './phase-permissions.js';
import { claimPhotos } from '../../platform/files/claim.js';
import { summariseProject } from './present.js';
import { pbCycles, pbProjects } from './schema.js';

const Id = IdParam;

/**
 * Who a proposal is by: a unit or social organisation (公益创投) entered by the organisers or by a unit, named; a
 * resident; a unit (its administrator's account name); the community. 403 naming `onBehalfOf` for anyone else.
 */
function proposerOf(parts: ReadonlySet<PbPart>, displayName: string, onBehalfOf?: { kind: 'unit' | 'social_org'; name: string }) {
  if (onBehalfOf) {
    if (!parts.has('organiser') && !parts.has('unit')) throw new AppError(403, 'forbidden', 'only organisers and units propose on behalf of an organisation', 'onBehalfOf');
    return { kind: onBehalfOf.kind, name: onBehalfOf.name };
  }
  if (parts.has('resident')) return { kind: 'resident' as const, name: null };
  if (parts.has('unit')) return { kind: 'unit' as const, name: displayName };
  return { kind: 'community' as const, name: null };
}


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
      config: { policy: rolesIn([...RESIDENTS, ...ORGANISERS, 'unit_admin'], cycleSubject(db, ['resident', 'organiser', 'unit'])), action: 'pb.propose' },
      schema: {
        tags: ['micro-projects'],
        summary:
          'Propose a micro-project (residents, units and the community, during the proposals phase); photos are ids from POST /api/files; organisers enter a unit’s or social organisation’s proposal with onBehalfOf',
        params: Id,
        body: z.object({
          title: z.string().trim().min(1).max(100),
          description: z.string().trim().min(1).max(5000),
          estimatedCostYuan: z.number().positive().max(1_000_000_000),
          address: z.string().trim().max(200).optional(),
          point: z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
          photos: z.array(z.uuid()).max(9).default([]),
          onBehalfOf: z.object({ kind: z.enum(['unit', 'social_org']), name: z.string().trim().min(1).max(100) }).optional(),
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
        const proposer = proposerOf(parts, auth.displayName, b.onBehalfOf);
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
            proposerKind: proposer.kind,
            proposerName: proposer.name,
            address: b.address ?? null,
            lng: b.point?.lng ?? null,
            lat: b.point?.lat ?? null,
            estimatedCostFen: yuanToFen(b.estimatedCostYuan),
            photos: b.photos,
          })
          .returning();
        await claimPhotos(tx, auth.userId, b.photos, { type: 'pb_project', id: p!.id });
        return {
          value: p!,
          subjectType: 'pb_project',
          subjectId: p!.id,
          cityId: c.cityId,
          regionPath: c.regionPath,
          detail: { cycleId: c.id, number: p!.number, proposerKind: proposer.kind, photos: b.photos.length },
        };
      });
      return reply.code(201).send({ project: await summariseProject(db, project) });
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
}
