import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { LocatorPolygon } from './locator.js';
import { GridLocator, fromMultiPolygon, locateBruteForce, ringsContain, toLocatorPolygon } from './locator.js';
import { orient2d } from './predicates.js';

function square(id: string, x0: number, y0: number, x1: number, y1: number): LocatorPolygon {
  return { id, rings: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

/** 4 columns × 3 rows of unit squares [c, c+1] × [r, r+1], ids `g-r-c`. */
function squareTiling(): LocatorPolygon[] {
  const out: LocatorPolygon[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) out.push(square(`g-${r}-${c}`, c, r, c + 1, r + 1));
  return out;
}

function claimants(polys: readonly LocatorPolygon[], x: number, y: number): string[] {
  return polys.filter((p) => ringsContain(p.rings, x, y)).map((p) => p.id);
}

describe('orient2d', () => {
  it('is exact on nearly collinear points', () => {
    expect(orient2d(0, 0, 1, 1, 0.5, 0.5)).toBe(0);
    expect(orient2d(0, 0, 1, 1, 0.5, 0.5 + 2 ** -53)).toBe(1);
    expect(orient2d(0, 0, 1, 1, 0.5 + 2 ** -53, 0.5)).toBe(-1);
    // 0.1 + 0.2 !== 0.3 in binary, but (0.1, 0.1)–(0.7, 0.7) and (x, x) are collinear whatever x is
    const px = 0.1 + 0.2;
    expect(orient2d(0.1, 0.1, 0.7, 0.7, px, px)).toBe(0);
    expect(orient2d(110.1, 20.1, 110.7, 20.7, 110.3, 20.3)).toBe(0 - orient2d(110.7, 20.7, 110.1, 20.1, 110.3, 20.3));
  });

  it('is invariant under cyclic permutation and antisymmetric, even for near-collinear points', () => {
    const coord = fc.double({ min: 100, max: 120, noNaN: true });
    fc.assert(
      fc.property(coord, coord, coord, coord, fc.double({ min: -1, max: 2, noNaN: true }), (ax, ay, bx, by, t) => {
        const px = ax + t * (bx - ax); // on the line up to rounding: the hard cases
        const py = ay + t * (by - ay);
        const s = orient2d(ax, ay, bx, by, px, py);
        return (
          orient2d(bx, by, px, py, ax, ay) === s &&
          orient2d(px, py, ax, ay, bx, by) === s &&
          orient2d(bx, by, ax, ay, px, py) === -s + 0
        );
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});

describe('GridLocator on a square tiling', () => {
  const polys = squareTiling();
  const loc = GridLocator.build(polys);

  it('finds the square containing interior points', () => {
    expect(loc.size).toBe(12);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) {
        expect(loc.locate(c + 0.5, r + 0.5)).toBe(`g-${r}-${c}`);
        expect(loc.locate(c + 0.01, r + 0.99)).toBe(`g-${r}-${c}`);
      }
    }
  });

  it('assigns shared edges and corners to exactly one square (east, then north)', () => {
    expect(loc.locate(1, 0.5)).toBe('g-0-1'); // vertical edge → the east square
    expect(loc.locate(0.5, 1)).toBe('g-1-0'); // horizontal edge → the north square
    expect(loc.locate(1, 1)).toBe('g-1-1'); // corner of four → north-east
    expect(loc.locate(3, 2)).toBe('g-2-3');
    for (let x = 0; x <= 4; x += 0.25) {
      for (let y = 0; y <= 3; y += 0.25) {
        const claims = claimants(polys, x, y);
        const onOuterEastOrNorth = x === 4 || y === 3;
        expect(claims.length).toBe(onOuterEastOrNorth ? 0 : 1);
        const got = loc.locate(x, y);
        expect(got).not.toBeNull();
        if (!onOuterEastOrNorth) expect(got).toBe(claims[0]);
        expect(loc.locate(x, y)).toBe(got); // stable
      }
    }
  });

  it('gives points on the outer border to the square carrying them', () => {
    expect(loc.locate(0, 0.5)).toBe('g-0-0');
    expect(loc.locate(4, 0.5)).toBe('g-0-3');
    expect(loc.locate(2.5, 3)).toBe('g-2-2');
    expect(loc.locate(4, 3)).toBe('g-2-3');
    expect(loc.locate(0, 0)).toBe('g-0-0');
  });

  it('returns null outside every square', () => {
    expect(loc.locate(-0.001, 0.5)).toBeNull();
    expect(loc.locate(4.001, 1)).toBeNull();
    expect(loc.locate(2, -1e-12)).toBeNull();
    expect(loc.locate(100, 100)).toBeNull();
    expect(loc.locate(Number.NaN, 1)).toBeNull();
    expect(loc.locate(1, Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('does not depend on input order or cell size', () => {
    const reversed = GridLocator.build([...polys].reverse(), { cellSize: 0.37 });
    const coarse = GridLocator.build(polys, { cellSize: 10 });
    const fine = GridLocator.build(polys, { cellSize: 0.01 });
    for (let x = -0.5; x <= 4.5; x += 0.125) {
      for (let y = -0.5; y <= 3.5; y += 0.125) {
        const want = loc.locate(x, y);
        expect(reversed.locate(x, y)).toBe(want);
        expect(coarse.locate(x, y)).toBe(want);
        expect(fine.locate(x, y)).toBe(want);
        expect(want).toBe(locateBruteForce(polys, x, y));
      }
    }
  });
});

describe('GridLocator with holes, multipolygons and overlaps', () => {
  const donut: LocatorPolygon = {
    id: 'donut',
    rings: [
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
      [[3, 3], [3, 7], [7, 7], [7, 3], [3, 3]], // hole (clockwise)
    ],
  };

  it('respects holes', () => {
    const loc = GridLocator.build([donut]);
    expect(loc.locate(1, 1)).toBe('donut');
    expect(loc.locate(5, 5)).toBeNull();
    expect(loc.locate(8, 5)).toBe('donut');
    expect(loc.locate(3, 5)).toBe('donut'); // on the hole's border: claimed through the closed fallback
  });

  it('hands the hole to the polygon filling it', () => {
    const filler = square('filler', 3, 3, 7, 7);
    const loc = GridLocator.build([donut, filler], { cellSize: 0.9 });
    expect(loc.locate(5, 5)).toBe('filler');
    expect(loc.locate(3, 5)).toBe('filler'); // shared west edge → the east side
    expect(loc.locate(7, 5)).toBe('donut'); // shared east edge → the east side
    expect(loc.locate(5, 3)).toBe('filler'); // shared south edge → the north side
    expect(loc.locate(5, 7)).toBe('donut'); // shared north edge → the north side
    expect(loc.locate(1, 9)).toBe('donut');
  });

  it('accepts MultiPolygon geometry', () => {
    const multi = fromMultiPolygon('m', [
      [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
      [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]],
    ]);
    const poly = toLocatorPolygon('p', { type: 'Polygon', coordinates: [[[2, 2], [3, 2], [3, 3], [2, 3], [2, 2]]] });
    const loc = GridLocator.build([multi, poly]);
    expect(loc.locate(0.5, 0.5)).toBe('m');
    expect(loc.locate(5.5, 5.5)).toBe('m');
    expect(loc.locate(2.5, 2.5)).toBe('p');
    expect(loc.locate(3.5, 3.5)).toBeNull();
  });

  it('breaks ties between overlapping polygons by lowest id', () => {
    const loc = GridLocator.build([square('b', 0, 0, 2, 2), square('a', 1, 1, 3, 3), square('c', 0, 0, 3, 3)]);
    expect(loc.locate(1.5, 1.5)).toBe('a');
    expect(loc.locate(0.5, 0.5)).toBe('b');
    expect(loc.locate(2.5, 0.5)).toBe('c');
  });

  it('handles an empty input', () => {
    const loc = GridLocator.build([]);
    expect(loc.size).toBe(0);
    expect(loc.locate(0, 0)).toBeNull();
  });

  it('is exact on slanted shared edges with non-representable coordinates', () => {
    const a = { id: 'a', rings: [[[110.1, 20.1], [110.7, 20.7], [110.1, 20.7], [110.1, 20.1]]] };
    const b = { id: 'b', rings: [[[110.1, 20.1], [110.7, 20.1], [110.7, 20.7], [110.1, 20.1]]] };
    const loc = GridLocator.build([a, b], { cellSize: 0.013 });
    for (let i = 0; i <= 1000; i++) {
      const t = i / 1000;
      const x = 110.1 + 0.6 * t;
      const y = 20.1 + 0.6 * t; // on or within an ulp of the diagonal
      const claims = claimants([a, b], x, y);
      if (x < 110.7 && y < 20.7) {
        expect(claims.length).toBe(1);
        expect(loc.locate(x, y)).toBe(claims[0]);
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Property: random jittered-lattice tilings, random rectangular groupings of
// lattice cells, compared with the brute-force reference.

interface Tiling {
  polys: LocatorPolygon[];
  /** lattice point (i, j) */
  pt: (i: number, j: number) => [number, number];
  cols: number;
  rows: number;
  /** lattice-cell rectangles [c0, c1) × [r0, r1), one per polygon (same order as polys) */
  rects: [number, number, number, number][];
}

const BASE_X = 110;
const BASE_Y = 20;
const UNIT = 1 / 256; // dyadic, so midpoints of edges are exactly representable and exactly on the edge

function makeTiling(cols: number, rows: number, jitter: number[], splits: number[]): Tiling {
  const pt = (i: number, j: number): [number, number] => {
    const k = (j * (cols + 1) + i) * 2;
    const jx = i === 0 || i === cols ? 0 : (jitter[k % jitter.length] ?? 0);
    const jy = j === 0 || j === rows ? 0 : (jitter[(k + 1) % jitter.length] ?? 0);
    // jitter in [-12, 12] / 64 of a lattice step keeps every rectangle's ring simple
    return [BASE_X + (i * 64 + jx) * UNIT, BASE_Y + (j * 64 + jy) * UNIT];
  };
  const rects: [number, number, number, number][] = [];
  let s = 0;
  const split = (c0: number, r0: number, c1: number, r1: number, depth: number): void => {
    const w = c1 - c0;
    const h = r1 - r0;
    const choice = splits[s++ % Math.max(1, splits.length)] ?? 0;
    if ((w === 1 && h === 1) || (depth > 1 && choice % 5 === 0)) {
      rects.push([c0, r0, c1, r1]);
      return;
    }
    if (w >= h) {
      const cut = c0 + 1 + (choice % (w - 1)); // w >= 2 here
      split(c0, r0, cut, r1, depth + 1);
      split(cut, r0, c1, r1, depth + 1);
    } else {
      const cut = r0 + 1 + (choice % (h - 1)); // h >= 2 here
      split(c0, r0, c1, cut, depth + 1);
      split(c0, cut, c1, r1, depth + 1);
    }
  };
  split(0, 0, cols, rows, 0);
  const polys = rects.map(([c0, r0, c1, r1], n) => {
    const ring: number[][] = [];
    for (let i = c0; i < c1; i++) ring.push(pt(i, r0));
    for (let j = r0; j < r1; j++) ring.push(pt(c1, j));
    for (let i = c1; i > c0; i--) ring.push(pt(i, r1));
    for (let j = r1; j > r0; j--) ring.push(pt(c0, j));
    ring.push(ring[0]!);
    return { id: `p${String((n * 7919) % 10007).padStart(5, '0')}`, rings: [ring] };
  });
  return { polys, pt, cols, rows, rects };
}

const tilingArb = fc
  .record({
    cols: fc.integer({ min: 1, max: 9 }),
    rows: fc.integer({ min: 1, max: 9 }),
    jitter: fc.array(fc.integer({ min: -12, max: 12 }), { minLength: 1, maxLength: 200 }),
    splits: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 50 }),
    cellFactor: fc.constantFrom(0.05, 0.3, 1, 3, 50),
  })
  .map((r) => ({ ...makeTiling(r.cols, r.rows, r.jitter, r.splits), cellFactor: r.cellFactor }));

describe('GridLocator property tests', () => {
  it('agrees with brute force on random tilings, on vertices, edges and random points', () => {
    fc.assert(
      fc.property(
        tilingArb,
        fc.array(fc.tuple(fc.double({ min: -0.1, max: 1.1, noNaN: true }), fc.double({ min: -0.1, max: 1.1, noNaN: true })), {
          minLength: 20,
          maxLength: 80,
        }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 4 })), { minLength: 20, maxLength: 80 }),
        (t, randoms, latticePicks) => {
          const loc = GridLocator.build(t.polys, { cellSize: (64 * UNIT) * t.cellFactor });
          const points: [number, number][] = [];
          const w = t.cols * 64 * UNIT;
          const h = t.rows * 64 * UNIT;
          for (const [u, v] of randoms) points.push([BASE_X + u * w, BASE_Y + v * h]);
          for (const [a, b, k] of latticePicks) {
            const i = a % (t.cols + 1);
            const j = b % (t.rows + 1);
            const p = t.pt(i, j);
            points.push(p); // a lattice vertex, often shared by 3–4 polygons
            // points exactly on the lattice edge to the east / north (k quarters along)
            if (i < t.cols) {
              const q = t.pt(i + 1, j);
              points.push([(p[0] * (4 - k) + q[0] * k) / 4, (p[1] * (4 - k) + q[1] * k) / 4]);
            }
            if (j < t.rows) {
              const q = t.pt(i, j + 1);
              points.push([(p[0] * (4 - k) + q[0] * k) / 4, (p[1] * (4 - k) + q[1] * k) / 4]);
            }
          }
          for (const [x, y] of points) {
            const want = locateBruteForce(t.polys, x, y);
            const got = loc.locate(x, y);
            if (got !== want) throw new Error(`locate(${x}, ${y}) = ${got}, brute force ${want}`);
            const claims = claimants(t.polys, x, y);
            if (claims.length > 1) throw new Error(`(${x}, ${y}) claimed by ${claims.join(', ')}`);
          }
          return true;
        },
      ),
      { numRuns: 150, seed: 20240607 },
    );
  });

  it('answers the containing polygon for points strictly inside a lattice cell', () => {
    fc.assert(
      fc.property(
        tilingArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true })), {
          minLength: 10,
          maxLength: 60,
        }),
        (t, picks) => {
          const loc = GridLocator.build(t.polys, { cellSize: (64 * UNIT) * t.cellFactor });
          for (const [a, b, u, v] of picks) {
            const c = a % t.cols;
            const r = b % t.rows;
            // bilinear point inside the (convex) jittered lattice quad (c, r)
            const p00 = t.pt(c, r);
            const p10 = t.pt(c + 1, r);
            const p01 = t.pt(c, r + 1);
            const p11 = t.pt(c + 1, r + 1);
            const x = (1 - u) * (1 - v) * p00[0] + u * (1 - v) * p10[0] + (1 - u) * v * p01[0] + u * v * p11[0];
            const y = (1 - u) * (1 - v) * p00[1] + u * (1 - v) * p10[1] + (1 - u) * v * p01[1] + u * v * p11[1];
            const owner = t.rects.findIndex(([c0, r0, c1, r1]) => c >= c0 && c < c1 && r >= r0 && r < r1);
            const want = t.polys[owner]!.id;
            if (loc.locate(x, y) !== want) throw new Error(`locate(${x}, ${y}) = ${loc.locate(x, y)}, expected ${want}`);
          }
          return true;
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('covers the whole tiled area: every point of the closed union is located', () => {
    fc.assert(
      fc.property(tilingArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 10, maxLength: 40 }), (t, picks) => {
        const loc = GridLocator.build(t.polys, { cellSize: (64 * UNIT) * t.cellFactor });
        for (const [a, b] of picks) {
          const p = t.pt(a % (t.cols + 1), b % (t.rows + 1));
          if (loc.locate(p[0], p[1]) === null) throw new Error(`vertex (${p[0]}, ${p[1]}) not located`);
        }
        return true;
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});
