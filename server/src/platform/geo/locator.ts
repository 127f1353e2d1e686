/**
 * Point-in-polygon index: which grid (网格) contains a WGS-84 point?
 *
 * ## Boundary rule (deterministic on shared edges and vertices)
 *
 * A point belongs to a polygon when a horizontal ray cast from it towards +x
 * (east) crosses the polygon's rings an odd number of times, where an edge is
 * counted only if
 *   - its y-range is half-open: `yLow <= y < yHigh` (horizontal edges never count), and
 *   - the point lies strictly to the left of the edge directed upwards (exact predicate).
 *
 * This is the classic crossing test made half-open; it is equivalent to
 * testing the point nudged infinitesimally east (and, on horizontal edges,
 * north). Consequences:
 *   - a point on an edge shared by two polygons belongs to exactly one of them:
 *     the one to its east, or to its north when the shared edge is horizontal;
 *   - a point on a vertex shared by several polygons belongs to exactly one:
 *     the one containing the point nudged east-north-east;
 *   - a point on the *outer* east/north border of the covered area would be
 *     claimed by no polygon; for these (and only these) the locator falls back
 *     to a closed test and returns the polygon whose boundary carries the point.
 * Because the orientation predicate is exact (see `predicates.ts`), this holds
 * bit for bit provided neighbours use identical coordinates for shared
 * vertices. Holes are ordinary rings for the parity count, so they are
 * respected; a MultiPolygon is the union of its parts' rings.
 * When several polygons claim a point (overlapping input, or several polygons
 * on whose border the point lies) the one with the lowest `id` (JavaScript
 * string order) wins. Points outside every polygon give `null`.
 *
 * ## Index
 *
 * A uniform raster of square cells over the bounding box of all polygons.
 * Each cell is precomputed as one of
 *   - *full*: strictly inside exactly one polygon, no edge near it — answered directly;
 *   - *empty*: no polygon touches it — `null`;
 *   - *mixed*: a short list of candidate polygons (those with an edge touching
 *     the cell, or containing it), sorted by id; the exact crossing test runs
 *     on candidates only, and the first one that claims the point wins.
 * Everything lives in typed arrays; `locate` allocates nothing.
 */

import { orient2d } from './predicates.js';

/** A polygon in GeoJSON Polygon coordinates (outer ring first, then holes), WGS-84 `[lng, lat]`. */
export interface LocatorPolygon {
  id: string;
  rings: number[][][];
}

export interface GridLocatorOptions {
  /**
   * Raster cell size in coordinate units (degrees). Default: about a twelfth
   * of the mean polygon bounding-box side, capped to keep at most 4M cells.
   */
  cellSize?: number;
}

/** GeoJSON geometry accepted by {@link toLocatorPolygon}. */
export type PolygonalGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** A MultiPolygon (its parts must not overlap, as GeoJSON requires) as a single locator polygon. */
export function fromMultiPolygon(id: string, coordinates: number[][][][]): LocatorPolygon {
  return { id, rings: coordinates.flat() };
}

/** A GeoJSON Polygon or MultiPolygon geometry as a locator polygon. */
export function toLocatorPolygon(id: string, geometry: PolygonalGeometry): LocatorPolygon {
  return geometry.type === 'Polygon'
    ? { id, rings: geometry.coordinates }
    : fromMultiPolygon(id, geometry.coordinates);
}

// ---------------------------------------------------------------------------
// Reference (slow, allocation-free but unindexed) predicates on plain rings.
// The index below implements the same rule on typed arrays; these are kept
// public for brute-force baselines and tests.

type Rings = readonly (readonly (readonly number[])[])[];

/** Whether the point is inside the rings under the half-open crossing rule described above. */
export function ringsContain(rings: Rings, x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[i]!;
      const b = ring[i + 1 === n ? 0 : i + 1]!;
      const ax = a[0]!;
      const ay = a[1]!;
      const bx = b[0]!;
      const by = b[1]!;
      if (ay === by) continue;
      const up = ay < by;
      const lx = up ? ax : bx;
      const ly = up ? ay : by;
      const hx = up ? bx : ax;
      const hy = up ? by : ay;
      if (y < ly || y >= hy) continue;
      if (x < lx && x < hx) inside = !inside;
      else if ((x <= lx || x <= hx) && orient2d(lx, ly, hx, hy, x, y) > 0) inside = !inside;
    }
  }
  return inside;
}

