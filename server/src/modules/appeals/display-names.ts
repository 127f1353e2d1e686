import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { users } from '../../platform/auth/schema.js';
import { departments } from '../departments/schema.js';
import { regions } from '../regions/schema.js';

/**
 * Display names for case answers, looked up in batches: one query per kind (categories with their
 * ancestors, regions above the cases' grids, departments, users) for a whole page, never one per row.
 */
export interface NameBook {
  categories: Map<string, { name: string; parentId: string | null }>;
  /** By path: the case's grid and every region above it. */
  regions: Map<string, { id: string; name: string; level: string }>;
  departments: Map<string, string>;
  users: Map<string, string>;
}

export interface NamesWanted {
  categoryIds?: Iterable<string | null | undefined>;
  regionPaths?: Iterable<string | null | undefined>;
  departmentIds?: Iterable<string | null | undefined>;
  userIds?: Iterable<string | null | undefined>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idsOf = (xs: Iterable<string | null | undefined> | undefined) => [...new Set([...(xs ?? [])].filter((x): x is string => !!x && UUID.test(x)))];

/** Every ancestor path of a materialised path, itself included: '/1/a/2/' → ['/1/', '/1/a/', '/1/a/2/']. */
export function pathPrefixes(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

async function rowsOf<T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

export async function lookUpNames(db: DbOrTx, want: NamesWanted): Promise<NameBook> {
  const categoryIds = idsOf(want.categoryIds);
  const paths = [...new Set([...(want.regionPaths ?? [])].filter((p): p is string => !!p).flatMap(pathPrefixes))];
  const departmentIds = idsOf(want.departmentIds);
  const userIds = idsOf(want.userIds);
  const [cats, regs, depts, people] = await Promise.all([
    categoryIds.length
      ? rowsOf<{ id: string; parent_id: string | null; name: string }>(
          db,
          sql`with recursive chain as (
                select id, parent_id, name, 1 as depth from appeal_categories
                where id in (${sql.join(categoryIds.map((id) => sql`${id}::uuid`), sql`, `)})
                union all
                select c.id, c.parent_id, c.name, chain.depth + 1 from appeal_categories c join chain on c.id = chain.parent_id
                where chain.depth < 8)
              select distinct id, parent_id, name from chain`,
        )
      : [],
    paths.length ? db.select({ id: regions.id, name: regions.name, level: regions.level, path: regions.path }).from(regions).where(inArray(regions.path, paths)) : [],
    departmentIds.length ? db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, departmentIds)) : [],
    userIds.length ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
  ]);
  return {
    categories: new Map(cats.map((c) => [c.id, { name: c.name, parentId: c.parent_id }])),
    regions: new Map(regs.map((r) => [r.path, { id: r.id, name: r.name, level: r.level }])),
    departments: new Map(depts.map((d) => [d.id, d.name])),
    users: new Map(people.map((u) => [u.id, u.name])),
  };
}

/** The names from the top group down to the category, e.g. ['市容环卫', '垃圾清运']. */
export function categoryPathOf(book: NameBook, id: string | null): string[] {
  const out: string[] = [];
  let cur = id ? book.categories.get(id) : undefined;
  while (cur && out.length < 8) {
    out.unshift(cur.name);
    cur = cur.parentId ? book.categories.get(cur.parentId) : undefined;
  }
  return out;
}

/** The region of the given level on a case's path (its grid, community, street …), if any. */
export function regionOnPath(book: NameBook, path: string, level: string): { id: string; name: string } | null {
  for (const p of pathPrefixes(path)) {
    const r = book.regions.get(p);
    if (r && r.level === level) return { id: r.id, name: r.name };
  }
  return null;
}
