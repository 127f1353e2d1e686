/**
 * The region tree of the demo city (city → district → street → community →
 * grid), built from the laid-out plan, with generated population figures
 * summed upwards. Buildings are added to the grids later (buildings.ts).
 */

import { CITY } from './city-spec.js';
import { pad, regionKey } from './naming.js';
import type { CommunityPlan, DistrictPlan, StreetPlan } from './plan.js';
import type { CityLayout } from './plan-layout.js';
import type { Rng } from './rng.js';
import type { DemoRegion } from './types.js';

export interface GridOut {
  region: DemoRegion;
  community: CommunityOut;
  ring: number[][];
  buildings: DemoRegion[];
}

export interface CommunityOut {
  region: DemoRegion;
  plan: CommunityPlan;
  street: StreetOut;
  grids: GridOut[];
  compounds: string[];
  /** per grid: the compound its buildings belong to (null: plain numbered buildings) */
  gridCompound: (string | null)[];
}

export interface StreetOut {
  region: DemoRegion;
  plan: StreetPlan;
  district: DistrictOut;
}

export interface DistrictOut {
  region: DemoRegion;
  plan: DistrictPlan;
}

export interface RegionTree {
  cityRegion: DemoRegion;
  districtOut: DistrictOut[];
  streetOut: StreetOut[];
  communityOut: CommunityOut[];
  gridOut: GridOut[];
}

export function buildRegionTree(popRng: Rng, districts: DistrictPlan[], layout: CityLayout): RegionTree {
  const { cityRect, polygon } = layout;
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
  return { cityRegion, districtOut, streetOut, communityOut, gridOut };
}