/** Whether the point lies exactly on an edge or vertex of the rings. */
export function ringsTouch(rings: Rings, x: number, y: number): boolean {
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[i]!;
      const b = ring[i + 1 === n ? 0 : i + 1]!;
      if (onSegment(a[0]!, a[1]!, b[0]!, b[1]!, x, y)) return true;
    }
  }
  return false;
}

function onSegment(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  if (x < Math.min(ax, bx) || x > Math.max(ax, bx) || y < Math.min(ay, by) || y > Math.max(ay, by)) return false;
  return orient2d(ax, ay, bx, by, x, y) === 0;
}

/**
 * Brute-force location under the same rule as {@link GridLocator.locate}:
 * scans every polygon. For baselines and tests only.
 */
export function locateBruteForce(polys: readonly LocatorPolygon[], x: number, y: number): string | null {
  let best: string | null = null;
  for (const p of polys) {
    if ((best === null || p.id < best) && ringsContain(p.rings, x, y)) best = p.id;
  }
  if (best !== null) return best;
  for (const p of polys) {
    if ((best === null || p.id < best) && ringsTouch(p.rings, x, y)) best = p.id;
  }
  return best;
}

// ---------------------------------------------------------------------------

const MAX_CELLS = 4_000_000;
const DEFAULT_CELLS_PER_SIDE = 12;

export class GridLocator {
  /** Polygon ids, sorted (index = polygon number used internally). */
  private readonly ids: string[];
  /** Per polygon, range into `cross`: non-horizontal edges as (xLow, yLow, xHigh, yHigh), sorted by yLow. */
  private readonly crossStart: Int32Array;
  private readonly cross: Float64Array;
  /** Per polygon, range into `segs`: every non-degenerate edge as (ax, ay, bx, by) for the closed fallback. */
  private readonly segStart: Int32Array;
  private readonly segs: Float64Array;
  private readonly minX: number;
  private readonly minY: number;
  private readonly maxX: number;
  private readonly maxY: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly inv: number;
  /** Per cell: polygon number when the cell is full, else -1. */
  private readonly cellFull: Int32Array;
  /** Per cell, range into `cand` (empty for full and empty cells). */
  private readonly cellStart: Int32Array;
  private readonly cand: Int32Array;

  private constructor(init: {
    ids: string[];
    crossStart: Int32Array;
    cross: Float64Array;
    segStart: Int32Array;
    segs: Float64Array;
    minX: number;
    minY: number;
    maxX: number;
    maxY: number;
    nx: number;
    ny: number;
    inv: number;
    cellFull: Int32Array;
    cellStart: Int32Array;
    cand: Int32Array;
  }) {
    this.ids = init.ids;
    this.crossStart = init.crossStart;
    this.cross = init.cross;
    this.segStart = init.segStart;
    this.segs = init.segs;
    this.minX = init.minX;
    this.minY = init.minY;
    this.maxX = init.maxX;
    this.maxY = init.maxY;
    this.nx = init.nx;
    this.ny = init.ny;
    this.inv = init.inv;
    this.cellFull = init.cellFull;
    this.cellStart = init.cellStart;
    this.cand = init.cand;
  }

  /** Number of polygons in the index. */
  get size(): number {
    return this.ids.length;
  }

  /** Raster dimensions and cell statistics (for diagnostics and benchmarks). */
  stats(): { cols: number; rows: number; cells: number; full: number; empty: number; mixed: number; candidates: number } {
    let full = 0;
    let empty = 0;
    const cells = this.nx * this.ny;
    for (let c = 0; c < cells; c++) {
      if (this.cellFull[c]! >= 0) full++;
      else if (this.cellStart[c] === this.cellStart[c + 1]) empty++;
    }
    return { cols: this.nx, rows: this.ny, cells, full, empty, mixed: cells - full - empty, candidates: this.cand.length };
  }

