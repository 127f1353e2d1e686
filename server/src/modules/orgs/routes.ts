import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { REGION_EDITORS, REGION_READERS, regionSubject } from '../regions/policies.js';
import { regionById } from '../regions/queries.js';
import { units } from '../units/schema.js';
import { ORG_KINDS, ORG_SPECIALS, partyOrgs } from './schema.js';

/** Party organisations (党组织) attached to a region or a unit. */
export function orgRoutes(app: App, services: Services): void {
  const { db } = services.database;
  app.get(
    '/api/orgs',
    {
      config: { policy: rolesIn(REGION_READERS) },
      schema: {
        tags: ['orgs'],
        summary: 'Party organisations in my area',
        querystring: z.object({
          regionId: z.uuid().optional(),
          kind: z.enum(ORG_KINDS).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
    },
    async (req) => {
      const { regionId, kind, page, pageSize } = req.query;
      const conds: SQL[] = [pathInRoots(partyOrgs.regionPath, scopeRootsFor(req, REGION_READERS))];
      if (regionId) conds.push(eq(partyOrgs.regionId, regionId));
      if (kind) conds.push(eq(partyOrgs.kind, kind));
      const where = and(...conds);
      const [items, [total]] = await Promise.all([
        db.select().from(partyOrgs).where(where).orderBy(asc(partyOrgs.regionPath), asc(partyOrgs.name)).limit(pageSize).offset((page - 1) * pageSize),
        db.select({ n: count() }).from(partyOrgs).where(where),
      ]);
      return { items, total: Number(total?.n ?? 0) };
    },
  );

  app.post(
    '/api/orgs',
    {
      config: { policy: rolesIn(REGION_EDITORS, regionSubject(db, (req) => (req.body as { regionId?: string } | undefined)?.regionId)), action: 'orgs.create' },
      schema: {
        tags: ['orgs'],
        summary: 'Create a Party organisation',
        body: z.object({
          regionId: z.uuid(),
          parentId: z.uuid().nullish(),
          unitId: z.uuid().nullish(),
          kind: z.enum(ORG_KINDS),
          special: z.enum(ORG_SPECIALS).nullish(),
          name: z.string().trim().min(1).max(120),
        }),
      },
    },
    async (req, reply) => {
      const org = await runCommand(services, req, 'orgs.create', async ({ tx }) => {
        const region = await regionById(tx, req.body.regionId);
        if (!region) throw notFound('region', 'regionId');
        if (req.body.parentId) {
          const [p] = await tx.select({ cityId: partyOrgs.cityId, regionPath: partyOrgs.regionPath }).from(partyOrgs).where(eq(partyOrgs.id, req.body.parentId)).limit(1);
          if (!p || p.cityId !== region.cityId) throw notFound('org', 'parentId');
          // A parent organisation sits at or above the new one's region (区委 → 街道工委 → 社区党委 …).
          if (!region.path.startsWith(p.regionPath)) throw badRequest('org_parent_region', 'parentId');
        }
        if (req.body.unitId) {
          const [u] = await tx.select({ id: units.id, regionPath: units.regionPath }).from(units).where(eq(units.id, req.body.unitId)).limit(1);
          if (!u) throw notFound('unit', 'unitId');
          if (!u.regionPath.startsWith(region.path)) throw badRequest('region_parent_level', 'unitId');
        }
        const [o] = await tx
          .insert(partyOrgs)
          .values({
            cityId: region.cityId,
            regionId: region.id,
            regionPath: region.path,
            parentId: req.body.parentId ?? null,
            unitId: req.body.unitId ?? null,
            kind: req.body.kind,
            special: req.body.special ?? null,
            name: req.body.name,
          })
          .returning();
        return { value: o!, subjectType: 'org', subjectId: o!.id, cityId: o!.cityId, regionPath: o!.regionPath, detail: { kind: o!.kind } };
      });
      return reply.code(201).send({ org });
    },
  );
}
