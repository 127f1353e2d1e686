import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, type SubjectRef } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { forgetCityConfig } from './city-config.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/db/columns.js';
import { regionSubject } from '../regions/policies.js';
import { regionById } from '../regions/queries.js';
import { departmentById } from '../departments/queries.js';
import { departments } from '../departments/schema.js';
import type { Tx } from '../../platform/db/client.js';
import { presentRules } from './rule-presenter.js';
import { categoryById, seedCategories, treeFromTaxonomy } from './categories.js';
import { appealCategories, appealRoutingRules } from './schema.js';

const Id = z.object({ id: z.uuid() });
const Handling = z.enum(['grid', 'joint', 'department']);
const Limits = {
  handling: Handling.optional(),
  departmentCode: z.string().trim().regex(/^[a-z0-9_]{2,40}$/).nullish(),
  assistDepartmentCodes: z.array(z.string().trim().regex(/^[a-z0-9_]{2,40}$/)).max(10).optional(),
  acceptHours: z.number().int().min(1).max(720).optional(),
  onSiteMinutes: z.number().int().min(5).max(1440).nullish(),
  workingDays: z.number().int().min(1).max(90).optional(),
  duplicateRadiusM: z.number().int().min(10).max(10_000).optional(),
};

/** The department codes a category names must exist in the city (at some level): else 404 naming the field. */
async function checkDepartmentCodes(tx: Tx, cityId: string, body: { departmentCode?: string | null; assistDepartmentCodes?: string[] }) {
  const wanted = [...(body.departmentCode ? [body.departmentCode] : []), ...(body.assistDepartmentCodes ?? [])];
  if (wanted.length === 0) return;
  const found = new Set(
    (await tx.select({ code: departments.code }).from(departments).where(and(eq(departments.cityId, cityId), inArray(departments.code, wanted)))).map((d) => d.code),
  );
  if (body.departmentCode && !found.has(body.departmentCode)) throw notFound('department', 'departmentCode');
  if ((body.assistDepartmentCodes ?? []).some((c) => !found.has(c))) throw notFound('department', 'assistDepartmentCodes');
}

/**
 * The configuration of the appeals module for a city: its category tree (with each category's handling and
 * limits) and its routing rules. City-level administrators keep them: one tree serves the whole city.
 */