  /** The id of the polygon containing `[lng, lat]` (see the boundary rule above), or `null`. */
  locate(lng: number, lat: number): string | null {
    const p = this.locateIndex(lng, lat);
    return p < 0 ? null : this.ids[p]!;
  }

  /** Like {@link locate} but returns the polygon's rank in id order (−1 when outside). */
  locateIndex(lng: number, lat: number): number {
    if (!(lng >= this.minX && lng <= this.maxX && lat >= this.minY && lat <= this.maxY)) return -1;
    let col = ((lng - this.minX) * this.inv) | 0;
    if (col >= this.nx) col = this.nx - 1;
    let row = ((lat - this.minY) * this.inv) | 0;
    if (row >= this.ny) row = this.ny - 1;
    const cell = row * this.nx + col;
    const full = this.cellFull[cell]!;
    if (full >= 0) return full;
    const start = this.cellStart[cell]!;
    const end = this.cellStart[cell + 1]!;
    if (start === end) return -1;
    const cand = this.cand;
    for (let k = start; k < end; k++) {
      const p = cand[k]!;
      if (this.contains(p, lng, lat)) return p;
    }
    for (let k = start; k < end; k++) {
      const p = cand[k]!;
      if (this.touches(p, lng, lat)) return p;
    }
    return -1;
  }

  /** Half-open crossing test against polygon number `p`. */
  private contains(p: number, x: number, y: number): boolean {
    const e = this.cross;
    let i = this.crossStart[p]! * 4;
    const end = this.crossStart[p + 1]! * 4;
    let inside = false;
    for (; i < end; i += 4) {
      const ly = e[i + 1]!;
      if (ly > y) break; // edges are sorted by yLow
      const hy = e[i + 3]!;
      if (y >= hy) continue;
      const lx = e[i]!;
      const hx = e[i + 2]!;
      if (x < lx && x < hx) inside = !inside;
      else if ((x <= lx || x <= hx) && orient2d(lx, ly, hx, hy, x, y) > 0) inside = !inside;
    }
    return inside;
  }

  /** Whether the point lies on the boundary of polygon number `p`. */
  private touches(p: number, x: number, y: number): boolean {
    const s = this.segs;
    const end = this.segStart[p + 1]! * 4;
    for (let i = this.segStart[p]! * 4; i < end; i += 4) {
      if (onSegment(s[i]!, s[i + 1]!, s[i + 2]!, s[i + 3]!, x, y)) return true;
    }
    return false;
  }

