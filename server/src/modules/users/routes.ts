import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { notFound } from '../../platform/errors.js';
import { PII_READER_ROLES, ROLES, USER_MANAGER_ROLES } from '../../platform/access/roles.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { roleGrants } from '../../platform/access/schema.js';
import { users } from '../../platform/auth/schema.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { assertPasswordPolicy } from '../../platform/auth/routes.js';
import { revokeUserSessions } from '../../platform/auth/sessions.js';
import { writeAudit } from '../../platform/audit/audit.js';
import { regions } from '../regions/schema.js';
import { validatePhone } from '../../platform/pii/id-number.js';
import { addGrant, createUser, phoneColumns, removeGrant } from './commands.js';
import { grantsOfUsers, presentUser, userById } from './presenters.js';
import { userSubject } from './policies.js';
import { accessChanged } from '../../platform/access/changes.js';

const Id = z.object({ id: z.uuid() });
const Grant = z.object({ role: z.enum(ROLES), regionId: z.uuid() });

export function userRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const managed = rolesIn(USER_MANAGER_ROLES, userSubject(db, USER_MANAGER_ROLES));

  const present = async (ids: string[]) => {
    const grants = await grantsOfUsers(db, ids);
    return (u: typeof users.$inferSelect) => presentUser(u, grants, services.crypto);
  };

  app.get(
    '/api/users',
    {
      config: { policy: rolesIn(USER_MANAGER_ROLES) },
      schema: {
        tags: ['users'],
        summary: 'Users with a grant in my area',
        querystring: z.object({
          q: z.string().trim().max(64).optional(),
          regionId: z.uuid().optional(),
          role: z.enum(ROLES).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    },
    async (req) => {
      const roots = scopeRootsFor(req, USER_MANAGER_ROLES);
      const { q, regionId, role, page, pageSize } = req.query;
      let within = pathInRoots(roleGrants.regionPath, roots);
      if (regionId) {
        const [r] = await db.select({ path: regions.path }).from(regions).where(eq(regions.id, regionId)).limit(1);
        if (!r) throw notFound('region', 'regionId');
        within = sql`${within} and ${pathInRoots(roleGrants.regionPath, [r.path])}`;
      }
      if (role) within = sql`${within} and ${roleGrants.role} = ${role}`;
      const conds: SQL[] = [sql`exists (select 1 from ${roleGrants} where ${roleGrants.userId} = ${users.id} and ${within})`];
      if (q) {
        // A full phone number is found through its blind index; names and usernames by substring.
        const phone = /^\+?\d[\d\s-]{6,}$/.test(q) ? validatePhone(q) : null;
        const byPhone = phone?.ok ? eq(users.phoneBidx, services.crypto.blindIndex(phone.normalized, 'phone')) : undefined;
        conds.push(or(ilike(users.username, `%${q}%`), ilike(users.displayName, `%${q}%`), ...(byPhone ? [byPhone] : []))!);
      }
      const where = and(...conds);
      const [rows, [total]] = await Promise.all([
        db.select().from(users).where(where).orderBy(asc(users.username)).limit(pageSize).offset((page - 1) * pageSize),
        db.select({ n: count() }).from(users).where(where),
      ]);
      const p = await present(rows.map((r) => r.id));
      return { items: rows.map(p), total: Number(total?.n ?? 0) };
    },
  );

  app.get(
    '/api/users/:id',
    { config: { policy: managed }, schema: { tags: ['users'], summary: 'One user (personal data masked)', params: Id } },
    async (req) => {
      const u = await userById(db, req.params.id);
      if (!u) throw notFound('user');
      return { user: (await present([u.id]))(u) };
    },
  );

  app.post(
    '/api/users',
    {
      config: { policy: rolesIn(USER_MANAGER_ROLES), action: 'users.create' },
      schema: {
        tags: ['users'],
        summary: 'Create a user with at least one grant',
        body: z.object({
          username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9._-]+$/),
          displayName: z.string().trim().min(1).max(64),
          password: z.string().min(1).max(256),
          phone: z.string().max(32).nullish(),
          idNumber: z.string().max(32).nullish(),
          grants: z.array(Grant).min(1).max(20),
        }),
      },
    },
    async (req, reply) => {
      assertPasswordPolicy(services, req.body.password, 'password');
      const passwordHash = await hashPassword(req.body.password);
      const auth = req.ctx.auth!;
      const user = await runCommand(services, req, 'users.create', async ({ tx }) => {
        const { user, regionPath } = await createUser(tx, services.crypto, auth, auth.cityId, { ...req.body, passwordHash, mustChangePassword: true });
        return { value: user, subjectType: 'user', subjectId: user.id, regionPath, detail: { roles: req.body.grants.map((g) => g.role) } };
      });
      return reply.code(201).send({ user: (await present([user.id]))(user) });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { policy: managed, action: 'users.update' },
      schema: {
        tags: ['users'],
        summary: 'Change name, status or phone',
        params: Id,
        body: z.object({ displayName: z.string().trim().min(1).max(64).optional(), status: z.enum(['active', 'disabled']).optional(), phone: z.string().max(32).nullish() }),
      },
    },
    async (req) => {
      const user = await runCommand(services, req, 'users.update', async ({ tx }) => {
        const { displayName, status, phone } = req.body;
        const [u] = await tx
          .update(users)
          .set({
            ...(displayName !== undefined ? { displayName } : {}),
            ...(status !== undefined ? { status } : {}),
            ...(phone !== undefined ? phoneColumns(services.crypto, phone) : {}),
            updatedAt: new Date(),
          })
          .where(eq(users.id, req.params.id))
          .returning();
        if (!u) throw notFound('user');
        accessChanged(); // the name or status of signed-in sessions changes
        if (status === 'disabled') await revokeUserSessions(tx, u.id);
        return { value: u, subjectType: 'user', subjectId: u.id, detail: { fields: Object.keys(req.body) } };
      });
      return { user: (await present([user.id]))(user) };
    },
  );

  app.post(
    '/api/users/:id/grants',
    { config: { policy: managed, action: 'users.grant_add' }, schema: { tags: ['users'], summary: 'Grant a role at a region', params: Id, body: Grant } },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const grant = await runCommand(services, req, 'users.grant_add', async ({ tx }) => {
        const u = await userById(tx, req.params.id);
        if (!u) throw notFound('user');
        const { grant, region } = await addGrant(tx, auth, u.id, u.cityId, req.body.role, req.body.regionId);
        return { value: { grant, region }, subjectType: 'user', subjectId: u.id, regionPath: region.path, detail: { role: grant.role, regionId: region.id } };
      });
      return reply.code(201).send({
        grant: { id: grant.grant.id, role: grant.grant.role, regionId: grant.region.id, regionName: grant.region.name, regionLevel: grant.region.level },
      });
    },
  );

  app.delete(
    '/api/users/:id/grants/:grantId',
    {
      config: { policy: managed, action: 'users.grant_remove' },
      schema: { tags: ['users'], summary: 'Remove a grant', params: z.object({ id: z.uuid(), grantId: z.uuid() }) },
    },
    async (req, reply) => {
      await runCommand(services, req, 'users.grant_remove', async ({ tx }) => {
        const g = await removeGrant(tx, req.ctx.auth!, req.params.id, req.params.grantId);
        return { value: null, subjectType: 'user', subjectId: req.params.id, regionPath: g.regionPath, detail: { role: g.role, regionId: g.regionId } };
      });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      config: { policy: managed, action: 'users.password_reset' },
      schema: { tags: ['users'], summary: 'Reset a password; the user must change it at next login', params: Id, body: z.object({ newPassword: z.string().min(1).max(256) }) },
    },
    async (req, reply) => {
      assertPasswordPolicy(services, req.body.newPassword, 'newPassword');
      const hash = await hashPassword(req.body.newPassword);
      await runCommand(services, req, 'users.password_reset', async ({ tx }) => {
        const [u] = await tx
          .update(users)
          .set({ passwordHash: hash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, passwordChangedAt: new Date(), updatedAt: new Date() })
          .where(eq(users.id, req.params.id))
          .returning({ id: users.id });
        if (!u) throw notFound('user');
        await revokeUserSessions(tx, u.id);
        return { value: null, subjectType: 'user', subjectId: u.id };
      });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/users/:id/unlock',
    { config: { policy: managed, action: 'users.unlock' }, schema: { tags: ['users'], summary: 'Lift a lockout', params: Id } },
    async (req, reply) => {
      await runCommand(services, req, 'users.unlock', async ({ tx }) => {
        const [u] = await tx.update(users).set({ failedLogins: 0, lockedUntil: null, updatedAt: new Date() }).where(eq(users.id, req.params.id)).returning({ id: users.id });
        if (!u) throw notFound('user');
        return { value: null, subjectType: 'user', subjectId: u.id };
      });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/users/:id/totp-reset',
    { config: { policy: managed, action: 'users.totp_reset' }, schema: { tags: ['users'], summary: 'Turn a lost second factor off; the user sets it up again', params: Id } },
    async (req, reply) => {
      await runCommand(services, req, 'users.totp_reset', async ({ tx }) => {
        const [u] = await tx
          .update(users)
          .set({ totpEnabled: false, totpSecretEnc: null, totpLastStep: null, updatedAt: new Date() })
          .where(eq(users.id, req.params.id))
          .returning({ id: users.id });
        if (!u) throw notFound('user');
        await revokeUserSessions(tx, u.id);
        return { value: null, subjectType: 'user', subjectId: u.id };
      });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/users/:id/pii',
    {
      config: { policy: rolesIn(PII_READER_ROLES, userSubject(db, PII_READER_ROLES)) },
      schema: { tags: ['users'], summary: 'Unmasked phone and ID number (every reading is audited)', params: Id },
    },
    async (req) => {
      const u = await userById(db, req.params.id);
      if (!u) throw notFound('user');
      const auth = req.ctx.auth!;
      await writeAudit(db, {
        cityId: u.cityId,
        actorId: auth.userId,
        actorName: auth.username,
        action: 'users.pii_read',
        subjectType: 'user',
        subjectId: u.id,
        ip: req.ctx.ip,
        requestId: req.ctx.requestId,
        result: 'ok',
        detail: { fields: ['phone', 'idNumber'] },
      });
      return {
        phone: u.phoneEnc ? services.crypto.decrypt(u.phoneEnc, 'users.phone') : null,
        idNumber: u.idNumberEnc ? services.crypto.decrypt(u.idNumberEnc, 'users.id_number') : null,
      };
    },
  );
}
