/**
 * Deterministic generator of a Haikou-like demo city (海口市): the region tree
 * city → district → street/town → community/village → grid → building, units
 * and the Party organisation tree. Nothing is read from real data: all
 * geometry is generated, names outside the seed list are fictional.
 *
 * ## Geometry
 * Every region is an axis-parallel rectangle of an integer lattice (a
 * guillotine partition: the city is split into districts, each district into
 * streets, … down to grids, in proportion to the number of grids below and
 * with rural grids four times the size of urban ones). The corners of all
 * grid rectangles form one vertex set; each vertex gets one random jitter
 * (bounded by a fraction of its distance to its neighbours, so rings stay
 * simple) and one WGS-84 coordinate. A region's ring walks its rectangle and
 * visits every vertex lying on it, so polygons at every level tile their
 * parent exactly: children cover the parent without gaps or overlaps, and
 * neighbours share edges with identical coordinates (no T-junctions).
 * Rings are closed and counter-clockwise.
 */

import { DEFAULT_DEMO_SEED, SCALES, type DemoScale } from './city-spec.js';
import { addCompoundsAndBuildings } from './buildings.js';
import { NameBook } from './naming.js';
import { generateOrgs } from './orgs.js';
import { plan } from './plan.js';
import { layOutPlan } from './plan-layout.js';
import { buildRegionTree } from './region-tree.js';
import { Rng } from './rng.js';
import type { DemoCity, DemoRegion } from './types.js';
import { generateUnits } from './units.js';

export { DEFAULT_DEMO_SEED, DEMO_CITY_EXTENT, type DemoScale } from './city-spec.js';

export interface GenerateDemoCityOptions {
  scale: DemoScale;
  seed?: number;
}

/**
 * Generates the demo city. Deterministic: the same options give the same
 * output, byte for byte (`JSON.stringify`).
 */
export function generateDemoCity(opts: GenerateDemoCityOptions): DemoCity {
  const seed = (opts.seed ?? DEFAULT_DEMO_SEED) >>> 0;
  const scale = opts.scale;
  const cfg = SCALES[scale];
  const root = new Rng(seed);
  const districts = plan(scale, root.fork('plan'));

  // --- partition the lattice ------------------------------------------------
  const layout = layOutPlan(root.fork('geometry'), districts);

  // --- regions --------------------------------------------------------------
  const tree = buildRegionTree(root.fork('population'), districts, layout);
  const { cityRegion, districtOut, streetOut, communityOut, gridOut } = tree;

  // --- compounds and buildings ----------------------------------------------
  addCompoundsAndBuildings(root.fork('buildings'), new NameBook(root.fork('compounds')), communityOut, cfg);

  // --- units ------------------------------------------------------------------
  const { units, propertyOf, enterprisesOf } = generateUnits(root.fork('units'), communityOut, cfg);

  // --- Party organisations --------------------------------------------------
  const orgs = generateOrgs(root.fork('orgs'), tree, { propertyOf, enterprisesOf }, cfg);

  const regions: DemoRegion[] = [
    cityRegion,
    ...districtOut.map((d) => d.region),
    ...streetOut.map((s) => s.region),
    ...communityOut.map((c) => c.region),
    ...gridOut.map((g) => g.region),
  ];
  for (const g of gridOut) for (const b of g.buildings) regions.push(b);
  return { seed, regions, units, orgs };
}
