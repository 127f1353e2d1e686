import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { regionById } from '../regions/queries.js';
import { Kind, READERS } from './access.js';
import { shanghaiYear } from './cycles.js';
import { personRanking, regionRanking } from './queries.js';

/** Rankings 实时通报: yearly standing of members (party) or residents (credit) in a region's subtree. */
export function pointsRankingRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/points/rankings',
    {
      config: {
        policy: rolesIn(READERS, async (req) => {
          const r = await regionById(db, (req.query as { regionId: string }).regionId);
          return r && r.cityId === req.ctx.auth!.cityId ? { regionPath: r.path } : null;
        }),
      },
      schema: {
        tags: ['points'],
        summary: 'Top N people (by=person) or the child regions (by=region) of a region, by yearly standing',
        querystring: z.object({
          regionId: z.uuid(),
          kind: Kind.default('party'),
          by: z.enum(['person', 'region']).default('person'),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const region = (await regionById(db, q.regionId))!;
      const year = q.year ?? shanghaiYear(new Date());
      const base = { kind: q.kind, cityId: region.cityId, year };
      const items =
        q.by === 'person'
          ? await personRanking(db, { ...base, regionPath: region.path, limit: q.limit })
          : await regionRanking(db, { ...base, regionId: region.id });
      return { kind: q.kind, year, by: q.by, region: { id: region.id, name: region.name }, items };
    },
  );
}
