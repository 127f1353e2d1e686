import { and, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { forbidden } from '../../platform/errors.js';
import { ANY_PART_ROLES, IdParam, WALL_ROLES, loadWish, wallRoots } from './access.js';
import { communityNames } from './commands.js';
import { WISH_CATEGORIES } from './lists.js';
import { presentAs, presentPublic, viewFor } from './present.js';
import { wishes } from './schema.js';

/** The wish wall (published wishes of my area, redacted) and a wish's page (in the view the caller is entitled to). */
export function wishWallRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/wishes/wall',
    {
      config: { policy: rolesIn(WALL_ROLES) },
      schema: {
        tags: ['wishes'],
        summary:
          'The wish wall 心愿墙: published wishes of my community (members, units, residents) or of my area (the community), soonest deadline first; public text only — a minor’s or a hardship family’s wish shows the community’s text, the community’s name and no photos',
        querystring: z.object({
          category: z.enum(WISH_CATEGORIES).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const auth = req.ctx.auth!;
      const where: SQL[] = [eq(wishes.cityId, auth.cityId), eq(wishes.status, 'published'), pathInRoots(wishes.regionPath, wallRoots(auth))];
      if (q.category) where.push(eq(wishes.category, q.category));
      const rows = await db
        .select()
        .from(wishes)
        .where(and(...where))
        .orderBy(asc(wishes.deadline), asc(wishes.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      const names = await communityNames(db, rows.map((r) => r.communityId));
      return { items: rows.map((w) => presentPublic(w, names.get(w.communityId) ?? null)), page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/api/wishes/:id',
    {
      config: {
        policy: rolesIn(ANY_PART_ROLES, async (req) => {
          const w = await loadWish(db, (req.params as { id?: string }).id);
          if (!w || w.cityId !== req.ctx.auth!.cityId) return null;
          const ok = viewFor(req.ctx.auth!, w) !== null;
          return { regionPath: w.regionPath, allowed: ok, denied: !ok };
        }),
      },
      schema: {
        tags: ['wishes'],
        summary:
          'A wish: in full (view full) to its poster, its beneficiary and the community; to its claimer what they need to deliver (view claimer); to members, units and residents of its community while it is on the wall, the public view',
        params: IdParam,
      },
    },
    async (req) => {
      const w = (await loadWish(db, req.params.id))!;
      const v = viewFor(req.ctx.auth!, w);
      if (!v) throw forbidden('out_of_scope');
      const names = await communityNames(db, [w.communityId]);
      return { wish: presentAs(services.crypto, w, names.get(w.communityId) ?? null, v) };
    },
  );
}
