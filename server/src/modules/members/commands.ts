import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { roleGrants } from '../../platform/access/schema.js';
import { users } from '../../platform/auth/schema.js';
import { partyMembers } from './schema.js';
import { checkMemberValues, piiColumns, type MemberValues } from './member-input.js';
import { resolvePlaces } from './places.js';

export interface MemberInput extends MemberValues {
  orgId?: string | null;
  unitId?: string | null;
  buildingId?: string | null;
  userId?: string | null;
}

/** 400 naming the field of the first problem. */
function firstProblem(problems: ReturnType<typeof checkMemberValues>['problems']): never {
  const p = problems[0]!;
  throw new AppError(400, p.code, p.code, p.field, p.extra);
}

/** The account must exist in the city, hold a `member` grant and not be linked to another member record. */
async function checkUserLink(tx: Tx, cityId: string, userId: string, memberId: string | null) {
  const [u] = await tx.select({ cityId: users.cityId }).from(users).where(eq(users.id, userId)).limit(1);
  if (!u || u.cityId !== cityId) throw notFound('user', 'userId');
  const [g] = await tx.select({ id: roleGrants.id }).from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'member'))).limit(1);
  if (!g) throw badRequest('member_user_not_member', 'userId');
  const taken = await tx
    .select({ id: partyMembers.id })
    .from(partyMembers)
    .where(memberId ? and(eq(partyMembers.userId, userId), ne(partyMembers.id, memberId)) : eq(partyMembers.userId, userId))
    .limit(1);
  if (taken.length) throw conflict('member_user_linked', 'userId');
}

async function checkIdFree(tx: Tx, cityId: string, bidx: string, memberId: string | null) {
  const cond = and(eq(partyMembers.cityId, cityId), eq(partyMembers.idNumberBidx, bidx), memberId ? ne(partyMembers.id, memberId) : undefined);
  if ((await tx.select({ id: partyMembers.id }).from(partyMembers).where(cond).limit(1)).length) throw conflict('member_id_number_taken', 'idNumber');
}

/** Adds a member to the register; places resolved within the caller's area (`roots`). */
export async function createMember(tx: Tx, crypto: CryptoProvider, actor: { userId: string; cityId: string }, roots: readonly string[], input: MemberInput) {
  const checked = checkMemberValues(input);
  if (checked.problems.length) firstProblem(checked.problems);
  const places = await resolvePlaces(tx, actor.cityId, roots, input);
  const pii = piiColumns(crypto, checked.idNumber!, checked.phone ?? null);
  await checkIdFree(tx, actor.cityId, pii.idNumberBidx, null);
  if (input.userId) await checkUserLink(tx, actor.cityId, input.userId, null);
  const [m] = await tx
    .insert(partyMembers)
    .values({
      cityId: actor.cityId,
      userId: input.userId ?? null,
      name: input.name,
      ...pii,
      gender: checked.gender!,
      birthDate: checked.birthDate!,
      standing: input.standing,
      joinDate: input.joinDate,
      kind: input.kind,
      address: input.address ?? null,
      skills: input.skills ?? [],
      ...places,
      createdBy: actor.userId,
    })
    .returning();
  return m!;
}

/** Changes a member; fields left out keep their value. `version` guards against overwriting another's change. */
export async function updateMember(
  tx: Tx,
  crypto: CryptoProvider,
  actor: { cityId: string },
  roots: readonly string[],
  id: string,
  patch: Partial<MemberInput> & { version?: number },
) {
  const [cur] = await tx.select().from(partyMembers).where(eq(partyMembers.id, id)).for('update');
  if (!cur) throw notFound('member');
  if (patch.version !== undefined && patch.version !== cur.version) throw conflict('member_changed', 'version');
  const merged: MemberInput = {
    name: patch.name ?? cur.name,
    idNumber: patch.idNumber ?? crypto.decrypt(cur.idNumberEnc, 'party_members.id_number'),
    phone: patch.phone !== undefined ? patch.phone : cur.phoneEnc ? crypto.decrypt(cur.phoneEnc, 'party_members.phone') : null,
    gender: patch.gender ?? (patch.idNumber ? null : cur.gender),
    birthDate: patch.birthDate ?? (patch.idNumber ? null : cur.birthDate),
    standing: patch.standing ?? cur.standing,
    joinDate: patch.joinDate ?? cur.joinDate,
    kind: patch.kind ?? cur.kind,
    address: patch.address !== undefined ? patch.address : cur.address,
    skills: patch.skills ?? cur.skills,
  };
  const checked = checkMemberValues(merged);
  if (checked.problems.length) firstProblem(checked.problems);
  const placesChanged = patch.orgId !== undefined || patch.unitId !== undefined || patch.buildingId !== undefined;
  const places = placesChanged
    ? await resolvePlaces(tx, actor.cityId, roots, {
        orgId: patch.orgId !== undefined ? patch.orgId : cur.orgId,
        unitId: patch.unitId !== undefined ? patch.unitId : cur.unitId,
        buildingId: patch.buildingId !== undefined ? patch.buildingId : cur.buildingId,
      })
    : {};
  const pii = piiColumns(crypto, checked.idNumber!, checked.phone ?? null);
  if (patch.idNumber) await checkIdFree(tx, cur.cityId, pii.idNumberBidx, cur.id);
  if (patch.userId) await checkUserLink(tx, cur.cityId, patch.userId, cur.id);
  const [m] = await tx
    .update(partyMembers)
    .set({
      name: merged.name,
      ...(patch.idNumber || patch.phone !== undefined ? pii : {}),
      gender: checked.gender!,
      birthDate: checked.birthDate!,
      standing: merged.standing,
      joinDate: merged.joinDate,
      kind: merged.kind,
      address: merged.address ?? null,
      skills: merged.skills ?? [],
      ...(patch.userId !== undefined ? { userId: patch.userId } : {}),
      ...places,
      version: cur.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(partyMembers.id, id))
    .returning();
  return m!;
}
