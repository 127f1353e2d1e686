import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import type { Role } from '../../platform/access/roles.js';
import type { Tx } from '../../platform/db/client.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { cycleSubject, IdParam, ORGANISERS, partsOf, RESIDENTS, requirePhase, type CycleRow } from './cycle-access.js';
import type { PbPart } from './phase-permissions.js';
import { maskedNames } from './masked-names.js';
import { READER_PARTS, READERS } from './deliberation-routes.js';
import { pbCycles, pbObjections, pbProjects } from './schema.js';

const Id = IdParam;

/** Who raises objections (the phase table says when: publicity): residents and units of the cycle. */
const OBJECTORS: readonly Role[] = [...RESIDENTS, 'unit_admin'];
const OBJECTOR_PARTS: readonly PbPart[] = ['resident', 'unit'];

/**
 * What must hold before a cycle leaves its phase, checked by the advance command inside its transaction, on the
 * cycle row it locked. Publicity (公示) ends only once the result is published (409 `pb_not_published`) and every
 * objection raised is answered (409 `pb_objections_open`). Objections are inserted under a share lock of the same
 * row, so none slips in between this check and the move.
 */
export async function checkLeavingPhase(tx: Tx, cycle: CycleRow): Promise<void> {
  if (cycle.phase !== 'publicity') return;
  if (!cycle.publishedAt) throw new AppError(409, 'pb_not_published', 'publish the result before the publicity phase ends');
  const [open] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(pbObjections)
    .where(and(eq(pbObjections.cycleId, cycle.id), isNull(pbObjections.answeredAt)));
  if ((open?.n ?? 0) > 0) throw new AppError(409, 'pb_objections_open', 'objections wait for an answer', undefined, { count: open!.n });
}

type ObjectionRow = typeof pbObjections.$inferSelect;

function presentObjection(o: ObjectionRow, projectNumber: number | null, names: Map<string, string>, me: string) {
  return {
    id: o.id,
    projectId: o.projectId,
    projectNumber,
    authorName: names.get(o.authorUserId) ?? null,
    body: o.body,
    answer: o.answer,
    upheld: o.upheld,
    answeredAt: o.answeredAt?.toISOString() ?? null,
    createdAt: o.createdAt.toISOString(),
    mine: o.authorUserId === me,
  };
}

/**
 * Objections (异议) during publicity (公示): residents and units object to the published result or to one project;
 * the organisers answer each one, upholding it or not, before the cycle moves on to approval. Residents see the
 * answered objections and their own; organisers and overseers see all.
 */
export function pbObjectionRoutes(app: App, services: Services) {
  const { db } = services.database;
  const objectionCycle = async (req: { params: unknown }) => {
    const id = (req.params as { id?: string }).id;
    return id ? (await db.select({ c: pbObjections.cycleId }).from(pbObjections).where(eq(pbObjections.id, id)).limit(1))[0]?.c : undefined;
  };
  const numberOf = async (tx: Tx, projectId: string | null) =>
    projectId ? ((await tx.select({ n: pbProjects.number }).from(pbProjects).where(eq(pbProjects.id, projectId)))[0]?.n ?? null) : null;

  app.get(
    '/api/pb/cycles/:id/objections',
    {
      config: { policy: rolesIn(READERS, cycleSubject(db, READER_PARTS)) },
      schema: { tags: ['micro-projects'], summary: "The cycle's objections: organisers and overseers all, residents the answered ones and their own", params: Id },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const [c] = await db.select().from(pbCycles).where(eq(pbCycles.id, req.params.id));
      const parts = await partsOf(db, auth, c!);
      requirePhase(auth, 'read', c!, parts);
      const seesAll = parts.has('organiser') || parts.has('overseer');
      const rows = await db
        .select({ o: pbObjections, number: pbProjects.number })
        .from(pbObjections)
        .leftJoin(pbProjects, eq(pbProjects.id, pbObjections.projectId))
        .where(and(eq(pbObjections.cycleId, c!.id), seesAll ? undefined : or(sql`${pbObjections.answeredAt} is not null`, eq(pbObjections.authorUserId, auth.userId))))
        .orderBy(asc(pbObjections.createdAt), asc(pbObjections.id));
      const names = await maskedNames(db, rows.map((r) => r.o.authorUserId));
      return { objections: rows.map((r) => presentObjection(r.o, r.number, names, auth.userId)) };
    },
  );

  app.post(
    '/api/pb/cycles/:id/objections',
    {
      config: { policy: rolesIn(OBJECTORS, cycleSubject(db, OBJECTOR_PARTS)), action: 'pb.object' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Object to the published result, or to one project of it (publicity phase, after publication)',
        params: Id,
        body: z.object({ body: z.string().trim().min(1).max(2000), projectId: z.uuid().optional() }),
      },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const out = await runCommand(services, req, 'pb.object', async ({ tx }) => {
        // A share lock on the cycle: the advance out of publicity (which locks it for update) waits for this
        // objection and then sees it, or runs first and this one finds the phase over.
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id)).for('share');
        if (!c) throw notFound('pb_cycle');
        requirePhase(auth, 'object', c);
        if (!c.publishedAt) throw new AppError(409, 'pb_not_published', 'the result is not published yet');
        let number: number | null = null;
        if (req.body.projectId) {
          const [p] = await tx.select({ n: pbProjects.number }).from(pbProjects).where(and(eq(pbProjects.id, req.body.projectId), eq(pbProjects.cycleId, c.id)));
          if (!p) throw badRequest('pb_project_not_in_cycle', 'projectId', { count: 1 });
          number = p.n;
        }
        const [o] = await tx.insert(pbObjections).values({ cycleId: c.id, projectId: req.body.projectId ?? null, authorUserId: auth.userId, body: req.body.body }).returning();
        return { value: { o: o!, number }, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { objectionId: o!.id, projectNumber: number } };
      });
      return reply.code(201).send({ objection: presentObjection(out.o, out.number, await maskedNames(db, [out.o.authorUserId]), auth.userId) });
    },
  );

  app.post(
    '/api/pb/objections/:id/answer',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'], objectionCycle)), action: 'pb.objection_answer' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Answer an objection, upholding it or not; once (publicity and approval phases)',
        params: Id,
        body: z.object({ answer: z.string().trim().min(1).max(2000), upheld: z.boolean() }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const out = await runCommand(services, req, 'pb.objection_answer', async ({ tx }) => {
        const [o] = await tx.select().from(pbObjections).where(eq(pbObjections.id, req.params.id)).for('update');
        if (!o) throw notFound('pb_objection');
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, o.cycleId));
        requirePhase(auth, 'answer_objection', c!);
        if (o.answeredAt) throw new AppError(409, 'pb_objection_answered', 'this objection was answered already');
        const [u] = await tx
          .update(pbObjections)
          .set({ answer: req.body.answer, upheld: req.body.upheld, answeredBy: auth.userId, answeredAt: new Date() })
          .where(eq(pbObjections.id, o.id))
          .returning();
        return { value: { o: u!, number: await numberOf(tx, u!.projectId) }, subjectType: 'pb_cycle', subjectId: c!.id, cityId: c!.cityId, regionPath: c!.regionPath, detail: { objectionId: o.id, upheld: req.body.upheld } };
      });
      return { objection: presentObjection(out.o, out.number, await maskedNames(db, [out.o.authorUserId]), auth.userId) };
    },
  );
}
