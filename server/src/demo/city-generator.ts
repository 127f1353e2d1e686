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

import { ringsContain } from '../platform/geo/locator.js';
import {
  AGENCY_KINDS,
  BRANDS,
  COMPOUND_SUFFIXES,
  INDUSTRIES,
  PLACE_MODIFIERS,
  PLACE_PARTS,
  SCHOOL_KINDS,
  SOCIAL_ORG_KINDS,
  VILLAGE_FIRST,
  VILLAGE_SECOND,
} from './names.js';
import { Rng } from './rng.js';
import type { DemoCity, DemoOrg, DemoRegion, DemoUnit, RegionLevel } from './types.js';

export type DemoScale = 'demo' | 'city';

export interface GenerateDemoCityOptions {
  scale: DemoScale;
  seed?: number;
}

export const DEFAULT_DEMO_SEED = 460100;

/** WGS-84 extent of the generated city (Haikou's main island part, roughly). */
export const DEMO_CITY_EXTENT = { minLng: 110.08, minLat: 19.72, maxLng: 110.68, maxLat: 20.1 } as const;

const CITY = { name: '海口市', code: '460100' } as const;

interface StreetSeed {
  name: string;
  town: boolean;
  communities: string[];
}

interface DistrictSpec {
  name: string;
  code: string;
  /** Development zone / new area (管委会) rather than an administrative district. */
  park: boolean;
  cityOnly: boolean;
  seeds: StreetSeed[];
  /** Generated streets/towns added to the seeds, per scale; `cityTowns` of the city-scale ones are towns. */
  extra: { demo: number; city: number; cityTowns: number };
}

/** Listed roughly west → east, the order the partition lays them out. 43 streets/towns at city scale. */
const DISTRICTS: readonly DistrictSpec[] = [
  {
    name: '秀英区', code: '460105', park: false, cityOnly: false,
    seeds: [
      { name: '秀英街道', town: false, communities: ['海榆东社区'] },
      { name: '长流镇', town: true, communities: [] },
    ],
    extra: { demo: 1, city: 5, cityTowns: 3 },
  },
  { name: '海口国家高新区', code: '460171', park: true, cityOnly: true, seeds: [], extra: { demo: 0, city: 2, cityTowns: 1 } },
  {
    name: '龙华区', code: '460106', park: false, cityOnly: false,
    seeds: [
      { name: '金贸街道', town: false, communities: ['国贸大院社区'] },
      { name: '滨海街道', town: false, communities: [] },
    ],
    extra: { demo: 1, city: 7, cityTowns: 3 },
  },
  { name: '海口综合保税区', code: '460174', park: true, cityOnly: true, seeds: [], extra: { demo: 0, city: 1, cityTowns: 0 } },
  {
    name: '琼山区', code: '460107', park: false, cityOnly: false,
    seeds: [
      { name: '府城街道', town: false, communities: ['君尧社区'] },
      { name: '龙塘镇', town: true, communities: [] },
    ],
    extra: { demo: 1, city: 7, cityTowns: 4 },
  },
  {
    name: '美兰区', code: '460108', park: false, cityOnly: false,
    seeds: [
      { name: '海甸街道', town: false, communities: ['新安社区'] },
      { name: '白龙街道', town: false, communities: ['流水坡社区'] },
      { name: '国兴街道', town: false, communities: ['日月广场社区'] },
    ],
    extra: { demo: 0, city: 7, cityTowns: 3 },
  },
  { name: '江东新区', code: '460172', park: true, cityOnly: true, seeds: [], extra: { demo: 0, city: 3, cityTowns: 2 } },
  { name: '桂林洋开发区', code: '460173', park: true, cityOnly: true, seeds: [], extra: { demo: 0, city: 2, cityTowns: 1 } },
];

/** The community of the Riyue Plaza business district (日月广场商圈), with its enterprise alliance. */
const RIYUE_COMMUNITY = '日月广场社区';
const RIYUE_ENTERPRISES = 28;

