import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { regionById } from '../regions/queries.js';
import { castBallot, mixBallots } from './ballot-box.js';
import { mayDo, nextPhase, type PbPart } from './phase-permissions.js';
import { cycleSubject, ORGANISERS, RESIDENTS, IdParam, yuanToFen } from './cycle-access.js';
import { presentCycle } from './present.js';
import { checkLeavingPhase } from './objection-routes.js';
import { PB_PHASES, PB_VOTE_TYPES, pbCycles } from './schema.js';

const Id = IdParam;

export function pbRoutes(app: App, services: Services) {
  const { db } = services.database;
  const cycleFor = (parts: readonly PbPart[]) => cycleSubject(db, parts);

  app.post(
    '/api/pb/cycles',
    {
      config: {
        policy: rolesIn(ORGANISERS, async (req) => {
          const r = await regionById(db, (req.body as { regionId: string }).regionId);
          if (!r || r.cityId !== req.ctx.auth!.cityId) return null;
          return { regionPath: r.path, denied: r.level !== 'community' && r.level !== 'street' };
        }),
        action: 'pb.cycle_create',
      },
      schema: {
        tags: ['micro-projects'],
        summary: 'Open a micro-project cycle for a community or street (draft phase)',
        body: z.object({
          regionId: z.uuid(),
          title: z.string().trim().min(1).max(100),
          budgetYuan: z.number().int().positive().max(1_000_000_000),
          voteType: z.enum(PB_VOTE_TYPES).default('approval'),
          pointsPerVoter: z.number().int().min(1).max(100).optional(),
          rule: z.enum(['greedy', 'mes', 'mes-add1']).default('mes-add1'),
          voterBasis: z.enum(['register', 'code', 'both']).default('register'),
          mixBatch: z.number().int().min(1).max(1000).default(20),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.voteType === 'cumulative' && !b.pointsPerVoter) throw badRequest('validation', 'pointsPerVoter', { detail: 'cumulative ballots need points per voter' });
      const region = (await regionById(db, b.regionId))!;
      const cycle = await runCommand(services, req, 'pb.cycle_create', async ({ tx }) => {
        const [c] = await tx
          .insert(pbCycles)
          .values({
            cityId: region.cityId,
            regionId: region.id,
            regionPath: region.path,
            title: b.title,
            budgetFen: yuanToFen(b.budgetYuan),
            voteType: b.voteType,
            pointsPerVoter: b.voteType === 'cumulative' ? b.pointsPerVoter! : null,
            rule: b.rule,
            voterBasis: b.voterBasis,
            mixBatch: b.mixBatch,
            createdBy: req.ctx.auth!.userId,
          })
          .returning();
        return { value: c!, subjectType: 'pb_cycle', subjectId: c!.id, cityId: c!.cityId, regionPath: c!.regionPath, detail: { budgetFen: String(c!.budgetFen), rule: c!.rule } };
      });
      return reply.code(201).send({ cycle: presentCycle(cycle) });
    },
  );

  app.post(
    '/api/pb/cycles/:id/advance',
    {
      config: { policy: rolesIn(ORGANISERS, cycleFor(['organiser'])), action: 'pb.advance' },
      schema: { tags: ['micro-projects'], summary: 'Move the cycle to its next phase', params: Id, body: z.object({ from: z.enum(PB_PHASES) }) },
    },
    async (req) => {
      const updated = await runCommand(services, req, 'pb.advance', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id)).for('update');
        if (!c) throw notFound('pb_cycle');
        // The caller names the phase they see: advancing twice by a double click moves only once.
        if (c.phase !== req.body.from) throw new AppError(409, 'pb_phase_changed', 'the cycle is no longer in that phase', 'from');
        if (!mayDo('organiser', 'advance', c.phase)) throw new AppError(409, 'pb_phase_final', 'the cycle is closed');
        await checkLeavingPhase(tx, c); // publicity: published, every objection answered
        const to = nextPhase(c.phase, PB_PHASES)!;
        const [u] = await tx.update(pbCycles).set({ phase: to, version: c.version + 1, updatedAt: new Date() }).where(eq(pbCycles.id, c.id)).returning();
        return { value: u!, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { from: c.phase, to } };
      });
      // Voting closed: every ballot still in the inbox goes into the ballot box now.
      if (req.body.from === 'voting') await mixBallots(services, { cycleId: updated.id, all: true });
      return { cycle: presentCycle(updated) };
    },
  );

  app.post(
    '/api/pb/cycles/:id/ballots',
    {
      config: { policy: rolesIn(RESIDENTS, cycleFor(['resident'])), action: 'pb.vote' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Cast my ballot (secret: what I chose is never stored beside my name; final once cast)',
        params: Id,
        body: z.object({ projects: z.array(z.number().int().positive()).max(200), points: z.array(z.number().int().positive()).max(200).optional() }),
      },
    },
    async (req, reply) => {
      await castBallot(services, req, req.params.id, { userId: req.ctx.auth!.userId }, req.body);
      return reply.code(204).send();
    },
  );
}
