import { and, asc, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { subtreeEnd } from '../../platform/access/scope.js';
import { regions, type RegionLevel } from './schema.js';
import { units } from '../units/schema.js';
import { partyOrgs } from '../orgs/schema.js';

export type RegionRow = typeof regions.$inferSelect;

export const regionById = async (db: DbOrTx, id: string): Promise<RegionRow | undefined> =>
  (await db.select().from(regions).where(eq(regions.id, id)).limit(1))[0];

export const regionByCode = async (db: DbOrTx, cityId: string, code: string): Promise<RegionRow | undefined> =>
  (await db.select().from(regions).where(and(eq(regions.cityId, cityId), eq(regions.code, code))).limit(1))[0];

/** Light columns for tree nodes (no geometry). */
const nodeColumns = {
  id: regions.id,
  parentId: regions.parentId,
  level: regions.level,
  name: regions.name,
  code: regions.code,
  path: regions.path,
};

export async function childrenOf(db: DbOrTx, parentId: string) {
  const rows = await db.select(nodeColumns).from(regions).where(eq(regions.parentId, parentId)).orderBy(asc(regions.code));
  return withChildCounts(db, rows);
}

export async function nodesByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.select(nodeColumns).from(regions).where(inArray(regions.id, ids)).orderBy(asc(regions.code));
  return withChildCounts(db, rows);
}

async function withChildCounts<T extends { id: string }>(db: DbOrTx, rows: T[]) {
  if (rows.length === 0) return [];
  const counts = await db
    .select({ parentId: regions.parentId, n: count() })
    .from(regions)
    .where(inArray(regions.parentId, rows.map((r) => r.id)))
    .groupBy(regions.parentId);
  const byParent = new Map(counts.map((c) => [c.parentId, Number(c.n)]));
  return rows.map((r) => ({ ...r, childCount: byParent.get(r.id) ?? 0 }));
}

/** Ancestors from the root down, excluding the node itself, by the ids encoded in its path. */
export async function ancestorsOf(db: DbOrTx, r: { path: string }) {
  const segs = r.path.split('/').filter(Boolean);
  const prefixes = segs.slice(0, -1).map((_, i) => `/${segs.slice(0, i + 1).join('/')}/`);
  if (prefixes.length === 0) return [];
  return db
    .select({ id: regions.id, name: regions.name, level: regions.level })
    .from(regions)
    .where(inArray(regions.path, prefixes))
    .orderBy(asc(regions.depth));
}

/** Counts in a node's subtree. */
export async function subtreeStats(db: DbOrTx, r: RegionRow) {
  const within = and(gte(regions.path, r.path), lt(regions.path, subtreeEnd(r.path)));
  const [levels, [u], [o], [c]] = await Promise.all([
    db.select({ level: regions.level, n: count() }).from(regions).where(within).groupBy(regions.level),
    db.select({ n: count() }).from(units).where(and(gte(units.regionPath, r.path), lt(units.regionPath, subtreeEnd(r.path)))),
    db.select({ n: count() }).from(partyOrgs).where(and(gte(partyOrgs.regionPath, r.path), lt(partyOrgs.regionPath, subtreeEnd(r.path)))),
    db.select({ n: count() }).from(regions).where(eq(regions.parentId, r.id)),
  ]);
  const byLevel = new Map(levels.map((l) => [l.level as RegionLevel, Number(l.n)]));
  return {
    children: Number(c?.n ?? 0),
    grids: byLevel.get('grid') ?? 0,
    buildings: byLevel.get('building') ?? 0,
    units: Number(u?.n ?? 0),
    orgs: Number(o?.n ?? 0),
  };
}

/** All regions of a subtree, optionally down to a level, in tree order. */
export async function subtree(db: DbOrTx, root: RegionRow, opts: { includeBuildings: boolean }) {
  const within = and(gte(regions.path, root.path), lt(regions.path, subtreeEnd(root.path)));
  return db
    .select()
    .from(regions)
    .where(opts.includeBuildings ? within : and(within, sql`${regions.level} <> 'building'`))
    .orderBy(asc(regions.depth), asc(regions.code));
}
