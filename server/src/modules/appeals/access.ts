import { and, eq, or } from 'drizzle-orm';
import type { Role } from '../../platform/access/roles.js';
import { inSubtree } from '../../platform/access/scope.js';
import type { DbOrTx } from '../../platform/db/client.js';
import type { AuthState } from '../../platform/http/context.js';
import { departmentsOfUser } from '../departments/queries.js';
import type { ActorKind } from './machine.js';
import { appealAssignments, appealCallers, type appeals } from './schema.js';

export type AppealRow = typeof appeals.$inferSelect;

/** Who governs an area and so sees every case in it. */
export const AREA_READERS: readonly Role[] = ['admin', 'org_dept', 'street_admin', 'community_admin', 'dispatcher', 'grid_worker'];
/** Who may report a case (the channel follows from the role). */
export const REPORTERS: readonly Role[] = ['dispatcher', 'resident', 'member', 'grid_worker', 'building_leader'];
/** Everyone who may be a party to a case in some way. */
export const APPEAL_PARTIES: readonly Role[] = [...AREA_READERS, 'dept_handler', 'resident', 'member', 'building_leader'];
/** Who acts on cases (the machine decides which command each may give). */
export const APPEAL_ACTORS: readonly Role[] = ['admin', 'street_admin', 'community_admin', 'dispatcher', 'grid_worker', 'dept_handler'];

const grantsCover = (auth: AuthState, roles: readonly Role[], path: string) =>
  auth.grants.some((g) => roles.includes(g.role) && inSubtree(path, g.regionPath));

/** True when the user reported the case or is one of its callers. */
export async function isOwnCase(db: DbOrTx, userId: string, appeal: Pick<AppealRow, 'id' | 'reporterUserId'>): Promise<boolean> {
  if (appeal.reporterUserId === userId) return true;
  const [c] = await db
    .select({ id: appealCallers.id })
    .from(appealCallers)
    .where(and(eq(appealCallers.userId, userId), or(eq(appealCallers.appealId, appeal.id), eq(appealCallers.originalAppealId, appeal.id))))
    .limit(1);
  return Boolean(c);
}

/** The departments of this user that are on the case, as lead or assist (current round). */
export async function caseDepartments(db: DbOrTx, userId: string, appeal: Pick<AppealRow, 'id' | 'leadDepartmentId'>) {
  const mine = await departmentsOfUser(db, userId);
  if (mine.length === 0) return { lead: false, assists: [] as string[] };
  const rows = await db.select().from(appealAssignments).where(eq(appealAssignments.appealId, appeal.id));
  const lead = appeal.leadDepartmentId !== null && mine.includes(appeal.leadDepartmentId);
  const assists = rows.filter((r) => r.role === 'assist' && mine.includes(r.departmentId)).map((r) => r.departmentId);
  return { lead, assists };
}

/** May this user see the case? Area staff in whose subtree it lies, its departments, and its reporters. */
export async function canSee(db: DbOrTx, auth: AuthState, appeal: AppealRow): Promise<boolean> {
  if (grantsCover(auth, AREA_READERS, appeal.regionPath)) return true;
  if (auth.roles.has('dept_handler')) {
    const d = await caseDepartments(db, auth.userId, appeal);
    if (d.lead || d.assists.length > 0) return true;
  }
  return isOwnCase(db, auth.userId, appeal);
}

/** The parts this user plays on the case, as the machine names them. */
export async function actorKinds(db: DbOrTx, auth: AuthState, appeal: AppealRow): Promise<Set<ActorKind>> {
  const kinds = new Set<ActorKind>();
  if (grantsCover(auth, ['dispatcher'], appeal.regionPath)) kinds.add('dispatcher');
  if (grantsCover(auth, ['admin', 'street_admin', 'community_admin'], appeal.regionPath)) kinds.add('reviewer');
  if (appeal.mode === 'grid' && (appeal.assigneeUserId === auth.userId || grantsCover(auth, ['grid_worker'], appeal.regionPath))) {
    kinds.add('grid_worker');
  }
  if (auth.roles.has('dept_handler')) {
    const d = await caseDepartments(db, auth.userId, appeal);
    if (d.lead && appeal.mode !== 'grid') kinds.add('handler');
    if (d.assists.length > 0) kinds.add('assist');
  }
  return kinds;
}