export function appealConfigRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const cityAdmin = async (req: FastifyRequest): Promise<SubjectRef> => {
    const g = req.ctx.auth?.grants.find((x) => x.role === 'admin' && x.regionLevel === 'city');
    return { regionPath: g?.regionPath ?? '/', denied: !g };
  };

  app.post(
    '/api/appeals/categories',
    {
      config: { policy: rolesIn(['admin'], cityAdmin), action: 'appeals.category_create' },
      schema: {
        tags: ['appeals'],
        summary: 'Add a category (under a parent, or a new top group)',
        body: z.object({ parentId: z.uuid().nullish(), code: z.string().trim().regex(/^[0-9A-Za-z_-]{1,20}$/), name: z.string().trim().min(1).max(60), ...Limits }),
      },
    },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const row = await runCommand(services, req, 'appeals.category_create', async ({ tx }) => {
        const parent = req.body.parentId ? await categoryById(tx, req.body.parentId) : null;
        if (req.body.parentId && (!parent || parent.cityId !== auth.cityId)) throw notFound('category', 'parentId');
        await checkDepartmentCodes(tx, auth.cityId, req.body);
        const [c] = await tx
          .insert(appealCategories)
          .values({
            id: newId(),
            cityId: auth.cityId,
            parentId: parent?.id ?? null,
            code: req.body.code,
            name: req.body.name,
            level: (parent?.level ?? 0) + 1,
            handling: req.body.handling ?? parent?.handling ?? 'department',
            departmentCode: req.body.departmentCode ?? parent?.departmentCode ?? null,
            assistDepartmentCodes: req.body.assistDepartmentCodes ?? parent?.assistDepartmentCodes ?? [],
            acceptHours: req.body.acceptHours ?? parent?.acceptHours ?? 2,
            onSiteMinutes: req.body.onSiteMinutes ?? parent?.onSiteMinutes ?? null,
            workingDays: req.body.workingDays ?? parent?.workingDays ?? 5,
            duplicateRadiusM: req.body.duplicateRadiusM ?? parent?.duplicateRadiusM ?? 250,
          })
          .onConflictDoNothing()
          .returning();
        if (!c) throw conflict('category_code_taken', 'code');
        return { value: c, subjectType: 'appeal_category', subjectId: c.id, detail: { code: c.code } };
      });
      forgetCityConfig(services, req.ctx.auth!.cityId);
      return reply.code(201).send({ category: row });
    },
  );

  app.patch(
    '/api/appeals/categories/:id',
    {
      config: { policy: rolesIn(['admin'], cityAdmin), action: 'appeals.category_update' },
      schema: {
        tags: ['appeals'],
        summary: "Change a category's name, handling, limits or activity (new cases use the new limits)",
        params: Id,
        body: z.object({ name: z.string().trim().min(1).max(60).optional(), active: z.boolean().optional(), ...Limits }),
      },
    },
    async (req) => {
      const auth = req.ctx.auth!;
      const row = await runCommand(services, req, 'appeals.category_update', async ({ tx }) => {
        const cur = await categoryById(tx, req.params.id);
        if (!cur || cur.cityId !== auth.cityId) throw notFound('category', 'id');
        await checkDepartmentCodes(tx, auth.cityId, req.body);
        const [c] = await tx.update(appealCategories).set({ ...req.body, updatedAt: new Date() }).where(eq(appealCategories.id, cur.id)).returning();
        return { value: c!, subjectType: 'appeal_category', subjectId: cur.id, detail: { fields: Object.keys(req.body) } };
      });
      forgetCityConfig(services, req.ctx.auth!.cityId);
      return { category: row };
    },
  );

  app.post(
    '/api/appeals/categories/import',
    {
      config: { policy: rolesIn(['admin'], cityAdmin), action: 'appeals.category_import' },
      schema: {
        tags: ['appeals'],
        summary: 'Add a three-level taxonomy (CSV with header level1,level2,level3) beside the existing tree',
        body: z.object({ csv: z.string().min(1).max(2_000_000) }),
      },
    },
    async (req) => {
      const lines = req.body.csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
      const header = lines[0]?.split(',').map((h) => h.trim());
      if (!header || header.join(',') !== 'level1,level2,level3') throw badRequest('import_invalid', 'csv', { detail: 'header must be level1,level2,level3' });
      const rows = lines.slice(1).map((l, i) => {
        const [level1, level2, level3] = l.split(',').map((x) => x.trim());
        if (!level1 || !level2 || !level3) throw badRequest('import_invalid', 'csv', { detail: `line ${i + 2} needs three names` });
        return { level1, level2, level3 };
      });
      const auth = req.ctx.auth!;
      const imported = await runCommand(services, req, 'appeals.category_import', async ({ tx }) => {
        const existing = await tx.select({ code: appealCategories.code }).from(appealCategories).where(eq(appealCategories.cityId, auth.cityId));
        const taken = new Set(existing.map((e) => e.code));
        // Imported codes are prefixed so they never clash with the tree already there.
        const prefix = `T${String(taken.size).padStart(3, '0')}`;
        const tree = treeFromTaxonomy(rows).map(function prefixed(n): ReturnType<typeof treeFromTaxonomy>[number] {
          return { ...n, code: `${prefix}-${n.code}`, children: n.children?.map(prefixed) };
        });
        const n = await seedCategories(tx, auth.cityId, tree);
        return { value: { created: n }, subjectType: 'appeal_category', detail: { created: n, rows: rows.length } };
      });
      forgetCityConfig(services, auth.cityId);
      return imported;
    },
  );

  app.get(
    '/api/appeals/routing-rules',
    {
      config: { policy: rolesIn(['admin', 'dispatcher']) },
      schema: { tags: ['appeals'], summary: 'Routing rules: category × area → handling and departments, with their names' },
    },
    async (req) => ({
      items: await presentRules(
        db,
        await db.select().from(appealRoutingRules).where(eq(appealRoutingRules.cityId, req.ctx.auth!.cityId)).orderBy(asc(appealRoutingRules.regionPath), asc(appealRoutingRules.createdAt)),
      ),
    }),
  );

  app.post(
    '/api/appeals/routing-rules',
    {
      config: { policy: rolesIn(['admin'], regionSubject(db, (req) => (req.body as { regionId?: string } | undefined)?.regionId)), action: 'appeals.rule_create' },
      schema: {
        tags: ['appeals'],
        summary: 'Route a category in an area (and below) to a handling mode and departments',
        body: z.object({
          categoryId: z.uuid(),
          regionId: z.uuid(),
          mode: Handling,
          leadDepartmentId: z.uuid().nullish(),
          assistDepartmentIds: z.array(z.uuid()).max(10).default([]),
          priority: z.number().int().min(-100).max(100).default(0),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const rule = await runCommand(services, req, 'appeals.rule_create', async ({ tx }) => {
        const [category, region] = await Promise.all([categoryById(tx, b.categoryId), regionById(tx, b.regionId)]);
        if (!region || region.cityId !== req.ctx.auth!.cityId) throw notFound('region', 'regionId');
        if (!category || category.cityId !== region.cityId) throw notFound('category', 'categoryId');
        if (b.mode !== 'grid' && !b.leadDepartmentId) throw badRequest('lead_required', 'leadDepartmentId');
        if (b.mode !== 'joint' && b.assistDepartmentIds.length > 0) throw badRequest('invalid_argument', 'assistDepartmentIds');
        if (b.mode === 'joint' && b.assistDepartmentIds.length === 0) throw badRequest('invalid_argument', 'assistDepartmentIds');
        for (const [field, id] of [['leadDepartmentId', b.leadDepartmentId], ...b.assistDepartmentIds.map((d) => ['assistDepartmentIds', d])] as Array<[string, string | null | undefined]>) {
          if (!id) continue;
          const d = await departmentById(tx, id);
          if (!d || d.cityId !== region.cityId) throw notFound('department', field);
        }
        const [r] = await tx
          .insert(appealRoutingRules)
          .values({ cityId: region.cityId, categoryId: category.id, regionId: region.id, regionPath: region.path, mode: b.mode, leadDepartmentId: b.leadDepartmentId ?? null, assistDepartmentIds: b.assistDepartmentIds, priority: b.priority })
          .returning();
        return { value: r!, subjectType: 'appeal_routing_rule', subjectId: r!.id, cityId: r!.cityId, regionPath: r!.regionPath, detail: { mode: r!.mode } };
      });
      forgetCityConfig(services, req.ctx.auth!.cityId);
      return reply.code(201).send({ rule: (await presentRules(db, [rule]))[0] });
    },
  );

  app.delete(
    '/api/appeals/routing-rules/:id',
    {
      config: {
        policy: rolesIn(['admin'], async (req) => {
          const id = (req.params as { id?: string }).id;
          if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
          const [r] = await db.select().from(appealRoutingRules).where(eq(appealRoutingRules.id, id)).limit(1);
          return r ? { regionPath: r.regionPath } : null;
        }),
        action: 'appeals.rule_remove',
      },
      schema: { tags: ['appeals'], summary: 'Remove a routing rule', params: Id },
    },
    async (req, reply) => {
      await runCommand(services, req, 'appeals.rule_remove', async ({ tx }) => {
        const gone = await tx.delete(appealRoutingRules).where(and(eq(appealRoutingRules.id, req.params.id))).returning();
        if (gone.length === 0) throw notFound('subject', 'id');
        return { value: null, subjectType: 'appeal_routing_rule', subjectId: req.params.id, cityId: gone[0]!.cityId, regionPath: gone[0]!.regionPath };
      });
      forgetCityConfig(services, req.ctx.auth!.cityId);
      return reply.code(204).send();
    },
  );
}
