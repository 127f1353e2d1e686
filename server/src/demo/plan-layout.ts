/**
 * Lays the plan out on the integer lattice: partitions the city rectangle
 * into districts, streets, communities and grids (weighted by grid count,
 * rural grids four times the urban size), then places the shared vertices.
 */

import { AREA_PER_WEIGHT, DEMO_CITY_EXTENT, RURAL_WEIGHT } from './city-spec.js';
import { partition, Vertices, type Rect } from './lattice.js';
import type { CommunityPlan, DistrictPlan, GridPlan, StreetPlan } from './plan.js';
import type { Rng } from './rng.js';

export interface CityLayout {
  cityRect: Rect;
  /** The closed counter-clockwise WGS-84 polygon of a laid-out rectangle. */
  polygon: (rect: Rect) => { type: 'Polygon'; coordinates: number[][][] };
}

/** Sets the `rect` of every district, street and community of the plan, and the grids of each community. */
export function layOutPlan(geoRng: Rng, districts: DistrictPlan[]): CityLayout {
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
  return { cityRect, polygon };
}
