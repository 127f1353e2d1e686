import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { accountRegion, entrySubject, POSTERS } from './access.js';
import { correct } from './ledger.js';

/** Corrections: the reverse of an entry, posted once (again → the first correction, 200). */
export function pointsCorrectionRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/points/entries/:id/correction',
    {
      config: { policy: rolesIn(POSTERS, entrySubject(db)), action: 'points.correct' },
      schema: {
        tags: ['points'],
        summary: 'Correct an entry by a reversing entry (once); 409 points_insufficient if the balance cannot bear it',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.string().trim().min(2).max(200) }),
      },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const out = await runCommand(services, req, 'points.correct', async ({ tx }) => {
        const r = await correct(tx, req.params.id, req.body.reason, auth.userId);
        const regionPath = (await accountRegion(tx, r.reversed.cityId, r.reversed.kind, r.reversed.userId)) ?? undefined;
        return {
          value: { entryId: r.entryId, balance: r.balance, replayed: r.replayed, reverses: req.params.id, delta: -r.reversed.delta },
          subjectType: 'points_entry',
          subjectId: req.params.id,
          cityId: r.reversed.cityId,
          regionPath,
          detail: { correctionId: r.entryId, delta: -r.reversed.delta, replayed: r.replayed },
        };
      });
      return reply.code(out.replayed ? 200 : 201).send(out);
    },
  );
}
