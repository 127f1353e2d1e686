import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { regions } from '../regions/schema.js';
import { DEFAULT_DEPARTMENTS } from '../appeals/defaults/departments.js';
import { departmentMembers, departments } from './schema.js';

/** Demo: the default departments at the city node; the demo handler works for 市政. */
export async function seedDepartments(tx: Tx, cityId: string): Promise<void> {
  const [city] = await tx.select().from(regions).where(and(eq(regions.id, cityId), isNull(regions.parentId)));
  if (!city) return;
  const rows = await tx
    .insert(departments)
    .values(DEFAULT_DEPARTMENTS.map((d) => ({ cityId, regionId: city.id, regionPath: city.path, code: d.code, name: d.name })))
    .returning();
  const [handler] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'dept'));
  const municipal = rows.find((r) => r.code === 'municipal');
  if (handler && municipal) await tx.insert(departmentMembers).values({ departmentId: municipal.id, userId: handler.id });
}
