import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { cycleSubject, IdParam, ORGANISERS, requirePhase, yuanToFen } from './cycle-access.js';
import { presentCycle } from './present.js';
import { PB_PHASES, PB_VOTE_TYPES, pbCycles } from './schema.js';

const PhaseDates = z.partialRecord(z.enum(PB_PHASES), z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }));

/** Editing a cycle before its proposals are reviewed: budget, ballot, rule, voter basis, the planned dates. */
export function pbCycleEditRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.patch(
    '/api/pb/cycles/:id',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.cycle_edit' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Edit a cycle (organisers, in draft and during proposals); the fields given replace the stored ones',
        params: IdParam,
        body: z.object({
          title: z.string().trim().min(1).max(100).optional(),
          budgetYuan: z.number().int().positive().max(1_000_000_000).optional(),
          voteType: z.enum(PB_VOTE_TYPES).optional(),
          pointsPerVoter: z.number().int().min(1).max(100).optional(),
          rule: z.enum(['greedy', 'mes', 'mes-add1']).optional(),
          voterBasis: z.enum(['register', 'code', 'both']).optional(),
          phaseDates: PhaseDates.optional(),
          /** The version the caller edited: a concurrent edit answers 409 `pb_cycle_changed`. */
          version: z.number().int().min(0).optional(),
        }),
      },
    },
    async (req) => {
      const b = req.body;
      const fields = (['title', 'budgetYuan', 'voteType', 'pointsPerVoter', 'rule', 'voterBasis', 'phaseDates'] as const).filter((k) => b[k] !== undefined);
      if (!fields.length) throw badRequest('validation', 'body', { detail: 'nothing to change: give at least one field' });
      for (const [phase, d] of Object.entries(b.phaseDates ?? {})) {
        if (d?.from && d.to && d.from > d.to) throw badRequest('validation', `phaseDates.${phase}.to`, { detail: 'ends before it starts' });
      }
      const updated = await runCommand(services, req, 'pb.cycle_edit', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id)).for('update');
        if (!c) throw notFound('pb_cycle');
        requirePhase(req.ctx.auth!, 'edit_cycle', c);
        if (b.version !== undefined && b.version !== c.version) throw new AppError(409, 'pb_cycle_changed', 'the cycle was changed meanwhile', 'version');
        const voteType = b.voteType ?? c.voteType;
        const points = voteType === 'cumulative' ? (b.pointsPerVoter ?? c.pointsPerVoter) : null;
        if (voteType === 'cumulative' && !points) throw badRequest('validation', 'pointsPerVoter', { detail: 'cumulative ballots need points per voter' });
        const [u] = await tx
          .update(pbCycles)
          .set({
            title: b.title ?? c.title,
            budgetFen: b.budgetYuan === undefined ? c.budgetFen : yuanToFen(b.budgetYuan),
            voteType,
            pointsPerVoter: points,
            rule: b.rule ?? c.rule,
            voterBasis: b.voterBasis ?? c.voterBasis,
            phaseDates: (b.phaseDates as CyclePhaseDates | undefined) ?? c.phaseDates,
            version: c.version + 1,
            updatedAt: new Date(),
          })
          .where(eq(pbCycles.id, c.id))
          .returning();
        return { value: u!, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { fields, budgetFen: String(u!.budgetFen), rule: u!.rule } };
      });
      return { cycle: presentCycle(updated) };
    },
  );
}

type CyclePhaseDates = (typeof pbCycles.$inferSelect)['phaseDates'];
