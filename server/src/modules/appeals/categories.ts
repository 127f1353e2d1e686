import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db/client.js';
import { newId } from '../../platform/db/columns.js';
import { appealCategories } from './schema.js';
import { DEFAULT_CATEGORIES, type DefaultCategory } from './defaults/categories.js';

export type CategoryRow = typeof appealCategories.$inferSelect;

/** Writes a category tree for a city (the shipped default, or a city's own). */
export async function seedCategories(tx: Tx, cityId: string, tree: readonly DefaultCategory[] = DEFAULT_CATEGORIES): Promise<number> {
  const rows: Array<typeof appealCategories.$inferInsert> = [];
  const walk = (nodes: readonly DefaultCategory[], parentId: string | null, level: number, inherited: Partial<DefaultCategory>) => {
    nodes.forEach((n, i) => {
      const id = newId();
      const own = { ...inherited, ...n };
      rows.push({
        id,
        cityId,
        parentId,
        code: n.code,
        name: n.name,
        level,
        handling: own.handling ?? 'department',
        departmentCode: own.department ?? null,
        assistDepartmentCodes: own.assists ?? [],
        acceptHours: own.acceptHours ?? 2,
        onSiteMinutes: own.onSiteMinutes ?? null,
        workingDays: own.workingDays ?? 5,
        duplicateRadiusM: own.radius ?? 250,
        sort: i,
      });
      if (n.children) walk(n.children, id, level + 1, { ...own, children: undefined });
    });
  };
  walk(tree, null, 1, {});
  for (let i = 0; i < rows.length; i += 500) await tx.insert(appealCategories).values(rows.slice(i, i + 500));
  return rows.length;
}

/**
 * Turns a three-level taxonomy (level1,level2,level3 rows — the usual export of a 12345 catalogue) into a
 * category tree with generated codes; every case defaults to the grid service centre, 5 working days.
 */
export function treeFromTaxonomy(rows: ReadonlyArray<{ level1: string; level2: string; level3: string }>): DefaultCategory[] {
  const roots: DefaultCategory[] = [];
  const find = (list: DefaultCategory[], name: string, code: string) => {
    let n = list.find((x) => x.name === name);
    if (!n) {
      n = { code, name, children: [] };
      list.push(n);
    }
    return n;
  };
  for (const r of rows) {
    const a = find(roots, r.level1, String(roots.length + 1).padStart(2, '0'));
    const b = find(a.children!, r.level2, `${a.code}${String(a.children!.length + 1).padStart(2, '0')}`);
    find(b.children!, r.level3, `${b.code}${String(b.children!.length + 1).padStart(3, '0')}`);
  }
  return roots;
}

export const categoryById = async (db: DbOrTx, id: string): Promise<CategoryRow | undefined> =>
  (await db.select().from(appealCategories).where(eq(appealCategories.id, id)).limit(1))[0];

/** The city's categories by code; active ones only unless asked (the configuration pages show every one). */
export async function categoriesOfCity(db: DbOrTx, cityId: string, opts: { includeInactive?: boolean } = {}): Promise<CategoryRow[]> {
  const where = opts.includeInactive ? eq(appealCategories.cityId, cityId) : and(eq(appealCategories.cityId, cityId), eq(appealCategories.active, true));
  return db.select().from(appealCategories).where(where).orderBy(asc(appealCategories.code));
}

/** A category and its ancestors, nearest first (routing rules may name any of them). */
export async function categoryChain(db: DbOrTx, id: string): Promise<CategoryRow[]> {
  const chain: CategoryRow[] = [];
  let cur = await categoryById(db, id);
  while (cur && chain.length < 6) {
    chain.push(cur);
    cur = cur.parentId ? await categoryById(db, cur.parentId) : undefined;
  }
  return chain;
}
