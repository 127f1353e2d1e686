import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { ROLE_LEVELS, type Role } from '../../platform/access/roles.js';
import type { ActiveGrant } from '../../platform/access/scope.js';
import { roleGrants } from '../../platform/access/schema.js';
import { users } from '../../platform/auth/schema.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { validateIdNumber, validatePhone } from '../../platform/pii/id-number.js';
import { newId } from '../../platform/db/columns.js';
import { regionById } from '../regions/queries.js';
import { canGrant } from './policies.js';
import { accessChanged } from '../../platform/access/changes.js';

export interface PiiFields {
  phoneEnc: string | null;
  phoneBidx: string | null;
  idNumberEnc?: string | null;
  idNumberBidx?: string | null;
}

/** Validates, encrypts and indexes a phone number (field `phone`). null clears it. */
export function phoneColumns(crypto: CryptoProvider, phone: string | null): Pick<PiiFields, 'phoneEnc' | 'phoneBidx'> {
  if (phone === null || phone === '') return { phoneEnc: null, phoneBidx: null };
  const v = validatePhone(phone);
  if (!v.ok) throw badRequest('phone_invalid', 'phone');
  return { phoneEnc: crypto.encrypt(v.normalized, 'users.phone'), phoneBidx: crypto.blindIndex(v.normalized, 'phone') };
}

/** Validates (GB 11643 check digit), encrypts and indexes an ID-card number (field `idNumber`). */
export function idNumberColumns(crypto: CryptoProvider, idNumber: string | null) {
  if (idNumber === null || idNumber === '') return { idNumberEnc: null, idNumberBidx: null };
  const v = validateIdNumber(idNumber);
  if (!v.ok) throw badRequest('id_number_invalid', 'idNumber', { reason: v.reason });
  return { idNumberEnc: crypto.encrypt(v.normalized, 'users.id_number'), idNumberBidx: crypto.blindIndex(v.normalized, 'id_number') };
}

/** Adds a grant after checking the level and the granter's right to grant it there. */
export async function addGrant(
  tx: Tx,
  granter: { userId: string; grants: readonly ActiveGrant[] } | null,
  userId: string,
  cityId: string,
  role: Role,
  regionId: string,
  field = 'regionId',
) {
  const region = await regionById(tx, regionId);
  if (!region || region.cityId !== cityId) throw notFound('region', field);
  if (!ROLE_LEVELS[role].includes(region.level)) throw badRequest('role_region_level', field, { role });
  if (granter && !canGrant(granter.grants, role, region.path)) throw forbidden('out_of_scope');
  accessChanged(); // the user's sessions gain a role
  const inserted = await tx
    .insert(roleGrants)
    .values({ cityId, userId, role, regionId, regionPath: region.path, createdBy: granter?.userId ?? null })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) throw conflict('grant_exists', field);
  return { grant: inserted[0]!, region };
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  passwordHash: string;
  phone?: string | null;
  idNumber?: string | null;
  grants: Array<{ role: Role; regionId: string }>;
  mustChangePassword: boolean;
}

export async function createUser(
  tx: Tx,
  crypto: CryptoProvider,
  granter: { userId: string; grants: readonly ActiveGrant[] } | null,
  cityId: string,
  input: CreateUserInput,
) {
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)).limit(1);
  if (taken) throw conflict('username_taken', 'username');
  const id = newId();
  const [user] = await tx
    .insert(users)
    .values({
      id,
      cityId,
      username: input.username,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      mustChangePassword: input.mustChangePassword,
      ...phoneColumns(crypto, input.phone ?? null),
      ...idNumberColumns(crypto, input.idNumber ?? null),
    })
    .returning();
  const paths: string[] = [];
  for (const [i, g] of input.grants.entries()) {
    const { region } = await addGrant(tx, granter, id, cityId, g.role, g.regionId, `grants.${i}.regionId`);
    paths.push(region.path);
  }
  return { user: user!, regionPath: paths[0] ?? null };
}

export async function removeGrant(tx: Tx, granter: { grants: readonly ActiveGrant[] }, userId: string, grantId: string) {
  const [g] = await tx.select().from(roleGrants).where(and(eq(roleGrants.id, grantId), eq(roleGrants.userId, userId))).limit(1);
  if (!g) throw notFound('grant', 'grantId');
  if (!canGrant(granter.grants, g.role as Role, g.regionPath)) throw new AppError(403, 'out_of_scope');
  accessChanged(); // the user's sessions lose a role
  await tx.delete(roleGrants).where(eq(roleGrants.id, grantId));
  return g;
}
