import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { departmentMembers, departments } from './schema.js';

export type DepartmentRow = typeof departments.$inferSelect;

export const departmentById = async (db: DbOrTx, id: string): Promise<DepartmentRow | undefined> =>
  (await db.select().from(departments).where(eq(departments.id, id)).limit(1))[0];

/** The departments a handler works for (the departments module's service to other modules). */
export async function departmentsOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.select({ id: departmentMembers.departmentId }).from(departmentMembers).where(eq(departmentMembers.userId, userId));
  return rows.map((r) => r.id);
}

/** A department by code, nearest to a region: the one at the deepest node above it. */
export async function departmentByCode(db: DbOrTx, cityId: string, code: string, regionPath: string): Promise<DepartmentRow | undefined> {
  const rows = await db.select().from(departments).where(and(eq(departments.cityId, cityId), eq(departments.code, code), eq(departments.active, true)));
  return rows.filter((d) => regionPath.startsWith(d.regionPath)).sort((a, b) => b.regionPath.length - a.regionPath.length)[0];
}
