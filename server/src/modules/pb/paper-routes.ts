import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { cycleSubject, ORGANISERS, IdParam } from './cycle-access.js';
import { enterPaperSheet, paperSheets } from './paper-ballots.js';

const Id = IdParam;

export function pbPaperRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/pb/cycles/:id/paper',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.paper_enter' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Enter a paper ballot sheet (each sheet twice, by two officials; a mismatch is decided by a third entry)',
        params: Id,
        body: z.object({
          sheet: z.string().trim().min(1).max(40),
          projects: z.array(z.number().int().positive()).max(200),
          points: z.array(z.number().int().positive()).max(200).optional(),
        }),
      },
    },
    async (req) => {
      const status = await enterPaperSheet(services, req, req.params.id, req.body.sheet, { projects: req.body.projects, ...(req.body.points ? { points: req.body.points } : {}) });
      return { sheet: req.body.sheet, status };
    },
  );

  app.get(
    '/api/pb/cycles/:id/paper',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])) },
      schema: { tags: ['micro-projects'], summary: 'The paper sheets entered so far and their state (first entered, mismatch, accepted)', params: Id },
    },
    async (req) => ({ items: await paperSheets(db, req.params.id) }),
  );
}
