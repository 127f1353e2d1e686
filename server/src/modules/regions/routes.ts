import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { authenticated, rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { CRS_VALUES, toWgs84, type Crs } from '../../platform/geo/crs.js';
import { regions, REGION_LEVELS } from './schema.js';
import { ancestorsOf, childrenOf, nodesByIds, regionById, subtree, subtreeStats } from './queries.js';
import { createRegion, deleteRegion, updateRegion } from './commands.js';
import { REGION_EDITORS, REGION_READERS, regionSubject } from './policies.js';
import { importRecords, parentCodes, recordsFromExcel, recordsFromGeoJson, toFeatureCollection, toWorkbook } from './transfer.js';
import { regionLocator } from './service.js';
import { roleGrants } from '../../platform/access/schema.js';
import { users } from '../../platform/auth/schema.js';
import { and, asc, eq, ilike, inArray, or } from 'drizzle-orm';
import { pathInRoots } from '../../platform/access/scope.js';

const Id = z.object({ id: z.uuid() });
const crs = z.enum(CRS_VALUES as [Crs, ...Crs[]]).default('wgs84');
const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const RegionBody = z.object({
  parentId: z.uuid(),
  level: z.enum(REGION_LEVELS),
  name: z.string().trim().min(1).max(100),
  code: z.string().trim().min(1).max(40).regex(/^[0-9A-Za-z_-]+$/),
  kind: z.string().max(40).nullish(),
  boundary: z.unknown().optional(),
  point: Position.nullish(),
  crs,
  population: z.number().int().min(0).nullish(),
  households: z.number().int().min(0).nullish(),
});
const RegionPatchBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  kind: z.string().max(40).nullish(),
  boundary: z.unknown().optional(),
  point: Position.nullish(),
  crs,
  population: z.number().int().min(0).nullish(),
  households: z.number().int().min(0).nullish(),
});

const node = (r: { id: string; parentId: string | null; level: string; name: string; code: string; childCount: number }) => ({
  id: r.id,
  parentId: r.parentId,
  level: r.level,
  name: r.name,
  code: r.code,
  childCount: r.childCount,
});