  static build(polys: readonly LocatorPolygon[], opts: GridLocatorOptions = {}): GridLocator {
    const n = polys.length;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      const ia = polys[a]!.id;
      const ib = polys[b]!.id;
      return ia < ib ? -1 : ia > ib ? 1 : a - b;
    });
    const ids = order.map((i) => polys[i]!.id);

    // --- edges -------------------------------------------------------------
    const crossStart = new Int32Array(n + 1);
    const segStart = new Int32Array(n + 1);
    const crossList: number[] = [];
    const segList: number[] = [];
    const pbox = new Float64Array(n * 4); // per polygon minX, minY, maxX, maxY
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let sideSum = 0;
    let sideCount = 0;
    for (let p = 0; p < n; p++) {
      const rings = polys[order[p]!]!.rings;
      let bx0 = Infinity;
      let by0 = Infinity;
      let bx1 = -Infinity;
      let by1 = -Infinity;
      const polyCross: number[][] = [];
      for (const ring of rings) {
        const m = ring.length;
        for (let i = 0; i < m; i++) {
          const a = ring[i]!;
          const b = ring[i + 1 === m ? 0 : i + 1]!;
          const ax = a[0]!;
          const ay = a[1]!;
          const bx = b[0]!;
          const by = b[1]!;
          if (!Number.isFinite(ax) || !Number.isFinite(ay) || !Number.isFinite(bx) || !Number.isFinite(by)) {
            throw new RangeError(`polygon ${ids[p]}: non-finite coordinate`);
          }
          if (ax < bx0) bx0 = ax;
          if (ax > bx1) bx1 = ax;
          if (ay < by0) by0 = ay;
          if (ay > by1) by1 = ay;
          if (ax === bx && ay === by) continue;
          segList.push(ax, ay, bx, by);
          if (ay === by) continue;
          polyCross.push(ay < by ? [ax, ay, bx, by] : [bx, by, ax, ay]);
        }
      }
      polyCross.sort((u, v) => u[1]! - v[1]!);
      for (const edge of polyCross) crossList.push(edge[0]!, edge[1]!, edge[2]!, edge[3]!);
      crossStart[p + 1] = crossList.length / 4;
      segStart[p + 1] = segList.length / 4;
      pbox[p * 4] = bx0;
      pbox[p * 4 + 1] = by0;
      pbox[p * 4 + 2] = bx1;
      pbox[p * 4 + 3] = by1;
      if (bx0 <= bx1) {
        if (bx0 < minX) minX = bx0;
        if (by0 < minY) minY = by0;
        if (bx1 > maxX) maxX = bx1;
        if (by1 > maxY) maxY = by1;
        sideSum += Math.sqrt(Math.max(bx1 - bx0, 1e-12) * Math.max(by1 - by0, 1e-12));
        sideCount++;
      }
    }
    const cross = Float64Array.from(crossList);
    const segs = Float64Array.from(segList);

    if (sideCount === 0) {
      // no coordinates at all: a locator that always answers null
      return new GridLocator({
        ids, crossStart, cross, segStart, segs,
        minX: 0, minY: 0, maxX: -1, maxY: -1, nx: 1, ny: 1, inv: 1,
        cellFull: new Int32Array([-1]), cellStart: new Int32Array(2), cand: new Int32Array(0),
      });
    }

    // --- raster ------------------------------------------------------------
    const width = maxX - minX;
    const height = maxY - minY;
    let cellSize = opts.cellSize ?? (sideSum / sideCount) / DEFAULT_CELLS_PER_SIDE;
    if (!(cellSize > 0) || !Number.isFinite(cellSize)) cellSize = Math.max(width, height, 1e-9);
    const minSize = Math.sqrt(((width + cellSize) * (height + cellSize)) / MAX_CELLS);
    if (cellSize < minSize) cellSize = minSize;
    const inv = 1 / cellSize;
    const nx = Math.floor(width * inv) + 1;
    const ny = Math.floor(height * inv) + 1;
    const cells = nx * ny;
    // cells are tested expanded by `tol` so that rounding in `locate`'s cell
    // computation can never put a point in a cell that missed one of its edges
    const tol = cellSize * 1e-6;

    const stamp = new Int32Array(cells);
    const pairCell: number[] = [];
    const pairPoly: number[] = []; // polygon * 2 + (1 when the polygon contains the whole cell)
    const colOf = (x: number): number => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) * inv)));
    const rowOf = (y: number): number => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) * inv)));

    const edgeIndex = { crossStart, cross } as const;
    for (let p = 0; p < n; p++) {
      const mark = p + 1;
      // cells touched by an edge of p
      for (let i = segStart[p]! * 4, end = segStart[p + 1]! * 4; i < end; i += 4) {
        const ax = segs[i]!;
        const ay = segs[i + 1]!;
        const bx = segs[i + 2]!;
        const by = segs[i + 3]!;
        const c0 = colOf(Math.min(ax, bx) - tol);
        const c1 = colOf(Math.max(ax, bx) + tol);
        const r0 = rowOf(Math.min(ay, by) - tol);
        const r1 = rowOf(Math.max(ay, by) + tol);
        for (let r = r0; r <= r1; r++) {
          const y0 = minY + r * cellSize - tol;
          const y1 = minY + (r + 1) * cellSize + tol;
          for (let c = c0; c <= c1; c++) {
            const cell = r * nx + c;
            if (stamp[cell] === mark) continue;
            const x0 = minX + c * cellSize - tol;
            const x1 = minX + (c + 1) * cellSize + tol;
            if (segmentTouchesBox(ax, ay, bx, by, x0, y0, x1, y1)) {
              stamp[cell] = mark;
              pairCell.push(cell);
              pairPoly.push(p * 2);
            }
          }
        }
      }
      // untouched cells of p's bounding box are either inside or outside p as a whole
      if (!(pbox[p * 4]! <= pbox[p * 4 + 2]!)) continue;
      const c0 = colOf(pbox[p * 4]!);
      const c1 = colOf(pbox[p * 4 + 2]!);
      const r0 = rowOf(pbox[p * 4 + 1]!);
      const r1 = rowOf(pbox[p * 4 + 3]!);
      for (let r = r0; r <= r1; r++) {
        const cy = minY + (r + 0.5) * cellSize;
        for (let c = c0; c <= c1; c++) {
          const cell = r * nx + c;
          if (stamp[cell] === mark) continue;
          if (crossingTest(edgeIndex, p, minX + (c + 0.5) * cellSize, cy)) {
            pairCell.push(cell);
            pairPoly.push(p * 2 + 1);
          }
        }
      }
    }

    // --- per cell: full / empty / candidates (counting sort keeps id order) --
    const count = new Int32Array(cells);
    const first = new Int32Array(cells).fill(-1);
    for (let k = 0; k < pairCell.length; k++) {
      const cell = pairCell[k]!;
      if (count[cell] === 0) first[cell] = pairPoly[k]!;
      count[cell]!++;
    }
    const cellFull = new Int32Array(cells).fill(-1);
    const cellStart = new Int32Array(cells + 1);
    for (let cell = 0; cell < cells; cell++) {
      const f = first[cell]!;
      if (count[cell] === 1 && (f & 1) === 1) {
        cellFull[cell] = f >> 1;
        count[cell] = 0;
      }
      cellStart[cell + 1] = cellStart[cell]! + count[cell]!;
    }
    const cand = new Int32Array(cellStart[cells]!);
    const fill = cellStart.slice(0, cells);
    for (let k = 0; k < pairCell.length; k++) {
      const cell = pairCell[k]!;
      if (cellFull[cell]! >= 0) continue;
      cand[fill[cell]!++] = pairPoly[k]! >> 1;
    }

    return new GridLocator({
      ids, crossStart, cross, segStart, segs,
      minX, minY, maxX, maxY, nx, ny, inv,
      cellFull, cellStart, cand,
    });
  }
}

