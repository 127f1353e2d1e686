import type { FastifyRequest } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { GRANTABLE_BY, USER_MANAGER_ROLES, isRole, type Role } from '../../platform/access/roles.js';
import { roleGrants } from '../../platform/access/schema.js';
import { inSubtree, scopeRoots, type ActiveGrant } from '../../platform/access/scope.js';
import type { Db } from '../../platform/db/client.js';
import type { SubjectRef } from '../../platform/http/policy.js';

/**
 * A user lies where their grants are. A manager may act on a user only when the manager could have made
 * every one of that user's grants (inside the manager's subtree, and a role the manager may grant): a
 * community secretary cannot reset the password of a district admin who also lives in the community.
 * A user without grants belongs to the city root.
 */
export const userSubject =
  (db: Db, roles: readonly Role[]) =>
  async (req: FastifyRequest): Promise<SubjectRef | null> => {
    const id = (req.params as { id?: string }).id;
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [exists] = await db.execute(sqlUserExists(id)).then((r) => (r as unknown as { rows: Array<{ city_path: string | null }> }).rows);
    if (!exists) return null;
    const grants = await db.select({ path: roleGrants.regionPath, role: roleGrants.role }).from(roleGrants).where(eq(roleGrants.userId, id));
    const mine = req.ctx.auth?.grants ?? [];
    const roots = scopeRoots(mine, roles);
    const inScope = grants.find((g) => roots.some((r) => inSubtree(g.path, r)));
    const allGrantable = grants.every((g) => isRole(g.role) && canGrant(mine, g.role, g.path));
    return { regionPath: inScope?.path ?? grants[0]?.path ?? exists.city_path ?? '/', denied: !allGrantable };
  };

const sqlUserExists = (id: string) =>
  sql`select (select path from regions where id = u.city_id) as city_path from users u where u.id = ${id}`;

/** May the caller grant `role` at a region with this path? Needs a manager grant above it that allows the role. */
export function canGrant(grants: readonly ActiveGrant[], role: Role, regionPath: string): boolean {
  return grants.some(
    (g) => (USER_MANAGER_ROLES as readonly string[]).includes(g.role) && inSubtree(regionPath, g.regionPath) && GRANTABLE_BY[g.role].includes(role),
  );
}
