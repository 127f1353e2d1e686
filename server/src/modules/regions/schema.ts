import { sql } from 'drizzle-orm';
import { bigint, check, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';

export const REGION_LEVELS = ['city', 'district', 'street', 'community', 'grid', 'building'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export interface PolygonGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: number[][][] | number[][][][];
}

/**
 * The region tree: city → district → street/town → community/village → grid → building.
 * `path` is the materialised path of base-36 sequence numbers ("/1/a/2k/"), compared in the C collation,
 * so "within my subtree" is the indexed range predicate path >= P AND path < P || '~'.
 */
export const regions = pgTable(
  'regions',
  {
    id: idColumn(),
    cityId: cityColumn(),
    seq: bigint('seq', { mode: 'number' }).generatedByDefaultAsIdentity().notNull(),
    parentId: uuid('parent_id'),
    level: text('level').$type<RegionLevel>().notNull(),
    /** 街道 vs 镇, 社区 vs 村: a finer kind inside a level. */
    kind: text('kind'),
    name: text('name').notNull(),
    code: text('code').notNull(),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    /** GeoJSON Polygon or MultiPolygon in WGS-84 (grids and above). */
    boundary: jsonb('boundary').$type<PolygonGeometry>(),
    /** A point in WGS-84 (buildings), or the centroid of the boundary. */
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    minLng: doublePrecision('min_lng'),
    minLat: doublePrecision('min_lat'),
    maxLng: doublePrecision('max_lng'),
    maxLat: doublePrecision('max_lat'),
    /** The coordinate system the geometry was supplied in before conversion to WGS-84. */
    sourceCrs: text('source_crs').notNull().default('wgs84'),
    population: integer('population'),
    households: integer('households'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('regions_city_code_uq').on(t.cityId, t.code),
    uniqueIndex('regions_path_uq').on(t.path),
    index('regions_parent_idx').on(t.parentId),
    index('regions_city_level_idx').on(t.cityId, t.level),
    check('regions_level_ck', sql`${t.level} in ('city','district','street','community','grid','building')`),
  ],
);
