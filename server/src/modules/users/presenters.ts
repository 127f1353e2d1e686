import { asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { roleGrants } from '../../platform/access/schema.js';
import { users } from '../../platform/auth/schema.js';
import { regions } from '../regions/schema.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { maskPhone } from '../../platform/pii/mask.js';

type UserRow = typeof users.$inferSelect;

export async function grantsOfUsers(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, Array<{ id: string; role: string; regionId: string; regionName: string; regionLevel: string }>>();
  const rows = await db
    .select({ id: roleGrants.id, userId: roleGrants.userId, role: roleGrants.role, regionId: roleGrants.regionId, regionName: regions.name, regionLevel: regions.level })
    .from(roleGrants)
    .innerJoin(regions, eq(regions.id, roleGrants.regionId))
    .where(inArray(roleGrants.userId, ids))
    .orderBy(asc(roleGrants.createdAt));
  const out = new Map<string, Array<{ id: string; role: string; regionId: string; regionName: string; regionLevel: string }>>();
  for (const { userId, ...g } of rows) {
    const list = out.get(userId) ?? [];
    list.push(g);
    out.set(userId, list);
  }
  return out;
}

/** The user as lists and forms show it: personal data masked, lock state derived. */
export function presentUser(u: UserRow, grants: Awaited<ReturnType<typeof grantsOfUsers>>, crypto: CryptoProvider) {
  const locked = u.lockedUntil !== null && u.lockedUntil.getTime() > Date.now();
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phoneMasked: u.phoneEnc ? maskPhone(crypto.decrypt(u.phoneEnc, 'users.phone')) : null,
    hasIdNumber: u.idNumberEnc !== null,
    status: u.status === 'disabled' ? 'disabled' : locked ? 'locked' : 'active',
    lockedUntil: locked ? u.lockedUntil!.toISOString() : null,
    totpEnabled: u.totpEnabled,
    mustChangePassword: u.mustChangePassword,
    grants: grants.get(u.id) ?? [],
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export const userById = async (db: DbOrTx, id: string) => (await db.select().from(users).where(eq(users.id, id)).limit(1))[0];