/** Standalone crossing test used while building (same rule as `GridLocator#contains`). */
function crossingTest(idx: { crossStart: Int32Array; cross: Float64Array }, p: number, x: number, y: number): boolean {
  const e = idx.cross;
  const end = idx.crossStart[p + 1]! * 4;
  let inside = false;
  for (let i = idx.crossStart[p]! * 4; i < end; i += 4) {
    const ly = e[i + 1]!;
    if (ly > y) break;
    const hy = e[i + 3]!;
    if (y >= hy) continue;
    const lx = e[i]!;
    const hx = e[i + 2]!;
    if (x < lx && x < hx) inside = !inside;
    else if ((x <= lx || x <= hx) && orient2d(lx, ly, hx, hy, x, y) > 0) inside = !inside;
  }
  return inside;
}

/** Conservative test: does segment a–b touch the closed box [x0, x1] × [y0, y1]? */
function segmentTouchesBox(
  ax: number, ay: number, bx: number, by: number,
  x0: number, y0: number, x1: number, y1: number,
): boolean {
  if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) return false;
  const dx = bx - ax;
  const dy = by - ay;
  const s00 = dx * (y0 - ay) - dy * (x0 - ax);
  const s10 = dx * (y0 - ay) - dy * (x1 - ax);
  const s01 = dx * (y1 - ay) - dy * (x0 - ax);
  const s11 = dx * (y1 - ay) - dy * (x1 - ax);
  if (s00 > 0 && s10 > 0 && s01 > 0 && s11 > 0) return false;
  if (s00 < 0 && s10 < 0 && s01 < 0 && s11 < 0) return false;
  return true;
}
