/**
 * The plan of the demo city: which districts, streets/towns and
 * communities/villages exist, with their names and grid counts. The
 * rectangles are filled in later by the lattice layout (plan-layout.ts).
 */

import { DISTRICTS, SCALES, type DemoScale, type DistrictSpec } from './city-spec.js';
import { NO_RECT, type Rect } from './lattice.js';
import { PLACE_MODIFIERS, PLACE_PARTS, VILLAGE_FIRST, VILLAGE_SECOND } from './names.js';
import { NameBook, stripSuffix } from './naming.js';
import type { Rng } from './rng.js';

export interface GridPlan {
  rect: Rect;
  households: number;
  population: number;
}

export interface CommunityPlan {
  name: string;
  village: boolean;
  gridCount: number;
  rect: Rect;
  grids: GridPlan[];
}

export interface StreetPlan {
  name: string;
  town: boolean;
  communities: CommunityPlan[];
  rect: Rect;
}

export interface DistrictPlan {
  spec: DistrictSpec;
  streets: StreetPlan[];
  rect: Rect;
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

export function plan(scale: DemoScale, rng: Rng): DistrictPlan[] {
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