export function regionRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const byParam = regionSubject(db, (req) => (req.params as { id?: string }).id);
  const byParentField = regionSubject(db, (req) => (req.body as { parentId?: string } | undefined)?.parentId);

  app.get(
    '/api/regions/roots',
    { config: { policy: rolesIn(REGION_READERS) }, schema: { tags: ['regions'], summary: 'The top region nodes the caller may see' } },
    async (req) => {
      const roots = scopeRootsFor(req, REGION_READERS);
      const ids = req.ctx.auth!.grants.filter((g) => roots.includes(g.regionPath)).map((g) => g.regionId);
      return { items: (await nodesByIds(db, [...new Set(ids)])).map(node) };
    },
  );

  app.get(
    '/api/regions/search',
    {
      config: { policy: rolesIn(REGION_READERS) },
      schema: {
        tags: ['regions'],
        summary: 'Find regions in my area by name or code',
        querystring: z.object({ q: z.string().trim().min(1).max(40), level: z.enum(REGION_LEVELS).optional(), limit: z.coerce.number().int().min(1).max(50).default(20) }),
      },
    },
    async (req) => {
      const { q, level, limit } = req.query;
      const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await db
        .select({ id: regions.id, parentId: regions.parentId, level: regions.level, name: regions.name, code: regions.code, path: regions.path })
        .from(regions)
        .where(
          and(
            pathInRoots(regions.path, scopeRootsFor(req, REGION_READERS)),
            or(ilike(regions.name, pattern), ilike(regions.code, pattern)),
            level ? eq(regions.level, level) : undefined,
          ),
        )
        .orderBy(asc(regions.depth), asc(regions.code))
        .limit(limit);
      const ancestors = await Promise.all(rows.map((r) => ancestorsOf(db, r)));
      return { items: rows.map((r, i) => ({ id: r.id, parentId: r.parentId, level: r.level, name: r.name, code: r.code, ancestors: ancestors[i] })) };
    },
  );

  app.get(
    '/api/regions/:id/children',
    { config: { policy: rolesIn(REGION_READERS, byParam) }, schema: { tags: ['regions'], summary: 'Children of a region', params: Id } },
    async (req) => ({ items: (await childrenOf(db, req.params.id)).map(node) }),
  );

  app.get(
    '/api/regions/:id',
    { config: { policy: rolesIn(REGION_READERS, byParam) }, schema: { tags: ['regions'], summary: 'A region with its ancestors, statistics and staff', params: Id } },
    async (req) => {
      const r = (await regionById(db, req.params.id))!;
      const [ancestors, stats, kids] = await Promise.all([ancestorsOf(db, r), subtreeStats(db, r), childrenOf(db, r.id)]);
      const workers = await db
        .select({ userId: users.id, displayName: users.displayName, role: roleGrants.role })
        .from(roleGrants)
        .innerJoin(users, eq(users.id, roleGrants.userId))
        .where(and(eq(roleGrants.regionId, r.id), inArray(roleGrants.role, ['grid_worker', 'building_leader', 'community_admin', 'street_admin'])))
        .orderBy(asc(users.displayName));
      const buildings =
        r.level === 'grid'
          ? (
              await db
                .select({ id: regions.id, name: regions.name, code: regions.code, lng: regions.lng, lat: regions.lat })
                .from(regions)
                .where(eq(regions.parentId, r.id))
                .orderBy(asc(regions.code))
            ).map((b) => ({ id: b.id, name: b.name, code: b.code, point: b.lng != null && b.lat != null ? [b.lng, b.lat] : null }))
          : undefined;
      return {
        region: {
          id: r.id,
          parentId: r.parentId,
          level: r.level,
          kind: r.kind,
          name: r.name,
          code: r.code,
          childCount: kids.length,
          ancestors,
          centroid: r.lng != null && r.lat != null ? [r.lng, r.lat] : null,
          bbox: r.minLng != null ? [r.minLng, r.minLat, r.maxLng, r.maxLat] : null,
          sourceCrs: r.sourceCrs,
          population: r.population,
          households: r.households,
          stats,
          workers,
          ...(buildings ? { buildings } : {}),
        },
      };
    },
  );

  app.get(
    '/api/regions/:id/map',
    { config: { policy: rolesIn(REGION_READERS, byParam) }, schema: { tags: ['regions'], summary: 'GeoJSON of a region and its children', params: Id } },
    async (req) => {
      const r = (await regionById(db, req.params.id))!;
      const kids = await db.select().from(regions).where(eq(regions.parentId, r.id)).orderBy(asc(regions.code));
      const feature = (x: typeof r, self: boolean) => ({
        type: 'Feature' as const,
        id: x.id,
        properties: { id: x.id, name: x.name, level: x.level, code: x.code, self },
        geometry: x.boundary ?? (x.lng != null && x.lat != null ? { type: 'Point' as const, coordinates: [x.lng, x.lat] } : null),
      });
      return { type: 'FeatureCollection', features: [feature(r, true), ...kids.map((k) => feature(k, false))].filter((f) => f.geometry) };
    },
  );

  app.get(
    '/api/regions/:id/export',
    {
      config: { policy: rolesIn(REGION_READERS, byParam) },
      schema: {
        tags: ['regions'],
        summary: 'Export a subtree as GeoJSON or Excel',
        params: Id,
        querystring: z.object({ format: z.enum(['geojson', 'xlsx']).default('geojson'), includeBuildings: z.enum(['true', 'false']).default('false') }),
      },
    },
    async (req, reply) => {
      const r = (await regionById(db, req.params.id))!;
      const rows = await subtree(db, r, { includeBuildings: req.query.includeBuildings === 'true' });
      const parent = r.parentId ? await regionById(db, r.parentId) : undefined;
      const codes = parentCodes(rows, parent?.code ?? null);
      const name = encodeURIComponent(`${r.name}-${r.code}`);
      if (req.query.format === 'xlsx') {
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', `attachment; filename*=UTF-8''${name}.xlsx`);
        return reply.send(await toWorkbook(rows, codes));
      }
      reply.header('content-type', 'application/geo+json; charset=utf-8');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}.geojson`);
      return reply.send(JSON.stringify(toFeatureCollection(rows, codes)));
    },
  );

  app.post(
    '/api/regions',
    { config: { policy: rolesIn(REGION_EDITORS, byParentField), action: 'regions.create' }, schema: { tags: ['regions'], summary: 'Create a region under a parent', body: RegionBody } },
    async (req, reply) => {
      const row = await runCommand(services, req, 'regions.create', async ({ tx }) => {
        const r = await createRegion(tx, req.body);
        return { value: r, subjectType: 'region', subjectId: r.id, cityId: r.cityId, regionPath: r.path, detail: { code: r.code, level: r.level } };
      });
      if (row.level === 'grid') regionLocator(services).invalidate();
      return reply.code(201).send({ region: { id: row.id, parentId: row.parentId, level: row.level, name: row.name, code: row.code, childCount: 0 } });
    },
  );

  app.patch(
    '/api/regions/:id',
    { config: { policy: rolesIn(REGION_EDITORS, byParam), action: 'regions.update' }, schema: { tags: ['regions'], summary: 'Change a region', params: Id, body: RegionPatchBody } },
    async (req) => {
      const row = await runCommand(services, req, 'regions.update', async ({ tx }) => {
        const cur = await regionById(tx, req.params.id);
        if (!cur) throw notFound('region');
        const r = await updateRegion(tx, cur, req.body);
        return { value: r, subjectType: 'region', subjectId: r.id, cityId: r.cityId, regionPath: r.path, detail: { fields: Object.keys(req.body) } };
      });
      if (row.level === 'grid') regionLocator(services).invalidate();
      return { region: { id: row.id, parentId: row.parentId, level: row.level, name: row.name, code: row.code } };
    },
  );

  app.delete(
    '/api/regions/:id',
    { config: { policy: rolesIn(REGION_EDITORS, byParam), action: 'regions.delete' }, schema: { tags: ['regions'], summary: 'Delete a region without children', params: Id } },
    async (req, reply) => {
      await runCommand(services, req, 'regions.delete', async ({ tx }) => {
        const cur = await regionById(tx, req.params.id);
        if (!cur) throw notFound('region');
        await deleteRegion(tx, cur);
        return { value: null, subjectType: 'region', subjectId: cur.id, cityId: cur.cityId, regionPath: cur.path, detail: { code: cur.code } };
      });
      regionLocator(services).invalidate();
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/regions/import',
    {
      config: { policy: rolesIn(REGION_EDITORS), action: 'regions.import' },
      schema: {
        tags: ['regions'],
        summary: 'Import regions from GeoJSON (JSON body) or Excel (base64); all rows or none',
        body: z.object({ format: z.enum(['geojson', 'xlsx']), crs, data: z.unknown() }),
      },
    },
    async (req) => {
      const { format } = req.body;
      let parsed;
      if (format === 'xlsx') {
        if (typeof req.body.data !== 'string') throw badRequest('import_invalid', 'data', { detail: 'base64 workbook expected' });
        parsed = await recordsFromExcel(Buffer.from(req.body.data, 'base64'));
      } else parsed = recordsFromGeoJson(req.body.data);
      const roots = scopeRootsFor(req, REGION_EDITORS);
      const result = await runCommand(services, req, 'regions.import', async ({ tx, actor }) => {
        const r = await importRecords(tx, { cityId: actor!.cityId, crs: req.body.crs, scopeRoots: roots, ...parsed });
        return { value: r, subjectType: 'region', detail: { format, ...r } };
      });
      regionLocator(services).invalidate();
      return result;
    },
  );

  app.get(
    '/api/geo/locate',
    {
      config: { policy: authenticated() },
      schema: {
        tags: ['regions'],
        summary: 'Find the grid (and community, street, district) containing a point',
        querystring: z.object({ lng: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90), crs }),
      },
    },
    async (req) => {
      const [lng, lat] = toWgs84(req.query.lng, req.query.lat, req.query.crs);
      const found = await regionLocator(services).locate(lng, lat);
      if (!found) return { status: 'outside', point: [lng, lat] };
      const { grid, community, street, district } = found;
      return { status: 'inside', point: [lng, lat], grid: { id: grid.id, name: grid.name, code: grid.code }, community, street, district };
    },
  );
}
