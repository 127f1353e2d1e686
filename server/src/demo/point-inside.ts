/** Random points inside a generated polygon, kept clear of its boundary (building positions). */

import { ringsContain } from '../platform/geo/locator.js';
import { round7 } from './lattice.js';
import type { Rng } from './rng.js';

function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A random point strictly inside the ring, at least `margin` degrees from its boundary. */
export function pointInside(rng: Rng, ring: number[][], margin: number): [number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of ring) {
    minX = Math.min(minX, p[0]!);
    maxX = Math.max(maxX, p[0]!);
    minY = Math.min(minY, p[1]!);
    maxY = Math.max(maxY, p[1]!);
  }
  const rings = [ring];
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const x = round7(rng.float(minX, maxX));
    const y = round7(rng.float(minY, maxY));
    if (!ringsContain(rings, x, y)) continue;
    let near = false;
    for (let i = 0; i + 1 < ring.length && !near; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      near = pointSegmentDistance(x, y, a[0]!, a[1]!, b[0]!, b[1]!) < margin;
    }
    if (!near) return [x, y];
  }
  throw new Error('could not place a point inside a polygon');
}
