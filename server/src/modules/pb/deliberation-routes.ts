import { asc, and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import type { Role } from '../../platform/access/roles.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { cycleSubject, fenToYuan, IdParam, loadCycle, myDepartments, ORGANISERS, partsOf, RESIDENTS, requirePhase, yuanToFen } from './cycle-access.js';
import { CYCLE_READERS } from './cycle-read-routes.js';
import { mayReadProject, projectVisible } from './project-access.js';
import { mayDo, type PbPart } from './phase-permissions.js';
import { maskedNames } from './masked-names.js';
import { pbComments, pbCycles, pbMeetings, pbProjects, type PbProjectStatus } from './schema.js';

const Id = IdParam;

/** Who reads a cycle's deliberation: everyone who may read the cycle (as GET /api/pb/cycles/:id). */
export const READERS: readonly Role[] = CYCLE_READERS;
export const READER_PARTS: readonly PbPart[] = ['organiser', 'overseer', 'resident', 'unit', 'department'];
/** Who may write a comment (the phase table then says when): residents, units, organisers, departments. */
const COMMENTERS: readonly Role[] = [...RESIDENTS, 'unit_admin', ...ORGANISERS, 'dept_handler'];
const COMMENTER_PARTS: readonly PbPart[] = ['resident', 'unit', 'organiser', 'department'];
/** The part a comment is written in, when the caller plays several: the most official one allowed now. */
const PART_ORDER: readonly PbPart[] = ['organiser', 'department', 'unit', 'resident'];
/** An amendment changes a proposal only while it is still a proposal or on the ballot (before the vote). */
const AMENDABLE: readonly PbProjectStatus[] = ['proposed', 'on_ballot'];

type CommentRow = typeof pbComments.$inferSelect;
type MeetingRow = typeof pbMeetings.$inferSelect;

export function presentComment(c: CommentRow, names: Map<string, string>) {
  const a = c.amendment;
  return {
    id: c.id,
    projectId: c.projectId,
    authorName: names.get(c.authorUserId) ?? null,
    authorPart: c.authorPart,
    body: c.body,
    createdAt: c.createdAt.toISOString(),
    amendment: a
      ? {
          ...(a.title !== undefined ? { title: a.title } : {}),
          ...(a.description !== undefined ? { description: a.description } : {}),
          ...(a.estimatedCostFen !== undefined ? { estimatedCostYuan: fenToYuan(BigInt(a.estimatedCostFen)) } : {}),
        }
      : null,
    amendmentStatus: c.amendmentStatus ?? null,
    answer: c.answer,
    decidedAt: c.decidedAt?.toISOString() ?? null,
  };
}

/** Meetings with the proposals they discussed — those the reader may see (`visible`; organisers see all). */
async function presentMeetings(db: DbOrTx, rows: MeetingRow[], visible: (p: typeof pbProjects.$inferSelect) => boolean = () => true) {
  const ids = [...new Set(rows.flatMap((m) => m.projectIds))];
  const projects = ids.length ? (await db.select().from(pbProjects).where(inArray(pbProjects.id, ids))).filter(visible).map((p) => ({ id: p.id, number: p.number, title: p.title })) : [];
  const byId = new Map(projects.map((p) => [p.id, p]));
  return rows.map((m) => ({
    id: m.id,
    title: m.title,
    heldAt: m.heldAt.toISOString(),
    place: m.place,
    attendees: m.attendees,
    minutes: m.minutes,
    projects: m.projectIds
      .map((id) => byId.get(id))
      .filter((p) => p !== undefined)
      .sort((x, y) => x.number - y.number),
  }));
}

const Amendment = z
  .object({
    title: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().min(1).max(5000).optional(),
    estimatedCostYuan: z.number().positive().max(1_000_000_000).optional(),
  })
  .strict();

/**
 * Deliberation (商议): comments on a proposal, some carrying an amendment that the organisers accept (the proposal
 * changes, its version goes up) or reject with an answer; deliberation meetings (议事会) with their minutes and the
 * proposals they discussed. See docs/modules/pb-voting.md, "Deliberation and publicity".
 */
export function pbDeliberationRoutes(app: App, services: Services) {
  const { db } = services.database;
  const projectCycle = async (req: { params: unknown }) => {
    const id = (req.params as { id?: string }).id;
    return id ? (await db.select({ c: pbProjects.cycleId }).from(pbProjects).where(eq(pbProjects.id, id)).limit(1))[0]?.c : undefined;
  };
  const commentCycle = async (req: { params: unknown }) => {
    const id = (req.params as { id?: string }).id;
    return id ? (await db.select({ c: pbComments.cycleId }).from(pbComments).where(eq(pbComments.id, id)).limit(1))[0]?.c : undefined;
  };

  app.get(
    '/api/pb/projects/:id/comments',
    {
      config: { policy: rolesIn(READERS, cycleSubject(db, READER_PARTS, projectCycle)) },
      schema: { tags: ['micro-projects'], summary: "A proposal's deliberation comments and amendments, oldest first (authors' names masked)", params: Id },
    },
    async (req) => {
      // A proposal the caller does not see (not yet reviewed and not theirs, or a draft cycle): as if it did not exist.
      if (!(await mayReadProject(db, req.ctx.auth!, req.params.id))) throw notFound('pb_project');
      const rows = await db.select().from(pbComments).where(eq(pbComments.projectId, req.params.id)).orderBy(asc(pbComments.createdAt), asc(pbComments.id));
      const names = await maskedNames(db, rows.map((r) => r.authorUserId));
      return { comments: rows.map((r) => presentComment(r, names)) };
    },
  );

  app.post(
    '/api/pb/projects/:id/comments',
    {
      config: { policy: rolesIn(COMMENTERS, cycleSubject(db, COMMENTER_PARTS, projectCycle)), action: 'pb.comment' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Comment on a proposal, optionally proposing an amendment (new title, description or estimated cost); proposals, review and deliberation phases',
        params: Id,
        body: z.object({ body: z.string().trim().min(1).max(2000), amendment: Amendment.optional() }),
      },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const a = req.body.amendment;
      if (a && a.title === undefined && a.description === undefined && a.estimatedCostYuan === undefined) {
        throw badRequest('validation', 'amendment', { detail: 'an amendment changes at least one of title, description, estimatedCostYuan' });
      }
      const out = await runCommand(services, req, 'pb.comment', async ({ tx }) => {
        const [p] = await tx.select().from(pbProjects).where(eq(pbProjects.id, req.params.id));
        if (!p) throw notFound('pb_project');
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, p.cycleId));
        const mine = await partsOf(tx, auth, c!);
        if (!projectVisible(p, mine, auth, mine.has('department') ? await myDepartments(tx, auth) : [])) throw notFound('pb_project');
        requirePhase(auth, 'comment', c!, mine);
        if (a && !AMENDABLE.includes(p.status)) throw new AppError(409, 'pb_project_not_amendable', 'only a proposal or a project on the ballot is amended', 'amendment', { status: p.status });
        const part = PART_ORDER.find((x) => mine.has(x) && mayDo(x, 'comment', c!.phase))!;
        const [row] = await tx
          .insert(pbComments)
          .values({
            cycleId: c!.id,
            projectId: p.id,
            authorUserId: auth.userId,
            authorPart: part,
            body: req.body.body,
            amendment: a
              ? {
                  ...(a.title !== undefined ? { title: a.title } : {}),
                  ...(a.description !== undefined ? { description: a.description } : {}),
                  ...(a.estimatedCostYuan !== undefined ? { estimatedCostFen: String(yuanToFen(a.estimatedCostYuan)) } : {}),
                }
              : null,
            amendmentStatus: a ? 'pending' : null,
          })
          .returning();
        return {
          value: row!,
          subjectType: 'pb_project',
          subjectId: p.id,
          cityId: c!.cityId,
          regionPath: c!.regionPath,
          detail: { commentId: row!.id, part, amendment: a ? Object.keys(a) : null },
        };
      });
      return reply.code(201).send({ comment: presentComment(out, await maskedNames(db, [out.authorUserId])) });
    },
  );

  app.post(
    '/api/pb/comments/:id/decide',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'], commentCycle)), action: 'pb.amendment_decide' },
      schema: {
        tags: ['micro-projects'],
        summary: "Accept a comment's amendment (the proposal changes) or reject it with an answer; once (review and deliberation phases)",
        params: Id,
        body: z.object({ accept: z.boolean(), answer: z.string().trim().min(1).max(2000).optional() }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const { accept, answer } = req.body;
      if (!accept && !answer) throw badRequest('validation', 'answer', { detail: 'a rejected amendment needs an answer' });
      const out = await runCommand(services, req, 'pb.amendment_decide', async ({ tx }) => {
        // The comment is locked: of two decisions at once, the second sees the first and is refused.
        const [cm] = await tx.select().from(pbComments).where(eq(pbComments.id, req.params.id)).for('update');
        if (!cm) throw notFound('pb_comment');
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, cm.cycleId));
        requirePhase(auth, 'review', c!);
        const a = cm.amendment;
        if (!a || !cm.amendmentStatus) throw new AppError(409, 'pb_no_amendment', 'this comment proposes no amendment');
        if (cm.amendmentStatus !== 'pending') throw new AppError(409, 'pb_amendment_decided', 'this amendment was decided already', undefined, { status: cm.amendmentStatus });
        let version: number | null = null;
        if (accept) {
          const [p] = await tx.select().from(pbProjects).where(eq(pbProjects.id, cm.projectId)).for('update');
          if (!p) throw notFound('pb_project');
          if (!AMENDABLE.includes(p.status)) throw new AppError(409, 'pb_project_not_amendable', 'only a proposal or a project on the ballot is amended', undefined, { status: p.status });
          version = p.version + 1;
          await tx
            .update(pbProjects)
            .set({
              ...(a.title !== undefined ? { title: a.title } : {}),
              ...(a.description !== undefined ? { description: a.description } : {}),
              ...(a.estimatedCostFen !== undefined ? { estimatedCostFen: BigInt(a.estimatedCostFen) } : {}),
              version,
              updatedAt: new Date(),
            })
            .where(eq(pbProjects.id, p.id));
        }
        const [row] = await tx
          .update(pbComments)
          .set({ amendmentStatus: accept ? 'accepted' : 'rejected', answer: answer ?? null, decidedBy: auth.userId, decidedAt: new Date() })
          .where(and(eq(pbComments.id, cm.id), eq(pbComments.amendmentStatus, 'pending')))
          .returning();
        return {
          value: row!,
          subjectType: 'pb_project',
          subjectId: cm.projectId,
          cityId: c!.cityId,
          regionPath: c!.regionPath,
          detail: { commentId: cm.id, accept, fields: Object.keys(a), ...(version !== null ? { version } : {}) },
        };
      });
      return { comment: presentComment(out, await maskedNames(db, [out.authorUserId])) };
    },
  );

  app.get(
    '/api/pb/cycles/:id/meetings',
    {
      config: { policy: rolesIn(READERS, cycleSubject(db, READER_PARTS)) },
      schema: { tags: ['micro-projects'], summary: "The cycle's deliberation meetings with their minutes and the proposals discussed, in the order held", params: Id },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const c = (await loadCycle(db, req.params.id))!;
      const parts = await partsOf(db, auth, c);
      requirePhase(auth, 'read', c, parts);
      const depts = parts.has('department') ? await myDepartments(db, auth) : [];
      const rows = await db.select().from(pbMeetings).where(eq(pbMeetings.cycleId, c.id)).orderBy(asc(pbMeetings.heldAt), asc(pbMeetings.id));
      return { meetings: await presentMeetings(db, rows, (p) => projectVisible(p, parts, auth, depts)) };
    },
  );

  app.post(
    '/api/pb/cycles/:id/meetings',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.meeting' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Record a deliberation meeting (议事会) with its minutes and the proposals it discussed; review and deliberation phases',
        params: Id,
        body: z.object({
          title: z.string().trim().min(1).max(100),
          heldAt: z.iso.datetime({ offset: true }),
          place: z.string().trim().max(200).optional(),
          attendees: z.number().int().min(0).max(100_000).optional(),
          minutes: z.string().trim().min(1).max(20_000),
          projectIds: z.array(z.uuid()).max(200).default([]),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const projectIds = [...new Set(b.projectIds)];
      const row = await runCommand(services, req, 'pb.meeting', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id));
        if (!c) throw notFound('pb_cycle');
        requirePhase(req.ctx.auth!, 'meet', c);
        if (projectIds.length) {
          const found = await tx.select({ id: pbProjects.id }).from(pbProjects).where(and(eq(pbProjects.cycleId, c.id), inArray(pbProjects.id, projectIds)));
          if (found.length !== projectIds.length) throw badRequest('pb_project_not_in_cycle', 'projectIds', { count: projectIds.length - found.length });
        }
        const [m] = await tx
          .insert(pbMeetings)
          .values({
            cycleId: c.id,
            title: b.title,
            heldAt: new Date(b.heldAt),
            place: b.place || null,
            attendees: b.attendees ?? null,
            minutes: b.minutes,
            projectIds,
            createdBy: req.ctx.auth!.userId,
          })
          .returning();
        return { value: m!, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { meetingId: m!.id, projects: projectIds.length } };
      });
      return reply.code(201).send({ meeting: (await presentMeetings(db, [row]))[0] });
    },
  );
}
