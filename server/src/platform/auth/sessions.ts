import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db, DbOrTx } from '../db/client.js';
import { isRole, type Role } from '../access/roles.js';
import { roleGrants } from '../access/schema.js';
import type { ActiveGrant } from '../access/scope.js';
import { regions } from '../../modules/regions/schema.js';
import type { AuthState } from '../http/context.js';
import { sessions, users } from './schema.js';
import { recallSession, rememberSession } from './session-cache.js';
import { accessChanged } from '../access/changes.js';

export const SESSION_COOKIE = 'tx_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session and returns the bearer token (shown once; only its hash is stored). */
export async function createSession(
  tx: DbOrTx,
  config: Config,
  userId: string,
  meta: { ip: string; userAgent: string | undefined },
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + config.SESSION_TTL_MINUTES * 60_000);
  const [row] = await tx
    .insert(sessions)
    .values({ userId, tokenHash: hashToken(token), expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) ?? null })
    .returning({ id: sessions.id });
  return { token, id: row!.id, expiresAt };
}

export async function revokeSession(tx: DbOrTx, sessionId: string): Promise<void> {
  accessChanged();
  await tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, sessionId));
}

export async function revokeUserSessions(tx: DbOrTx, userId: string): Promise<void> {
  accessChanged();
  await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function loadGrants(db: DbOrTx, userId: string): Promise<ActiveGrant[]> {
  const rows = await db
    .select({
      id: roleGrants.id,
      role: roleGrants.role,
      regionId: roleGrants.regionId,
      regionPath: roleGrants.regionPath,
      regionName: regions.name,
      regionLevel: regions.level,
    })
    .from(roleGrants)
    .innerJoin(regions, eq(regions.id, roleGrants.regionId))
    .where(eq(roleGrants.userId, userId))
    .orderBy(roleGrants.createdAt);
  return rows.filter((r) => isRole(r.role)).map((r) => ({ ...r, role: r.role as Role }));
}

export type SessionLookup = { state: AuthState } | { expired: true } | null;

/**
 * Resolves a token to the caller. A session ends at its absolute expiry, after SESSION_IDLE_MINUTES
 * without use, when revoked, or when the account is disabled.
 */
export async function resolveSession(db: Db, config: Config, token: string): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const remembered = recallSession(tokenHash);
  if (remembered) return { state: remembered };
  // Requests of one session arriving together share one look-up.
  let pending = lookups.get(tokenHash);
  if (!pending) {
    pending = lookUp(db, config, tokenHash).finally(() => lookups.delete(tokenHash));
    lookups.set(tokenHash, pending);
  }
  return pending;
}

const lookups = new Map<string, Promise<SessionLookup>>();

async function lookUp(db: Db, config: Config, tokenHash: string): Promise<SessionLookup> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  if (!row) return null;
  const now = Date.now();
  const idleLimit = row.session.lastSeenAt.getTime() + config.SESSION_IDLE_MINUTES * 60_000;
  if (row.session.revokedAt || row.session.expiresAt.getTime() <= now || idleLimit <= now || row.user.status !== 'active') {
    return { expired: true };
  }
  // Touch at most once a minute: enough for idle expiry, and no write on every request.
  if (now - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, row.session.id));
  }
  const grants = await loadGrants(db, row.user.id);
  const state: AuthState = {
      userId: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      cityId: row.user.cityId,
      sessionId: row.session.id,
      grants,
      roles: new Set(grants.map((g) => g.role)),
      mustChangePassword: row.user.mustChangePassword,
      totpEnabled: row.user.totpEnabled,
  };
  rememberSession(tokenHash, state, { expiresAt: row.session.expiresAt.getTime(), idleAt: idleLimit });
  return { state };
}
