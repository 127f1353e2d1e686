import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { pathInRoots, scopeRoots } from '../../platform/access/scope.js';
import type { Tx } from '../../platform/db/client.js';
import { regionById } from '../regions/queries.js';
import { regionSubject } from '../regions/policies.js';
import { HARDSHIP_FLAGS, householdResidents, households } from './schema.js';
import { HARDSHIP_READERS, MEMBER_MANAGERS, MEMBER_READERS, householdSubject } from './access.js';
import { presentHouseholds } from './presenters.js';

const Id = z.object({ id: z.uuid() });
const Resident = z.object({
  name: z.string().trim().min(1).max(64),
  relation: z.enum(['head', 'spouse', 'child', 'parent', 'other']).default('other'),
  birthYear: z.number().int().min(1900).max(2100).nullish(),
  userId: z.uuid().nullish(),
});
const HouseholdBody = z.object({
  buildingId: z.uuid(),
  address: z.string().trim().min(1).max(200),
  hardship: z.array(z.enum(HARDSHIP_FLAGS)).max(HARDSHIP_FLAGS.length).default([]),
  note: z.string().trim().max(500).nullish(),
  residents: z.array(Resident).max(30).default([]),
});
const HouseholdPatch = z.object({
  address: z.string().trim().min(1).max(200).optional(),
  hardship: z.array(z.enum(HARDSHIP_FLAGS)).max(HARDSHIP_FLAGS.length).optional(),
  note: z.string().trim().max(500).nullish(),
  residents: z.array(Resident).max(30).optional(),
  version: z.number().int().min(0).optional(),
});

/** May this caller see hardship flags where the household sits? (grants of a serving role above it) */
export const seesHardship = (req: FastifyRequest, path: string) => scopeRoots(req.ctx.auth!.grants, HARDSHIP_READERS).some((r) => path.startsWith(r));

async function replaceResidents(tx: Tx, householdId: string, residents: z.infer<typeof Resident>[]) {
  await tx.delete(householdResidents).where(eq(householdResidents.householdId, householdId));
  if (residents.length)
    {await tx.insert(householdResidents).values(residents.map((r) => ({ householdId, name: r.name, relation: r.relation, birthYear: r.birthYear ?? null, userId: r.userId ?? null })));}
}

/** Households (户) in buildings, with their residents and hardship flags (sensitive). */
export function householdRoutes(app: App, services: Services): void {
  const { db } = services.database;

  app.get(
    '/api/households',
    {
      config: { policy: rolesIn(MEMBER_READERS) },
      schema: {
        tags: ['members'],
        summary: 'Households in my area (hardship flags only for the roles that serve them)',
        querystring: z.object({
          buildingId: z.uuid().optional(),
          hardship: z.enum(HARDSHIP_FLAGS).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      const { buildingId, hardship, page, pageSize } = req.query;
      const conds: SQL[] = [eq(households.cityId, req.ctx.auth!.cityId), pathInRoots(households.regionPath, scopeRootsFor(req, MEMBER_READERS))];
      if (buildingId) conds.push(eq(households.buildingId, buildingId));
      // Filtering by a flag is itself a reading of flags: only for those who may see them.
      if (hardship) conds.push(sql`${households.hardship} ? ${hardship}`, pathInRoots(households.regionPath, scopeRootsFor(req, HARDSHIP_READERS)));
      const where = and(...conds);
      const [rows, [total]] = await Promise.all([
        db.select().from(households).where(where).orderBy(asc(households.regionPath), asc(households.address)).limit(pageSize).offset((page - 1) * pageSize),
        db.select({ n: count() }).from(households).where(where),
      ]);
      const roots = scopeRootsFor(req, HARDSHIP_READERS);
      const shown = await presentHouseholds(db, rows, true);
      const items = shown.map((h, i) => (roots.some((r) => rows[i]!.regionPath.startsWith(r)) ? h : { ...h, hardship: null, hardshipMasked: true, note: null }));
      return { items, total: Number(total?.n ?? 0) };
    },
  );

  app.get(
    '/api/households/:id',
    { config: { policy: rolesIn(MEMBER_READERS, householdSubject(db)) }, schema: { tags: ['members'], summary: 'One household', params: Id } },
    async (req) => {
      const [h] = await db.select().from(households).where(eq(households.id, req.params.id)).limit(1);
      if (!h) throw notFound('household');
      return { household: (await presentHouseholds(db, [h], seesHardship(req, h.regionPath)))[0]! };
    },
  );

  app.post(
    '/api/households',
    {
      config: {
        policy: rolesIn(MEMBER_MANAGERS, regionSubject(db, (req) => (req.body as { buildingId?: string } | undefined)?.buildingId)),
        action: 'households.create',
      },
      schema: { tags: ['members'], summary: 'Register a household in a building, with its residents', body: HouseholdBody },
    },
    async (req, reply) => {
      const b = req.body;
      const building = (await regionById(db, b.buildingId))!;
      if (building.level !== 'building') throw badRequest('member_not_a_building', 'buildingId');
      const h = await runCommand(services, req, 'households.create', async ({ tx }) => {
        const [h] = await tx
          .insert(households)
          .values({ cityId: building.cityId, buildingId: building.id, regionPath: building.path, address: b.address, hardship: b.hardship, note: b.note ?? null })
          .returning();
        await replaceResidents(tx, h!.id, b.residents);
        return { value: h!, subjectType: 'household', subjectId: h!.id, cityId: h!.cityId, regionPath: h!.regionPath, detail: { residents: b.residents.length } };
      });
      return reply.code(201).send({ household: (await presentHouseholds(db, [h], true))[0]! });
    },
  );

  app.patch(
    '/api/households/:id',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS, householdSubject(db)), action: 'households.update' },
      schema: { tags: ['members'], summary: 'Change a household (residents, when given, replace the list)', params: Id, body: HouseholdPatch },
    },
    async (req) => {
      const p = req.body;
      const h = await runCommand(services, req, 'households.update', async ({ tx }) => {
        const [cur] = await tx.select().from(households).where(eq(households.id, req.params.id)).for('update');
        if (!cur) throw notFound('household');
        if (p.version !== undefined && p.version !== cur.version) throw conflict('member_changed', 'version');
        const [h] = await tx
          .update(households)
          .set({
            ...(p.address !== undefined ? { address: p.address } : {}),
            ...(p.hardship !== undefined ? { hardship: p.hardship } : {}),
            ...(p.note !== undefined ? { note: p.note } : {}),
            version: cur.version + 1,
            updatedAt: new Date(),
          })
          .where(eq(households.id, cur.id))
          .returning();
        if (p.residents) await replaceResidents(tx, cur.id, p.residents);
        return { value: h!, subjectType: 'household', subjectId: cur.id, cityId: cur.cityId, regionPath: cur.regionPath, detail: { fields: Object.keys(p) } };
      });
      return { household: (await presentHouseholds(db, [h], true))[0]! };
    },
  );
}
