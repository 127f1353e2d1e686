import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import type { ActiveGrant } from '../../platform/access/scope.js';
import type { AuthState } from '../../platform/http/context.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { loadGrants, revokeUserSessions } from '../../platform/auth/sessions.js';
import { users } from '../../platform/auth/schema.js';
import { createUser } from '../users/commands.js';
import { open311Keys } from './schema.js';

/**
 * Open311 api_keys. A key belongs to a city and files its requests as a service account of its own (a user
 * holding the dispatcher role at the city, with a random password nobody knows). Only the key's SHA-256 is
 * stored; the plain key is shown once, when it is issued.
 */

export type Open311KeyRow = typeof open311Keys.$inferSelect;

const KEY_PREFIX = 'o311_';
export const KEY_PATTERN = /^o311_[A-Za-z0-9_-]{43}$/;

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** The username of a client's service account: open311_<slug of the client's name>. */
export function serviceAccountSlug(name: string): string {
  const slug = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 32);
  return slug || 'client';
}

/** Creates the service account and the key (one transaction, given by the caller); returns the plain key once. */
export async function issueKey(
  tx: Tx,
  crypto: CryptoProvider,
  input: { cityId: string; name: string; createdBy: string | null; granter: { userId: string; grants: readonly ActiveGrant[] } | null },
): Promise<{ key: Open311KeyRow; apiKey: string; username: string }> {
  const base = `open311_${serviceAccountSlug(input.name)}`;
  let username = base;
  for (let i = 0; ; i++) {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
    if (!taken) break;
    if (i >= 20) throw new Error('no free service account username');
    username = `${base}_${randomBytes(3).toString('hex')}`;
  }
  // A password of 32 random bytes that is thrown away: nobody can log in as the account.
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const { user } = await createUser(tx, crypto, input.granter, input.cityId, {
    username,
    displayName: `Open311: ${input.name}`,
    passwordHash,
    grants: [{ role: 'dispatcher', regionId: input.cityId }],
    mustChangePassword: true,
  });
  const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const [key] = await tx
    .insert(open311Keys)
    .values({ cityId: input.cityId, name: input.name, keyHash: hashApiKey(apiKey), userId: user.id, createdBy: input.createdBy })
    .returning();
  return { key: key!, apiKey, username };
}

/** The key an api_key names, when it is well-formed, not revoked, and its account is active; else null. */
export async function findActiveKey(db: DbOrTx, apiKey: string | null | undefined): Promise<Open311KeyRow | null> {
  if (!apiKey || !KEY_PATTERN.test(apiKey)) return null;
  const hash = hashApiKey(apiKey);
  const [row] = await db
    .select({ key: open311Keys, status: users.status })
    .from(open311Keys)
    .innerJoin(users, eq(users.id, open311Keys.userId))
    .where(and(eq(open311Keys.keyHash, hash), isNull(open311Keys.revokedAt)))
    .limit(1);
  if (!row || row.status !== 'active') return null;
  // The lookup is by an index on the hash; compare the whole hash once more in constant time.
  if (!timingSafeEqual(Buffer.from(row.key.keyHash, 'hex'), Buffer.from(hash, 'hex'))) return null;
  return row.key;
}

/**
 * Makes the request act as the key's service account: loads the account and its grants and sets
 * `req.ctx.auth`, so that intake, runCommand and the audit trail see the client as the actor. There is no
 * session behind it; `sessionId` names the key instead.
 */
export async function actAsKeyServiceAccount(db: DbOrTx, req: FastifyRequest, key: Open311KeyRow): Promise<AuthState> {
  const [user] = await db.select().from(users).where(eq(users.id, key.userId)).limit(1);
  if (!user || user.status !== 'active') throw new Error(`open311 key ${key.id}: service account missing or disabled`);
  const grants = await loadGrants(db, user.id);
  const auth: AuthState = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    cityId: user.cityId,
    sessionId: `open311-key:${key.id}`,
    grants,
    roles: new Set(grants.map((g) => g.role)),
    // The account never logs in; its password was never meant to be used, let alone changed.
    mustChangePassword: false,
    totpEnabled: false,
  };
  req.ctx.auth = auth;
  return auth;
}

export async function keysOfCity(db: DbOrTx, cityId: string) {
  return db
    .select({ id: open311Keys.id, name: open311Keys.name, username: users.username, createdAt: open311Keys.createdAt, createdBy: open311Keys.createdBy, revokedAt: open311Keys.revokedAt })
    .from(open311Keys)
    .innerJoin(users, eq(users.id, open311Keys.userId))
    .where(eq(open311Keys.cityId, cityId))
    .orderBy(desc(open311Keys.createdAt));
}

/** Revokes a key of the city and disables its service account; revoking twice changes nothing. Null when unknown. */
export async function revokeKey(tx: Tx, cityId: string, id: string): Promise<Open311KeyRow | null> {
  const [key] = await tx.select().from(open311Keys).where(and(eq(open311Keys.id, id), eq(open311Keys.cityId, cityId))).for('update');
  if (!key) return null;
  if (key.revokedAt) return key;
  const [revoked] = await tx.update(open311Keys).set({ revokedAt: new Date() }).where(eq(open311Keys.id, id)).returning();
  await tx.update(users).set({ status: 'disabled', updatedAt: new Date() }).where(eq(users.id, key.userId));
  await revokeUserSessions(tx, key.userId);
  return revoked!;
}

