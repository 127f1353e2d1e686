/**
 * Benchmark of the grid point locator over the city-scale demo city.
 *
 *   npm run bench:locate            (from the repository root or server/)
 *
 * Builds the demo city (about 2,305 grids), indexes the grids, then times
 * lookups of 2,000,000 deterministic random points in the city's bounding box
 * plus every building point, against a naive baseline (bounding-box check and
 * crossing test over all grids). Exits 1 if the two disagree or if a building
 * does not locate to its own grid.
 */

import { generateDemoCity } from '../src/demo/city-generator.js';
import { Rng } from '../src/demo/rng.js';
import type { LocatorPolygon } from '../src/platform/geo/index.js';
import { GridLocator, ringsContain, ringsTouch } from '../src/platform/geo/index.js';

const RANDOM_POINTS = 2_000_000;
const BASELINE_POINTS = 20_000;
const RUNS = 5;

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Naive reference: every grid, bounding box first, then the crossing test (same boundary rule as the locator). */
class NaiveLocator {
  private readonly boxes: Float64Array;

  constructor(private readonly polys: readonly LocatorPolygon[]) {
    this.boxes = new Float64Array(polys.length * 4);
    polys.forEach((p, i) => {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (const ring of p.rings) {
        for (const pt of ring) {
          x0 = Math.min(x0, pt[0]!);
          x1 = Math.max(x1, pt[0]!);
          y0 = Math.min(y0, pt[1]!);
          y1 = Math.max(y1, pt[1]!);
        }
      }
      this.boxes.set([x0, y0, x1, y1], i * 4);
    });
  }

  locate(x: number, y: number): string | null {
    let best: string | null = null;
    const b = this.boxes;
    for (let i = 0; i < this.polys.length; i++) {
      if (x < b[i * 4]! || y < b[i * 4 + 1]! || x > b[i * 4 + 2]! || y > b[i * 4 + 3]!) continue;
      const p = this.polys[i]!;
      if ((best === null || p.id < best) && ringsContain(p.rings, x, y)) best = p.id;
    }
    if (best !== null) return best;
    for (let i = 0; i < this.polys.length; i++) {
      if (x < b[i * 4]! || y < b[i * 4 + 1]! || x > b[i * 4 + 2]! || y > b[i * 4 + 3]!) continue;
      const p = this.polys[i]!;
      if ((best === null || p.id < best) && ringsTouch(p.rings, x, y)) best = p.id;
    }
    return best;
  }
}

