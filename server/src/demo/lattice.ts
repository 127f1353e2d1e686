/**
 * Integer-lattice geometry of the demo city: rectangles, the guillotine
 * partition of a rectangle by weights, and the shared vertex set whose
 * jittered WGS-84 coordinates make neighbouring rings share edges exactly
 * (see the Geometry notes in city-generator.ts).
 */

import { DEMO_CITY_EXTENT } from './city-spec.js';
import type { Rng } from './rng.js';

/** Vertex jitter as a fraction of the distance to the nearest neighbouring vertex / the smallest incident grid side. */
const JITTER = 0.18;
const COORD_SCALE = 1e7; // coordinates rounded to 1e-7° (~1 cm)

export interface Rect {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

export const NO_RECT: Rect = { u0: 0, v0: 0, u1: 0, v1: 0 };

/** Guillotine partition of `rect` into one rectangle per weight, in order, sized by weight with room for each part's leaves. */
export function partition(rng: Rng, rect: Rect, weights: readonly number[], leaves: readonly number[]): Rect[] {
  const n = weights.length;
  if (n === 1) return [rect];
  const total = weights.reduce((a, b) => a + b, 0);
  // split the (ordered) list where the two halves' weights are closest
  let k = 1;
  let acc = weights[0]!;
  let best = Math.abs(2 * acc - total);
  let running = acc;
  for (let i = 2; i < n; i++) {
    running += weights[i - 1]!;
    const diff = Math.abs(2 * running - total);
    if (diff < best) {
      best = diff;
      k = i;
      acc = running;
    }
  }
  const leftLeaves = leaves.slice(0, k).reduce((a, b) => a + b, 0);
  const rightLeaves = leaves.slice(k).reduce((a, b) => a + b, 0);
  const width = rect.u1 - rect.u0;
  const height = rect.v1 - rect.v0;
  const alongU = width >= height;
  const len = alongU ? width : height;
  const other = alongU ? height : width;
  const ideal = (len * acc) / total;
  // room for the leaves of each side: ~3×3 lattice cells per leaf, else at least 1×1
  let needL = Math.max(2, Math.ceil((9 * leftLeaves) / other));
  let needR = Math.max(2, Math.ceil((9 * rightLeaves) / other));
  if (needL + needR > len) {
    needL = Math.max(1, Math.ceil(leftLeaves / other));
    needR = Math.max(1, Math.ceil(rightLeaves / other));
  }
  if (needL + needR > len) throw new Error(`lattice too small to split ${len}×${other} into ${leftLeaves}+${rightLeaves}`);
  const jitter = rng.float(-0.06, 0.06) * len;
  const cut = Math.min(len - needR, Math.max(needL, Math.round(ideal + jitter)));
  const [a, b]: [Rect, Rect] = alongU
    ? [{ ...rect, u1: rect.u0 + cut }, { ...rect, u0: rect.u0 + cut }]
    : [{ ...rect, v1: rect.v0 + cut }, { ...rect, v0: rect.v0 + cut }];
  return [
    ...partition(rng, a, weights.slice(0, k), leaves.slice(0, k)),
    ...partition(rng, b, weights.slice(k), leaves.slice(k)),
  ];
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The lattice vertex set (all grid corners) with one jittered WGS-84 coordinate each. */
export class Vertices {
  private readonly index = new Map<number, number>();
  private readonly us: number[] = [];
  private readonly vs: number[] = [];
  /** v → sorted u of vertices on that horizontal line; u → sorted v on that vertical line. */
  private readonly rows = new Map<number, number[]>();
  private readonly cols = new Map<number, number[]>();
  lng = new Float64Array(0);
  lat = new Float64Array(0);

  add(u: number, v: number): void {
    const key = u * 65536 + v;
    if (this.index.has(key)) return;
    this.index.set(key, this.us.length);
    this.us.push(u);
    this.vs.push(v);
    let row = this.rows.get(v);
    if (!row) this.rows.set(v, (row = []));
    row.push(u);
    let col = this.cols.get(u);
    if (!col) this.cols.set(u, (col = []));
    col.push(v);
  }

  seal(): void {
    for (const list of this.rows.values()) list.sort((a, b) => a - b);
    for (const list of this.cols.values()) list.sort((a, b) => a - b);
  }

  get count(): number {
    return this.us.length;
  }

  private id(u: number, v: number): number {
    const i = this.index.get(u * 65536 + v);
    if (i === undefined) throw new Error(`no lattice vertex at (${u}, ${v})`);
    return i;
  }

  /** Vertex ids around a rectangle, counter-clockwise from its south-west corner (not closed). */
  ring(r: Rect): number[] {
    const out: number[] = [];
    const bottom = this.rows.get(r.v0) ?? [];
    for (let i = lowerBound(bottom, r.u0); i < bottom.length && bottom[i]! < r.u1; i++) out.push(this.id(bottom[i]!, r.v0));
    const right = this.cols.get(r.u1) ?? [];
    for (let i = lowerBound(right, r.v0); i < right.length && right[i]! < r.v1; i++) out.push(this.id(r.u1, right[i]!));
    const top = this.rows.get(r.v1) ?? [];
    for (let i = lowerBound(top, r.u1 + 1) - 1; i >= 0 && top[i]! > r.u0; i--) out.push(this.id(top[i]!, r.v1));
    const left = this.cols.get(r.u0) ?? [];
    for (let i = lowerBound(left, r.v1 + 1) - 1; i >= 0 && left[i]! > r.v0; i--) out.push(this.id(r.u0, left[i]!));
    return out;
  }

  /** Gives every vertex its jittered WGS-84 position. */
  place(rng: Rng, gridRings: readonly number[][], gridRects: readonly Rect[], width: number, height: number): void {
    const n = this.count;
    const radius = new Float64Array(n).fill(Infinity);
    gridRings.forEach((ring, g) => {
      const r = gridRects[g]!;
      const side = Math.min(r.u1 - r.u0, r.v1 - r.v0);
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[(i + 1) % ring.length]!;
        const d = Math.abs(this.us[a]! - this.us[b]!) + Math.abs(this.vs[a]! - this.vs[b]!);
        radius[a] = Math.min(radius[a]!, d, side);
        radius[b] = Math.min(radius[b]!, d, side);
      }
    });
    const { minLng, minLat, maxLng, maxLat } = DEMO_CITY_EXTENT;
    const su = (maxLng - minLng) / width;
    const sv = (maxLat - minLat) / height;
    this.lng = new Float64Array(n);
    this.lat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = JITTER * (Number.isFinite(radius[i]!) ? radius[i]! : 0);
      const du = rng.float(-a, a);
      const dv = rng.float(-a, a);
      this.lng[i] = round7(minLng + (this.us[i]! + du) * su);
      this.lat[i] = round7(minLat + (this.vs[i]! + dv) * sv);
    }
  }

  coordinates(ring: readonly number[]): number[][] {
    const out: number[][] = ring.map((i) => [this.lng[i]!, this.lat[i]!]);
    out.push([this.lng[ring[0]!]!, this.lat[ring[0]!]!]);
    return out;
  }
}

export function round7(x: number): number {
  return Math.round(x * COORD_SCALE) / COORD_SCALE;
}
