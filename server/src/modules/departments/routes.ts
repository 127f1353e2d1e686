import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { STAFF_ROLES } from '../../platform/access/roles.js';
import { roleGrants } from '../../platform/access/schema.js';
import { users } from '../../platform/auth/schema.js';
import { regionSubject } from '../regions/policies.js';
import { regionById } from '../regions/queries.js';
import { departmentMembers, departments } from './schema.js';
import { departmentById } from './queries.js';

const Id = z.object({ id: z.uuid() });

/** Linkage departments and their handlers. Administrators keep the list; every staff member reads it. */
export function departmentRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const byDepartment = async (req: { params: unknown }) => {
    const id = (req.params as { id?: string }).id;
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const d = await departmentById(db, id);
    return d ? { regionPath: d.regionPath } : null;
  };

  app.get(
    '/api/departments',
    { config: { policy: rolesIn([...STAFF_ROLES, 'secretary']) }, schema: { tags: ['departments'], summary: 'The linkage departments of my city, with their handlers' } },
    async (req) => {
      const rows = await db.select().from(departments).where(eq(departments.cityId, req.ctx.auth!.cityId)).orderBy(asc(departments.regionPath), asc(departments.code));
      const members = rows.length
        ? await db
            .select({ departmentId: departmentMembers.departmentId, userId: users.id, displayName: users.displayName })
            .from(departmentMembers)
            .innerJoin(users, eq(users.id, departmentMembers.userId))
            .where(inArray(departmentMembers.departmentId, rows.map((r) => r.id)))
        : [];
      return {
        items: rows.map((d) => ({
          id: d.id,
          code: d.code,
          name: d.name,
          regionId: d.regionId,
          active: d.active,
          members: members.filter((m) => m.departmentId === d.id).map((m) => ({ userId: m.userId, displayName: m.displayName })),
        })),
      };
    },
  );

  app.post(
    '/api/departments',
    {
      config: { policy: rolesIn(['admin'], regionSubject(db, (req) => (req.body as { regionId?: string } | undefined)?.regionId)), action: 'departments.create' },
      schema: {
        tags: ['departments'],
        summary: 'Add a department at a city, district or street',
        body: z.object({ regionId: z.uuid(), code: z.string().trim().regex(/^[a-z0-9_]{2,40}$/), name: z.string().trim().min(1).max(60) }),
      },
    },
    async (req, reply) => {
      const dept = await runCommand(services, req, 'departments.create', async ({ tx }) => {
        const region = await regionById(tx, req.body.regionId);
        if (!region) throw notFound('region', 'regionId');
        if (!['city', 'district', 'street'].includes(region.level)) throw badRequest('region_parent_level', 'regionId');
        const [d] = await tx
          .insert(departments)
          .values({ cityId: region.cityId, regionId: region.id, regionPath: region.path, code: req.body.code, name: req.body.name })
          .onConflictDoNothing()
          .returning();
        if (!d) throw conflict('department_code_taken', 'code');
        return { value: d, subjectType: 'department', subjectId: d.id, cityId: d.cityId, regionPath: d.regionPath, detail: { code: d.code } };
      });
      return reply.code(201).send({ department: { id: dept.id, code: dept.code, name: dept.name, regionId: dept.regionId } });
    },
  );

  app.post(
    '/api/departments/:id/members',
    {
      config: { policy: rolesIn(['admin'], byDepartment), action: 'departments.member_add' },
      schema: { tags: ['departments'], summary: 'Add a handler (a user with the dept_handler role) to a department', params: Id, body: z.object({ userId: z.uuid() }) },
    },
    async (req, reply) => {
      await runCommand(services, req, 'departments.member_add', async ({ tx }) => {
        const d = await departmentById(tx, req.params.id);
        if (!d) throw notFound('department');
        const [g] = await tx
          .select({ id: roleGrants.id })
          .from(roleGrants)
          .where(and(eq(roleGrants.userId, req.body.userId), eq(roleGrants.role, 'dept_handler')))
          .limit(1);
        if (!g) throw badRequest('not_a_handler', 'userId');
        const added = await tx.insert(departmentMembers).values({ departmentId: d.id, userId: req.body.userId }).onConflictDoNothing().returning();
        if (added.length === 0) throw conflict('grant_exists', 'userId');
        return { value: null, subjectType: 'department', subjectId: d.id, cityId: d.cityId, regionPath: d.regionPath, detail: { userId: req.body.userId } };
      });
      return reply.code(201).send({ ok: true });
    },
  );

  app.delete(
    '/api/departments/:id/members/:userId',
    {
      config: { policy: rolesIn(['admin'], byDepartment), action: 'departments.member_remove' },
      schema: { tags: ['departments'], summary: 'Remove a handler from a department', params: z.object({ id: z.uuid(), userId: z.uuid() }) },
    },
    async (req, reply) => {
      await runCommand(services, req, 'departments.member_remove', async ({ tx }) => {
        const gone = await tx
          .delete(departmentMembers)
          .where(and(eq(departmentMembers.departmentId, req.params.id), eq(departmentMembers.userId, req.params.userId)))
          .returning();
        if (gone.length === 0) throw notFound('user', 'userId');
        return { value: null, subjectType: 'department', subjectId: req.params.id, detail: { userId: req.params.userId } };
      });
      return reply.code(204).send();
    },
  );
}
