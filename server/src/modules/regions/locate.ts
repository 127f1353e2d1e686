import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { GridLocator, type LocatorPolygon } from '../../platform/geo/locator.js';
import { regions, type PolygonGeometry } from './schema.js';

interface CachedLocator {
  locator: GridLocator;
  version: string;
  checkedAt: number;
}

/** Splits a (Multi)Polygon into locator polygons that share the region's id. */
export function locatorPolygons(id: string, g: PolygonGeometry): LocatorPolygon[] {
  if (g.type === 'Polygon') return [{ id, rings: g.coordinates as number[][][] }];
  return (g.coordinates as number[][][][]).map((rings) => ({ id, rings }));
}

/**
 * Point → grid → community → street → district. The grid index is built in memory from the grids of all
 * cities and rebuilt when grids change (checked at most every `recheckMs`, so other processes' edits show).
 */
export class RegionLocator {
  private cache: CachedLocator | null = null;
  private building: Promise<CachedLocator> | null = null;
  private checking: Promise<GridLocator> | null = null;

  constructor(
    private readonly db: Db,
    private readonly recheckMs = 5000,
  ) {}

  private async version(): Promise<string> {
    const res = (await this.db.execute(
      sql`select count(*)::int as n, coalesce(max(updated_at), 'epoch')::text as m from regions where level = 'grid'`,
    )) as unknown as { rows: Array<{ n: number; m: string }> };
    const r = res.rows[0]!;
    return `${r.n}:${r.m}`;
  }

  async locator(): Promise<GridLocator> {
    if (this.cache && Date.now() - this.cache.checkedAt < this.recheckMs) return this.cache.locator;
    // Requests arriving while the index is being checked wait for that one check.
    this.checking ??= this.check().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async check(): Promise<GridLocator> {
    const now = Date.now();
    const version = await this.version();
    if (this.cache && this.cache.version === version) {
      this.cache.checkedAt = now;
      return this.cache.locator;
    }
    this.building ??= this.build(version).finally(() => {
      this.building = null;
    });
    this.cache = await this.building;
    return this.cache.locator;
  }

  /** Marks the index stale (after a local grid change). */
  invalidate(): void {
    this.cache = null;
    this.checking = null;
  }

  private async build(version: string): Promise<CachedLocator> {
    const grids = await this.db
      .select({ id: regions.id, boundary: regions.boundary })
      .from(regions)
      .where(and(eq(regions.level, 'grid'), sql`${regions.boundary} is not null`));
    const polys = grids.flatMap((g) => locatorPolygons(g.id, g.boundary!));
    return { locator: GridLocator.build(polys), version, checkedAt: Date.now() };
  }

  /** The chain of regions containing a WGS-84 point, or null when the point is outside every grid. */
  async locate(lng: number, lat: number) {
    const gridId = (await this.locator()).locate(lng, lat);
    if (!gridId) return null;
    const [grid] = await this.db.select().from(regions).where(eq(regions.id, gridId)).limit(1);
    if (!grid) return null;
    const segs = grid.path.split('/').filter(Boolean);
    const prefixes = segs.map((_, i) => `/${segs.slice(0, i + 1).join('/')}/`);
    const chain = await this.db
      .select({ id: regions.id, name: regions.name, level: regions.level, code: regions.code, path: regions.path })
      .from(regions)
      .where(inArray(regions.path, prefixes));
    const at = (level: string) => {
      const r = chain.find((c) => c.level === level);
      return r ? { id: r.id, name: r.name, code: r.code } : null;
    };
    return { grid: { id: grid.id, name: grid.name, code: grid.code, path: grid.path }, community: at('community'), street: at('street'), district: at('district'), city: at('city') };
  }
}