interface ScaleConfig {
  /** Communities per street: either a total spread over streets, or a per-street range. */
  communities: { total: number; min: number; max: number } | { perStreet: [number, number] };
  grids: { total: number; min: number; max: number };
  buildingsPerGrid: [number, number];
  compoundsPerCommunity: [number, number];
  buildingGroupsPerGrid: number;
  enterprisesPerCommunity: [number, number];
}

const SCALES: Record<DemoScale, ScaleConfig> = {
  demo: {
    communities: { total: 40, min: 3, max: 4 },
    grids: { total: 300, min: 5, max: 10 },
    buildingsPerGrid: [8, 12],
    compoundsPerCommunity: [1, 2],
    buildingGroupsPerGrid: 2,
    enterprisesPerCommunity: [1, 3],
  },
  city: {
    communities: { perStreet: [5, 11] },
    grids: { total: 2305, min: 3, max: 14 },
    buildingsPerGrid: [80, 120],
    compoundsPerCommunity: [1, 3],
    buildingGroupsPerGrid: 1,
    enterprisesPerCommunity: [1, 3],
  },
};

/** Lattice area per unit of grid weight (an urban grid weighs 1, a rural one 4). */
const AREA_PER_WEIGHT = 30;
const RURAL_WEIGHT = 4;
/** Vertex jitter as a fraction of the distance to the nearest neighbouring vertex / the smallest incident grid side. */
const JITTER = 0.18;
const COORD_SCALE = 1e7; // coordinates rounded to 1e-7° (~1 cm)

// ---------------------------------------------------------------------------
// Plan (names and counts)

interface GridPlan {
  rect: Rect;
  households: number;
  population: number;
}

interface CommunityPlan {
  name: string;
  village: boolean;
  gridCount: number;
  rect: Rect;
  grids: GridPlan[];
}

interface StreetPlan {
  name: string;
  town: boolean;
  communities: CommunityPlan[];
  rect: Rect;
}

interface DistrictPlan {
  spec: DistrictSpec;
  streets: StreetPlan[];
  rect: Rect;
}

