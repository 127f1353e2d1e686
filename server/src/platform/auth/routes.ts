import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { App } from '../http/app-types.js';
import { AppError, badRequest, unauthorized } from '../errors.js';
import { authenticated, publicRoute, requireAuth } from '../http/policy.js';
import { runCommand } from '../http/command.js';
import type { Services } from '../services.js';
import type { AuthState } from '../http/context.js';
import { login } from './login.js';
import { GRANTABLE_BY } from '../access/roles.js';
import { SESSION_COOKIE, loadGrants, revokeSession, revokeUserSessions } from './sessions.js';
import { users } from './schema.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { checkPasswordPolicy } from './password-policy.js';
import { generateTotpSecret, matchTotpStep, otpauthUrl } from './totp.js';
import { accessChanged } from '../access/changes.js';

const GrantOut = z.object({ id: z.string(), role: z.string(), regionId: z.string(), regionName: z.string(), regionLevel: z.string() });
export const MeOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  grants: z.array(GrantOut),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  grantableRoles: z.array(z.string()),
});

/** Roles the caller may grant somewhere (the UI offers these; the server checks each grant's place). */
const grantableRoles = (a: AuthState) => [...new Set(a.grants.flatMap((g) => GRANTABLE_BY[g.role]))];

const presentMe = (a: AuthState) => ({
  id: a.userId,
  username: a.username,
  displayName: a.displayName,
  roles: [...a.roles],
  grants: a.grants.map((g) => ({ id: g.id, role: g.role, regionId: g.regionId, regionName: g.regionName, regionLevel: g.regionLevel })),
  totpEnabled: a.totpEnabled,
  mustChangePassword: a.mustChangePassword,
  grantableRoles: grantableRoles(a),
});

/** Throws a 400 naming the field when a password breaks the configured policy. */
export function assertPasswordPolicy(services: Services, pw: string, field: string): void {
  const res = checkPasswordPolicy(pw, { minLength: services.config.PASSWORD_MIN_LENGTH, requireClasses: services.config.PASSWORD_CLASSES });
  if (!res.ok) {
    throw badRequest(`password_${res.reason}`, field, { min: services.config.PASSWORD_MIN_LENGTH, classes: services.config.PASSWORD_CLASSES });
  }
}

function setSessionCookie(services: Services, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: services.config.COOKIE_SECURE,
    path: '/',
    expires: expiresAt,
  });
}

export function authRoutes(app: App, services: Services): void {
  app.post(
    '/api/auth/login',
    {
      config: { policy: publicRoute(), action: 'auth.login' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password (and a TOTP code when enabled)',
        body: z.object({
          username: z.string().min(1).max(64),
          password: z.string().min(1).max(256),
          totp: z.string().regex(/^\d{6}$/).optional(),
          /** Non-browser clients (apps, scripts) ask for the token in the answer, to send as a Bearer header. */
          bearer: z.boolean().optional(),
        }),
      },
    },
    async (req, reply) => {
      const { user, session } = await login(services, req, req.body);
      setSessionCookie(services, reply, session.token, session.expiresAt);
      const grants = await loadGrants(services.database.db, user.id);
      return {
        ...(req.body.bearer ? { token: session.token } : {}),
        user: presentMe({
          userId: user.id,
          username: user.username,
          displayName: user.displayName,
          cityId: user.cityId,
          sessionId: session.id,
          grants,
          roles: new Set(grants.map((g) => g.role)),
          mustChangePassword: user.mustChangePassword,
          totpEnabled: user.totpEnabled,
        }),
      };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { policy: authenticated(), action: 'auth.logout' }, schema: { tags: ['auth'], summary: 'End the current session' } },
    async (req, reply) => {
      const auth = requireAuth(req);
      await runCommand(services, req, 'auth.logout', async ({ tx }) => {
        await revokeSession(tx, auth.sessionId);
        return { value: null, subjectType: 'user', subjectId: auth.userId };
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { config: { policy: authenticated() }, schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: z.object({ user: MeOut }) } } },
    async (req) => ({ user: presentMe(requireAuth(req)) }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { policy: authenticated(), action: 'auth.password_change' },
      schema: {
        tags: ['auth'],
        summary: 'Change my password; every session of mine ends, log in again',
        body: z.object({ oldPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }),
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      assertPasswordPolicy(services, req.body.newPassword, 'newPassword');
      const user = await services.database.db.query.users.findFirst({ where: eq(users.id, auth.userId) });
      if (!user) throw unauthorized();
      if (!(await verifyPassword(user.passwordHash, req.body.oldPassword))) {
        throw new AppError(400, 'password_wrong', 'old password wrong', 'oldPassword');
      }
      const hash = await hashPassword(req.body.newPassword);
      await runCommand(services, req, 'auth.password_change', async ({ tx }) => {
        await tx
          .update(users)
          .set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date() })
          .where(eq(users.id, auth.userId));
        await revokeUserSessions(tx, auth.userId);
        return { value: null, subjectType: 'user', subjectId: auth.userId };
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/totp/setup',
    {
      config: { policy: authenticated(), action: 'auth.totp_setup' },
      schema: { tags: ['auth'], summary: 'Generate a TOTP secret (not active until confirmed with a code); refused while TOTP is on' },
    },
    async (req) => {
      const auth = requireAuth(req);
      // Once on, only an administrator's reset turns it off: a stolen session must not disable it.
      if (auth.totpEnabled) throw new AppError(409, 'totp_already_enabled');
      const secret = generateTotpSecret();
      await runCommand(services, req, 'auth.totp_setup', async ({ tx }) => {
        await tx
          .update(users)
          .set({ totpSecretEnc: services.crypto.encrypt(secret, `totp:${auth.userId}`), totpEnabled: false, updatedAt: new Date() })
          .where(eq(users.id, auth.userId));
        return { value: null, subjectType: 'user', subjectId: auth.userId };
      });
      return { secret, otpauthUrl: otpauthUrl(secret, auth.username) };
    },
  );

  app.post(
    '/api/auth/totp/enable',
    {
      config: { policy: authenticated(), action: 'auth.totp_enable' },
      schema: { tags: ['auth'], summary: 'Confirm the TOTP secret with a current code', body: z.object({ code: z.string().regex(/^\d{6}$/) }) },
    },
    async (req, reply) => {
      const auth = requireAuth(req);
      const user = await services.database.db.query.users.findFirst({ where: eq(users.id, auth.userId) });
      if (!user?.totpSecretEnc) throw badRequest('totp_not_setup', 'code');
      if (user.totpEnabled) throw new AppError(409, 'totp_already_enabled');
      const secret = services.crypto.decrypt(user.totpSecretEnc, `totp:${auth.userId}`);
      const step = matchTotpStep(secret, req.body.code, Date.now());
      if (step === null) throw badRequest('totp_invalid', 'code');
      await runCommand(services, req, 'auth.totp_enable', async ({ tx }) => {
        accessChanged();
        await tx.update(users).set({ totpEnabled: true, totpLastStep: step, updatedAt: new Date() }).where(eq(users.id, auth.userId));
        return { value: null, subjectType: 'user', subjectId: auth.userId };
      });
      return reply.code(204).send();
    },
  );
}
