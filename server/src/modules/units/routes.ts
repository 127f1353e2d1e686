import { and, asc, count, eq, ilike, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { notFound } from '../../platform/errors.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { CRS_VALUES, toWgs84, type Crs } from '../../platform/geo/crs.js';
import { REGION_EDITORS, REGION_READERS, regionSubject } from '../regions/policies.js';
import { regionById } from '../regions/queries.js';
import { UNIT_KINDS, units } from './schema.js';

/** Units (单位): enterprises, agencies, schools, property companies, social organisations. */
export function unitRoutes(app: App, services: Services): void {
  const { db } = services.database;
  app.get(
    '/api/units',
    {
      config: { policy: rolesIn(REGION_READERS) },
      schema: {
        tags: ['units'],
        summary: 'Units in my area',
        querystring: z.object({
          q: z.string().trim().max(64).optional(),
          kind: z.enum(UNIT_KINDS).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    },
    async (req) => {
      const { q, kind, page, pageSize } = req.query;
      const conds: SQL[] = [pathInRoots(units.regionPath, scopeRootsFor(req, REGION_READERS))];
      if (q) conds.push(ilike(units.name, `%${q}%`));
      if (kind) conds.push(eq(units.kind, kind));
      const where = and(...conds);
      const [items, [total]] = await Promise.all([
        db.select().from(units).where(where).orderBy(asc(units.name)).limit(pageSize).offset((page - 1) * pageSize),
        db.select({ n: count() }).from(units).where(where),
      ]);
      return { items, total: Number(total?.n ?? 0) };
    },
  );

  app.post(
    '/api/units',
    {
      config: { policy: rolesIn(REGION_EDITORS, regionSubject(db, (req) => (req.body as { regionId?: string } | undefined)?.regionId)), action: 'units.create' },
      schema: {
        tags: ['units'],
        summary: 'Register a unit in a region',
        body: z.object({
          regionId: z.uuid(),
          kind: z.enum(UNIT_KINDS),
          name: z.string().trim().min(1).max(120),
          creditCode: z.string().trim().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).nullish(),
          address: z.string().trim().max(200).nullish(),
          point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullish(),
          crs: z.enum(CRS_VALUES as [Crs, ...Crs[]]).default('wgs84'),
        }),
      },
    },
    async (req, reply) => {
      const unit = await runCommand(services, req, 'units.create', async ({ tx }) => {
        const region = await regionById(tx, req.body.regionId);
        if (!region) throw notFound('region', 'regionId');
        const p = req.body.point ? toWgs84(req.body.point[0], req.body.point[1], req.body.crs) : null;
        const [u] = await tx
          .insert(units)
          .values({
            cityId: region.cityId,
            regionId: region.id,
            regionPath: region.path,
            kind: req.body.kind,
            name: req.body.name,
            creditCode: req.body.creditCode ?? null,
            address: req.body.address ?? null,
            lng: p?.[0] ?? null,
            lat: p?.[1] ?? null,
            sourceCrs: req.body.crs,
          })
          .returning();
        return { value: u!, subjectType: 'unit', subjectId: u!.id, cityId: u!.cityId, regionPath: u!.regionPath, detail: { kind: u!.kind } };
      });
      return reply.code(201).send({ unit });
    },
  );
}
