import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { newId } from '../../platform/db/columns.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import type { Crs } from '../../platform/geo/crs.js';
import { bboxOf, centroidOf, normalizePoint, normalizePolygon } from './geometry.js';
import { childLevel, hasBoundary, pathSegment } from './levels.js';
import { regionByCode, regionById, type RegionRow } from './queries.js';
import { regions, type PolygonGeometry, type RegionLevel } from './schema.js';

export interface RegionInput {
  parentId: string | null;
  level: RegionLevel;
  name: string;
  code: string;
  kind?: string | null;
  boundary?: unknown;
  point?: [number, number] | null;
  crs: Crs;
  population?: number | null;
  households?: number | null;
}

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/** Reserves `n` sequence numbers for new regions (their path segments). */
export async function nextRegionSeqs(tx: Tx, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = rowsOf<{ v: number }>(
    await tx.execute(sql`select nextval(pg_get_serial_sequence('regions', 'seq'))::bigint as v from generate_series(1, ${n})`),
  );
  return rows.map((r) => Number(r.v));
}

/** Geometry columns from a boundary or a point, converted to WGS-84. */
export function geometryColumns(level: RegionLevel, input: { boundary?: unknown; point?: [number, number] | null }, crs: Crs) {
  if (hasBoundary(level) && input.boundary != null) {
    const boundary: PolygonGeometry = normalizePolygon(input.boundary, crs, 'boundary');
    const [minLng, minLat, maxLng, maxLat] = bboxOf(boundary);
    const [lng, lat] = centroidOf(boundary);
    return { boundary, lng, lat, minLng, minLat, maxLng, maxLat };
  }
  if (input.point) {
    const [lng, lat] = normalizePoint(input.point[0], input.point[1], crs, 'point');
    return { boundary: null, lng, lat, minLng: lng, minLat: lat, maxLng: lng, maxLat: lat };
  }
  return { boundary: null, lng: null, lat: null, minLng: null, minLat: null, maxLng: null, maxLat: null };
}

/** Checks where a new region may go and returns its city, parent and path segment. */
async function placement(tx: Tx, input: RegionInput, cityIdHint: string | null) {
  if (input.parentId === null) {
    if (input.level !== 'city') throw badRequest('region_parent_level', 'parentId');
    return { parent: null, cityId: null as string | null };
  }
  const parent = await regionById(tx, input.parentId);
  if (!parent) throw notFound('region', 'parentId');
  if (childLevel(parent.level) !== input.level) throw badRequest('region_parent_level', 'level');
  if (cityIdHint && parent.cityId !== cityIdHint) throw badRequest('region_parent_level', 'parentId');
  return { parent, cityId: parent.cityId };
}

export async function createRegion(tx: Tx, input: RegionInput): Promise<RegionRow> {
  const { parent, cityId } = await placement(tx, input, null);
  const [seq] = await nextRegionSeqs(tx, 1);
  const geom = geometryColumns(input.level, input, input.crs);
  const id = newId();
  const city = cityId ?? id;
  if (await regionByCode(tx, city, input.code)) throw conflict('region_code_taken', 'code');
  const [row] = await tx
    .insert(regions)
    .values({
      id,
      cityId: city,
      seq: seq!,
      parentId: parent?.id ?? null,
      level: input.level,
      kind: input.kind ?? null,
      name: input.name,
      code: input.code,
      path: `${parent?.path ?? '/'}${pathSegment(seq!)}`,
      depth: (parent?.depth ?? -1) + 1,
      sourceCrs: input.crs,
      population: input.population ?? null,
      households: input.households ?? null,
      ...geom,
    })
    .returning();
  return row!;
}

export interface RegionPatch {
  name?: string;
  kind?: string | null;
  boundary?: unknown;
  point?: [number, number] | null;
  crs: Crs;
  population?: number | null;
  households?: number | null;
}

export async function updateRegion(tx: Tx, region: RegionRow, patch: RegionPatch): Promise<RegionRow> {
  const geom = patch.boundary !== undefined || patch.point !== undefined ? geometryColumns(region.level, patch, patch.crs) : {};
  const [row] = await tx
    .update(regions)
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.population !== undefined ? { population: patch.population } : {}),
      ...(patch.households !== undefined ? { households: patch.households } : {}),
      ...(patch.boundary !== undefined || patch.point !== undefined ? { ...geom, sourceCrs: patch.crs } : {}),
      updatedAt: new Date(),
    })
    .where(eq(regions.id, region.id))
    .returning();
  return row!;
}

export async function deleteRegion(tx: Tx, region: RegionRow): Promise<void> {
  const [child] = await tx.select({ id: regions.id }).from(regions).where(eq(regions.parentId, region.id)).limit(1);
  if (child) throw conflict('region_has_children');
  const [use] = rowsOf<{ n: number }>(
    await tx.execute(sql`select (select count(*) from role_grants where region_id = ${region.id})
      + (select count(*) from units where region_id = ${region.id})
      + (select count(*) from party_orgs where region_id = ${region.id}) as n`),
  );
  if (Number(use?.n ?? 0) > 0) throw new AppError(409, 'region_in_use');
  await tx.delete(regions).where(and(eq(regions.id, region.id)));
}