function timeLookups(locate: (x: number, y: number) => string | null, xs: Float64Array, ys: Float64Array, count: number): { seconds: number; hits: number } {
  let hits = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    if (locate(xs[i]!, ys[i]!) !== null) hits++;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, hits };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function main(): void {
  const t0 = performance.now();
  const city = generateDemoCity({ scale: 'city' });
  const genMs = performance.now() - t0;
  const grids = city.regions.filter((r) => r.level === 'grid');
  const buildings = city.regions.filter((r) => r.level === 'building');
  const polys: LocatorPolygon[] = grids.map((g) => {
    if (!g.boundary) throw new Error(`grid ${g.key} has no boundary`);
    return { id: g.key, rings: g.boundary.coordinates };
  });
  console.log(`demo city (scale=city, seed=${city.seed}): ${fmt(grids.length)} grids, ${fmt(buildings.length)} buildings, generated in ${genMs.toFixed(0)} ms`);

  // --- index build -----------------------------------------------------------
  const buildTimes: number[] = [];
  let locator = GridLocator.build(polys);
  for (let i = 0; i < 3; i++) {
    const b0 = performance.now();
    locator = GridLocator.build(polys);
    buildTimes.push(performance.now() - b0);
  }
  const stats = locator.stats();
  console.log(
    `index: ${stats.cols}×${stats.rows} cells (${fmt(stats.full)} full, ${fmt(stats.mixed)} mixed, ${fmt(stats.empty)} empty, ` +
      `${fmt(stats.candidates)} candidate entries), build ${median(buildTimes).toFixed(1)} ms (median of ${buildTimes.length})`,
  );

  // --- points ----------------------------------------------------------------
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of polys) {
    for (const pt of p.rings[0]!) {
      minX = Math.min(minX, pt[0]!);
      maxX = Math.max(maxX, pt[0]!);
      minY = Math.min(minY, pt[1]!);
      maxY = Math.max(maxY, pt[1]!);
    }
  }
  const rng = new Rng(20_240_607);
  const total = RANDOM_POINTS + buildings.length;
  const xs = new Float64Array(total);
  const ys = new Float64Array(total);
  for (let i = 0; i < RANDOM_POINTS; i++) {
    xs[i] = rng.float(minX, maxX);
    ys[i] = rng.float(minY, maxY);
  }
  buildings.forEach((b, i) => {
    xs[RANDOM_POINTS + i] = b.point![0];
    ys[RANDOM_POINTS + i] = b.point![1];
  });
  // interleave building points with random ones so that neither dominates a time slice
  for (let i = total - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const tx = xs[i]!;
    const ty = ys[i]!;
    xs[i] = xs[j]!;
    ys[i] = ys[j]!;
    xs[j] = tx;
    ys[j] = ty;
  }

  // --- GridLocator timing ------------------------------------------------------
  const locate = (x: number, y: number): string | null => locator.locate(x, y);
  timeLookups(locate, xs, ys, Math.min(total, 500_000)); // warm-up
  const rates: number[] = [];
  let hits = 0;
  for (let r = 0; r < RUNS; r++) {
    const res = timeLookups(locate, xs, ys, total);
    rates.push(total / res.seconds);
    hits = res.hits;
  }
  const rate = median(rates);
  console.log(
    `GridLocator: ${fmt(total)} points (${fmt(RANDOM_POINTS)} random in bbox + ${fmt(buildings.length)} buildings), ${fmt(hits)} inside a grid; ` +
      `runs ${rates.map((x) => fmt(x)).join(', ')} lookups/s`,
  );

  // --- naive baseline -------------------------------------------------------------
  const naive = new NaiveLocator(polys);
  const naiveLocate = (x: number, y: number): string | null => naive.locate(x, y);
  timeLookups(naiveLocate, xs, ys, 2_000); // warm-up
  const base = timeLookups(naiveLocate, xs, ys, BASELINE_POINTS);
  const baseRate = BASELINE_POINTS / base.seconds;
  console.log(`baseline (bbox + crossing test over all grids): ${fmt(BASELINE_POINTS)} points in ${(base.seconds * 1000).toFixed(0)} ms`);

  // --- verification --------------------------------------------------------------
  let failures = 0;
  for (let i = 0; i < BASELINE_POINTS; i++) {
    const a = locator.locate(xs[i]!, ys[i]!);
    const b = naive.locate(xs[i]!, ys[i]!);
    if (a !== b) {
      failures++;
      if (failures <= 20) console.error(`MISMATCH at (${xs[i]}, ${ys[i]}): GridLocator ${a}, baseline ${b}`);
    }
  }
  let buildingFailures = 0;
  for (const b of buildings) {
    const got = locator.locate(b.point![0], b.point![1]);
    if (got !== b.parentKey) {
      buildingFailures++;
      if (buildingFailures <= 20) console.error(`BUILDING ${b.key} (${b.name}) at ${b.point!.join(',')} located in ${got}, expected ${b.parentKey}`);
    }
  }
  console.log(
    `verify: ${fmt(BASELINE_POINTS)} sample points, ${failures} disagreements with the baseline; ` +
      `${fmt(buildings.length)} buildings, ${buildingFailures} not in their own grid`,
  );

  console.log(
    `locate: ${fmt(rate)} lookups/s over ${fmt(locator.size)} grids (baseline ${fmt(baseRate)}/s, ratio ${(rate / baseRate).toFixed(0)}×)`,
  );
  if (rate < 1_000_000) console.warn('WARNING: below the 1,000,000 lookups/s target');
  if (failures > 0 || buildingFailures > 0) process.exit(1);
}

main();