interface Rect {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

const NO_RECT: Rect = { u0: 0, v0: 0, u1: 0, v1: 0 };

class NameBook {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  reserve(name: string): void {
    this.used.add(name);
  }

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** A name `${head}${tail}${suffix}` not used before: random tries, then a scan, then a numbered fallback. */
  unique(heads: readonly string[], tails: readonly string[], suffix: string): string {
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = `${this.rng.pick(heads)}${this.rng.pick(tails)}${suffix}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    for (const tail of tails) {
      for (const head of heads) {
        const name = `${head}${tail}${suffix}`;
        if (!this.used.has(name)) {
          this.used.add(name);
          return name;
        }
      }
    }
    for (let n = 2; ; n++) {
      const name = `${this.rng.pick(heads)}${this.rng.pick(tails)}${n}${suffix}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

function distribute(rng: Rng, total: number, n: number, min: number, max: number): number[] {
  if (n * min > total || n * max < total) throw new RangeError(`cannot spread ${total} over ${n} in [${min}, ${max}]`);
  const counts = new Array<number>(n).fill(min);
  let remaining = total - n * min;
  const open = Array.from({ length: n }, (_, i) => i);
  while (remaining > 0) {
    const k = rng.int(0, open.length - 1);
    const i = open[k]!;
    counts[i]!++;
    remaining--;
    if (counts[i] === max) {
      open[k] = open[open.length - 1]!;
      open.pop();
    }
  }
  return counts;
}

function stripSuffix(name: string): string {
  for (const suffix of ['社区', '街道', '村', '镇']) if (name.endsWith(suffix)) return name.slice(0, -suffix.length);
  return name;
}

function plan(scale: DemoScale, rng: Rng): DistrictPlan[] {
  const cfg = SCALES[scale];
  const names = new NameBook(rng.fork('names'));
  const specs = DISTRICTS.filter((d) => scale === 'city' || !d.cityOnly);
  for (const d of specs) {
    for (const s of d.seeds) {
      names.reserve(s.name);
      names.reserve(stripSuffix(s.name));
      for (const c of s.communities) {
        names.reserve(c);
        names.reserve(stripSuffix(c));
      }
    }
  }
  const streetParts = PLACE_PARTS.filter((p) => !names.has(p));

  // streets / towns
  const districts: DistrictPlan[] = specs.map((spec) => {
    const streets: StreetPlan[] = spec.seeds.map((s) => ({ name: s.name, town: s.town, communities: [], rect: NO_RECT }));
    const extra = scale === 'city' ? spec.extra.city : spec.extra.demo;
    const towns = scale === 'city' ? spec.extra.cityTowns : 0;
    for (let i = 0; i < extra; i++) {
      const town = i >= extra - towns;
      const name = names.unique(streetParts, [''], town ? '镇' : '街道');
      names.reserve(stripSuffix(name));
      streets.push({ name, town, communities: [], rect: NO_RECT });
    }
    return { spec, streets, rect: NO_RECT };
  });
  const allStreets = districts.flatMap((d) => d.streets);

  // communities / villages
  const commCfg = cfg.communities;
  const perStreet =
    'total' in commCfg
      ? distribute(rng, commCfg.total, allStreets.length, commCfg.min, commCfg.max)
      : allStreets.map(() => rng.int(commCfg.perStreet[0], commCfg.perStreet[1]));
  const communityParts = PLACE_PARTS.filter((p) => !names.has(p));
  const allCommunities: CommunityPlan[] = [];
  allStreets.forEach((street, si) => {
    const seeds = DISTRICTS.flatMap((d) => d.seeds).find((s) => s.name === street.name)?.communities ?? [];
    const count = Math.max(perStreet[si]!, seeds.length);
    for (let i = 0; i < count; i++) {
      const seeded = seeds[i];
      const name =
        seeded ??
        (street.town
          ? names.unique(VILLAGE_FIRST, VILLAGE_SECOND, '村')
          : names.unique(communityParts, PLACE_MODIFIERS, '社区'));
      const community: CommunityPlan = { name, village: street.town, gridCount: 0, rect: NO_RECT, grids: [] };
      street.communities.push(community);
      allCommunities.push(community);
    }
  });

  // grids
  const gridCounts = distribute(rng, cfg.grids.total, allCommunities.length, cfg.grids.min, cfg.grids.max);
  allCommunities.forEach((c, i) => {
    c.gridCount = gridCounts[i]!;
  });
  return districts;
}

// ---------------------------------------------------------------------------
// Geometry: guillotine partition of an integer lattice

function partition(rng: Rng, rect: Rect, weights: readonly number[], leaves: readonly number[]): Rect[] {
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
class Vertices {
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

function round7(x: number): number {
  return Math.round(x * COORD_SCALE) / COORD_SCALE;
}

function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A random point strictly inside the ring, at least `margin` degrees from its boundary. */
function pointInside(rng: Rng, ring: number[][], margin: number): [number, number] {
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

// ---------------------------------------------------------------------------

interface GridOut {
  region: DemoRegion;
  community: CommunityOut;
  ring: number[][];
  buildings: DemoRegion[];
}

interface CommunityOut {
  region: DemoRegion;
  plan: CommunityPlan;
  street: StreetOut;
  grids: GridOut[];
  compounds: string[];
  /** per grid: the compound its buildings belong to (null: plain numbered buildings) */
  gridCompound: (string | null)[];
}

interface StreetOut {
  region: DemoRegion;
  plan: StreetPlan;
  district: DistrictOut;
}

interface DistrictOut {
  region: DemoRegion;
  plan: DistrictPlan;
}

function regionKey(level: RegionLevel, code: string): string {
  return `${level}:${code}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
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
  const geoRng = root.fork('geometry');
  const gridWeight = (c: CommunityPlan): number => (c.village ? RURAL_WEIGHT : 1);
  const communityWeight = (c: CommunityPlan): number => c.gridCount * gridWeight(c);
  const streetWeight = (s: StreetPlan): number => s.communities.reduce((a, c) => a + communityWeight(c), 0);
  const streetLeaves = (s: StreetPlan): number => s.communities.reduce((a, c) => a + c.gridCount, 0);
  const districtWeight = (d: DistrictPlan): number => d.streets.reduce((a, s) => a + streetWeight(s), 0);
  const districtLeaves = (d: DistrictPlan): number => d.streets.reduce((a, s) => a + streetLeaves(s), 0);

  const { minLng, minLat, maxLng, maxLat } = DEMO_CITY_EXTENT;
  const midLat = ((minLat + maxLat) / 2) * (Math.PI / 180);
  const aspect = ((maxLng - minLng) * Math.cos(midLat)) / (maxLat - minLat);
  const totalWeight = districts.reduce((a, d) => a + districtWeight(d), 0);
  const height = Math.max(4, Math.round(Math.sqrt((totalWeight * AREA_PER_WEIGHT) / aspect)));
  const width = Math.max(4, Math.round(height * aspect));
  const cityRect: Rect = { u0: 0, v0: 0, u1: width, v1: height };

  const dRects = partition(geoRng, cityRect, districts.map(districtWeight), districts.map(districtLeaves));
  const gridPlans: GridPlan[] = [];
  districts.forEach((d, di) => {
    d.rect = dRects[di]!;
    const sRects = partition(geoRng, d.rect, d.streets.map(streetWeight), d.streets.map(streetLeaves));
    d.streets.forEach((s, si) => {
      s.rect = sRects[si]!;
      const cRects = partition(geoRng, s.rect, s.communities.map(communityWeight), s.communities.map((c) => c.gridCount));
      s.communities.forEach((c, ci) => {
        c.rect = cRects[ci]!;
        const ones = new Array<number>(c.gridCount).fill(1);
        for (const rect of partition(geoRng, c.rect, ones, ones)) {
          const grid: GridPlan = { rect, households: 0, population: 0 };
          c.grids.push(grid);
          gridPlans.push(grid);
        }
      });
    });
  });

  const vertices = new Vertices();
  for (const g of gridPlans) {
    vertices.add(g.rect.u0, g.rect.v0);
    vertices.add(g.rect.u1, g.rect.v0);
    vertices.add(g.rect.u1, g.rect.v1);
    vertices.add(g.rect.u0, g.rect.v1);
  }
  vertices.seal();
  const gridRings = gridPlans.map((g) => vertices.ring(g.rect));
  vertices.place(geoRng, gridRings, gridPlans.map((g) => g.rect), width, height);
  const polygon = (rect: Rect): { type: 'Polygon'; coordinates: number[][][] } => ({
    type: 'Polygon',
    coordinates: [vertices.coordinates(vertices.ring(rect))],
  });

  // --- regions --------------------------------------------------------------
  const popRng = root.fork('population');
  const cityRegion: DemoRegion = {
    key: regionKey('city', CITY.code),
    parentKey: null,
    level: 'city',
    name: CITY.name,
    code: CITY.code,
    boundary: polygon(cityRect),
  };
  const districtOut: DistrictOut[] = [];
  const streetOut: StreetOut[] = [];
  const communityOut: CommunityOut[] = [];
  const gridOut: GridOut[] = [];
  for (const d of districts) {
    const region: DemoRegion = {
      key: regionKey('district', d.spec.code),
      parentKey: cityRegion.key,
      level: 'district',
      name: d.spec.name,
      code: d.spec.code,
      boundary: polygon(d.rect),
    };
    const dOut: DistrictOut = { region, plan: d };
    districtOut.push(dOut);
    d.streets.forEach((s, si) => {
      const code = `${d.spec.code}${pad(si + 1, 3)}`;
      const sOut: StreetOut = {
        region: { key: regionKey('street', code), parentKey: region.key, level: 'street', name: s.name, code, boundary: polygon(s.rect) },
        plan: s,
        district: dOut,
      };
      streetOut.push(sOut);
      s.communities.forEach((c, ci) => {
        const cCode = `${code}${pad(ci + 1, 3)}`;
        const cOut: CommunityOut = {
          region: {
            key: regionKey('community', cCode),
            parentKey: sOut.region.key,
            level: 'community',
            name: c.name,
            code: cCode,
            boundary: polygon(c.rect),
          },
          plan: c,
          street: sOut,
          grids: [],
          compounds: [],
          gridCompound: [],
        };
        communityOut.push(cOut);
        c.grids.forEach((g, gi) => {
          const gCode = `${cCode}${pad(gi + 1, 3)}`;
          g.households = c.village ? popRng.int(120, 380) : popRng.int(250, 700);
          g.population = Math.round(g.households * popRng.float(2.4, 3.2));
          const boundary = polygon(g.rect);
          const gOut: GridOut = {
            region: {
              key: regionKey('grid', gCode),
              parentKey: cOut.region.key,
              level: 'grid',
              name: `${c.name}第${gi + 1}网格`,
              code: gCode,
              boundary,
              population: g.population,
              households: g.households,
            },
            community: cOut,
            ring: boundary.coordinates[0]!,
            buildings: [],
          };
          cOut.grids.push(gOut);
          gridOut.push(gOut);
        });
      });
    });
  }

  // population sums upwards
  for (const c of communityOut) {
    c.region.population = c.grids.reduce((a, g) => a + (g.region.population ?? 0), 0);
    c.region.households = c.grids.reduce((a, g) => a + (g.region.households ?? 0), 0);
  }
  const sumUp = (parent: DemoRegion, children: DemoRegion[]): void => {
    parent.population = children.reduce((a, r) => a + (r.population ?? 0), 0);
    parent.households = children.reduce((a, r) => a + (r.households ?? 0), 0);
  };
  for (const s of streetOut) sumUp(s.region, communityOut.filter((c) => c.street === s).map((c) => c.region));
  for (const d of districtOut) sumUp(d.region, streetOut.filter((s) => s.district === d).map((s) => s.region));
  sumUp(cityRegion, districtOut.map((d) => d.region));

  // --- compounds and buildings ----------------------------------------------
  const bRng = root.fork('buildings');
  const compoundNames = new NameBook(root.fork('compounds'));
  for (const c of communityOut) {
    if (!c.plan.village) {
      const count = bRng.int(cfg.compoundsPerCommunity[0], cfg.compoundsPerCommunity[1]);
      for (let i = 0; i < count; i++) c.compounds.push(compoundNames.unique(PLACE_PARTS, COMPOUND_SUFFIXES, ''));
    }
    const compoundNext = new Map<string, number>();
    c.grids.forEach((g, gi) => {
      // compounds cover the first grids of the community, one grid each (and spill over when few grids)
      const compound = c.compounds.length === 0 ? null : gi < c.compounds.length ? c.compounds[gi]! : bRng.chance(0.4) ? bRng.pick(c.compounds) : null;
      c.gridCompound.push(compound);
      const count = bRng.int(cfg.buildingsPerGrid[0], cfg.buildingsPerGrid[1]);
      const short = stripSuffix(c.plan.name);
      for (let b = 0; b < count; b++) {
        let name: string;
        if (compound !== null) {
          const next = (compoundNext.get(compound) ?? 0) + 1;
          compoundNext.set(compound, next);
          name = `${compound}${next}栋`;
        } else {
          name = c.plan.village ? `${short}${b + 1}号` : `${b + 1}栋`;
        }
        const code = `${g.region.code}${pad(b + 1, 4)}`;
        g.buildings.push({
          key: regionKey('building', code),
          parentKey: g.region.key,
          level: 'building',
          name,
          code,
          point: pointInside(bRng, g.ring, 2e-6),
        });
      }
    });
  }

  // --- units ------------------------------------------------------------------
  const uRng = root.fork('units');
  const units: DemoUnit[] = [];
  const unitNames = new NameBook(uRng.fork('names'));
  const propertyOf = new Map<string, DemoUnit>();
  const enterprisesOf = new Map<CommunityOut, DemoUnit[]>();
  const placeUnit = (c: CommunityOut, kind: DemoUnit['kind'], name: string, gridIndex?: number): DemoUnit => {
    const g = gridIndex !== undefined ? c.grids[gridIndex]! : uRng.pick(c.grids);
    const point = uRng.pick(g.buildings).point;
    if (!point) throw new Error(`grid ${g.region.key} has a building without a point`);
    const unit: DemoUnit = {
      key: `unit:${c.region.code}-${pad(units.length + 1, 6)}`,
      regionKey: g.region.key,
      kind,
      name,
      point: [point[0], point[1]],
    };
    units.push(unit);
    return unit;
  };
  for (const c of communityOut) {
    const short = stripSuffix(c.plan.name);
    const enterprises: DemoUnit[] = [];
    const enterpriseCount =
      c.plan.name === RIYUE_COMMUNITY ? RIYUE_ENTERPRISES : uRng.int(cfg.enterprisesPerCommunity[0], cfg.enterprisesPerCommunity[1]);
    if (c.plan.name === RIYUE_COMMUNITY) {
      enterprises.push(placeUnit(c, 'enterprise', unitNames.unique(['海口日月广场'], ['商业管理有限公司'], '')));
    }
    while (enterprises.length < enterpriseCount) {
      const name = c.plan.village
        ? unitNames.unique([short], ['热带水果', '农民专业', '槟榔种植', '渔业', '蔬菜', '乡村旅游'], '合作社')
        : unitNames.unique(BRANDS.map((b) => `海南${b}`), INDUSTRIES, '有限公司');
      enterprises.push(placeUnit(c, 'enterprise', name));
    }
    enterprisesOf.set(c, enterprises);
    c.compounds.forEach((compound) => {
      const gi = c.gridCompound.indexOf(compound);
      const unit = placeUnit(c, 'property', unitNames.unique([`海南${compound}`], ['物业服务有限公司'], ''), gi >= 0 ? gi : undefined);
      propertyOf.set(compound, unit);
    });
    if (!c.plan.village || uRng.chance(0.5)) {
      placeUnit(c, 'school', unitNames.unique([`海口市${short}`], SCHOOL_KINDS, ''));
    }
    placeUnit(c, 'agency', unitNames.unique([short], AGENCY_KINDS, ''));
    placeUnit(c, 'social_org', unitNames.unique([short], SOCIAL_ORG_KINDS, ''));
  }

  // --- Party organisations --------------------------------------------------
  const oRng = root.fork('orgs');
  const orgs: DemoOrg[] = [];
  const cityOrg: DemoOrg = { key: `org:${CITY.code}`, parentKey: null, kind: 'committee', name: '中共海口市委员会', regionKey: cityRegion.key };
  orgs.push(cityOrg);
  const districtOrg = new Map<DistrictOut, DemoOrg>();
  for (const d of districtOut) {
    const org: DemoOrg = d.plan.spec.park
      ? { key: `org:${d.region.code}`, parentKey: cityOrg.key, kind: 'working_committee', name: `中共${d.region.name}工作委员会`, regionKey: d.region.key }
      : { key: `org:${d.region.code}`, parentKey: cityOrg.key, kind: 'committee', name: `中共海口市${d.region.name}委员会`, regionKey: d.region.key };
    orgs.push(org);
    districtOrg.set(d, org);
  }
  const streetOrg = new Map<StreetOut, DemoOrg>();
  for (const s of streetOut) {
    const org: DemoOrg = {
      key: `org:${s.region.code}`,
      parentKey: districtOrg.get(s.district)!.key,
      kind: s.plan.town ? 'committee' : 'working_committee',
      name: s.plan.town ? `中共${s.region.name}委员会` : `中共${s.region.name}工作委员会`,
      regionKey: s.region.key,
    };
    orgs.push(org);
    streetOrg.set(s, org);
  }
  const communityOrg = new Map<CommunityOut, DemoOrg>();
  const groupOrgs: DemoOrg[] = [];
  for (const c of communityOut) {
    const org: DemoOrg = {
      key: `org:${c.region.code}`,
      parentKey: streetOrg.get(c.street)!.key,
      kind: c.plan.village ? 'general_branch' : 'committee',
      name: c.plan.village ? `中共${c.region.name}总支部委员会` : `中共${c.region.name}委员会`,
      regionKey: c.region.key,
    };
    orgs.push(org);
    communityOrg.set(c, org);
    for (const g of c.grids) {
      const branch: DemoOrg = { key: `org:${g.region.code}`, parentKey: org.key, kind: 'branch', name: `${g.region.name}党支部`, regionKey: g.region.key };
      orgs.push(branch);
      const sample = oRng.sample(g.buildings, cfg.buildingGroupsPerGrid).sort((a, b) => (a.code < b.code ? -1 : 1));
      for (const b of sample) {
        groupOrgs.push({ key: `org:${b.code}`, parentKey: branch.key, kind: 'group', name: `${b.name}党小组`, regionKey: b.key });
      }
    }
    // Party branches in some enterprises (属地管理 under the community committee)
    const enterprises = enterprisesOf.get(c) ?? [];
    const rate = c.plan.name === RIYUE_COMMUNITY ? 0.4 : 0.3;
    for (const e of enterprises) {
      if (!oRng.chance(rate)) continue;
      orgs.push({ key: `org:${e.key}`, parentKey: org.key, kind: 'branch', name: `中共${e.name}支部委员会`, regionKey: e.regionKey, unitKey: e.key });
    }
  }
  orgs.push(...groupOrgs);

  // special organisations
  const byName = (name: string): CommunityOut => {
    const c = communityOut.find((x) => x.plan.name === name);
    if (!c) throw new Error(`seed community ${name} missing`);
    return c;
  };
  const riyue = byName(RIYUE_COMMUNITY);
  orgs.push({
    key: 'org:special:joint-riyue',
    parentKey: communityOrg.get(riyue)!.key,
    kind: 'branch',
    special: 'joint',
    name: '日月广场商圈联合党支部',
    regionKey: riyue.region.key,
  });
  const jinmao = streetOut.find((s) => s.plan.name === '金贸街道')!;
  orgs.push({
    key: 'org:special:temporary-jinmao',
    parentKey: streetOrg.get(jinmao)!.key,
    kind: 'branch',
    special: 'temporary',
    name: '金贸街道重点项目临时党支部',
    regionKey: jinmao.region.key,
  });
  const xinan = byName('新安社区');
  const compound = xinan.compounds[0];
  const property = compound !== undefined ? propertyOf.get(compound) : undefined;
  if (compound === undefined || property === undefined) throw new Error('新安社区 has no compound');
  orgs.push({
    key: 'org:special:compound-xinan',
    parentKey: communityOrg.get(xinan)!.key,
    kind: 'branch',
    special: 'compound',
    name: `${compound}小区党支部`,
    regionKey: property.regionKey,
    unitKey: property.key,
  });
  const meilan = districtOut.find((d) => d.plan.spec.name === '美兰区')!;
  orgs.push({
    key: 'org:special:migratory-meilan',
    parentKey: districtOrg.get(meilan)!.key,
    kind: 'committee',
    special: 'migratory',
    name: '美兰区候鸟党委',
    regionKey: meilan.region.key,
  });

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
