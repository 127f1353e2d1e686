import { toWgs84, type Crs } from '../../platform/geo/crs.js';
import { badRequest } from '../../platform/errors.js';
import type { PolygonGeometry } from './schema.js';

export type Bbox = [number, number, number, number];

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks a GeoJSON Polygon/MultiPolygon and converts it to WGS-84; throws a 400 naming the field. */
export function normalizePolygon(geom: unknown, crs: Crs, field: string): PolygonGeometry {
  const g = geom as { type?: unknown; coordinates?: unknown };
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
    throw badRequest('geometry_invalid', field, { detail: 'expected a GeoJSON Polygon or MultiPolygon' });
  }
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  const out = polys.map((poly, pi) => {
    if (!Array.isArray(poly) || poly.length === 0) throw badRequest('geometry_invalid', field, { detail: `polygon ${pi} has no rings` });
    return poly.map((ring, ri) => {
      if (!Array.isArray(ring) || ring.length < 4) {
        throw badRequest('geometry_invalid', field, { detail: `ring ${ri} needs at least 4 positions` });
      }
      const pts = ring.map((p) => {
        if (!Array.isArray(p) || !isNum(p[0]) || !isNum(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
          throw badRequest('geometry_invalid', field, { detail: `ring ${ri} has an invalid position` });
        }
        return toWgs84(p[0], p[1], crs);
      });
      const [a, b] = [pts[0]!, pts[pts.length - 1]!];
      if (a[0] !== b[0] || a[1] !== b[1]) throw badRequest('geometry_invalid', field, { detail: `ring ${ri} is not closed` });
      return pts;
    });
  });
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: out[0]! } : { type: 'MultiPolygon', coordinates: out };
}

export function normalizePoint(lng: unknown, lat: unknown, crs: Crs, field: string): [number, number] {
  if (!isNum(lng) || !isNum(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw badRequest('geometry_invalid', field, { detail: 'expected longitude and latitude' });
  }
  return toWgs84(lng, lat, crs);
}

/** The outer rings of a (Multi)Polygon. */
export function outerRings(g: PolygonGeometry): number[][][] {
  return g.type === 'Polygon' ? [(g.coordinates as number[][][])[0]!] : (g.coordinates as number[][][][]).map((p) => p[0]!);
}

export function bboxOf(g: PolygonGeometry): Bbox {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of outerRings(g)) {
    for (const [x, y] of ring as [number, number][]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Area-weighted centroid of the largest outer ring (shoelace formula); falls back to the bbox centre. */
export function centroidOf(g: PolygonGeometry): [number, number] {
  let best: [number, number] | null = null;
  let bestArea = 0;
  for (const ring of outerRings(g)) {
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      const f = x0 * y1 - x1 * y0;
      a += f;
      cx += (x0 + x1) * f;
      cy += (y0 + y1) * f;
    }
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  if (best) return best;
  const [a, b, c, d] = bboxOf(g);
  return [(a + c) / 2, (b + d) / 2];
}
