import { describe, it, expect } from 'vitest';
import { GridLocator, ringsContain } from '../platform/geo/index.js';
import { DEMO_CITY_EXTENT, generateDemoCity } from './city-generator.js';
import { Rng } from './rng.js';
import type { DemoCity, DemoRegion, RegionLevel } from './types.js';

const LEVELS: RegionLevel[] = ['city', 'district', 'street', 'community', 'grid', 'building'];
const CODE_LENGTH: Record<RegionLevel, number> = { city: 6, district: 6, street: 9, community: 12, grid: 15, building: 19 };

function byLevel(city: DemoCity, level: RegionLevel): DemoRegion[] {
  return city.regions.filter((r) => r.level === level);
}

function locatorFor(regions: DemoRegion[]): GridLocator {
  return GridLocator.build(regions.map((r) => ({ id: r.key, rings: r.boundary!.coordinates })));
}

const demo = generateDemoCity({ scale: 'demo' });
const regionByKey = new Map(demo.regions.map((r) => [r.key, r]));

function find(level: RegionLevel, name: string): DemoRegion {
  const found = demo.regions.filter((r) => r.level === level && r.name === name);
  expect(found, `${level} ${name}`).toHaveLength(1);
  return found[0]!;
}

function parentName(r: DemoRegion): string | undefined {
  return r.parentKey === null ? undefined : regionByKey.get(r.parentKey)?.name;
}

describe('generateDemoCity (demo scale)', () => {
  it('is deterministic for a seed and varies with the seed', () => {
    const again = generateDemoCity({ scale: 'demo' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    const seeded = generateDemoCity({ scale: 'demo', seed: 7 });
    expect(JSON.stringify(generateDemoCity({ scale: 'demo', seed: 7 }))).toBe(JSON.stringify(seeded));
    expect(seeded.seed).toBe(7);
    expect(JSON.stringify(seeded.regions)).not.toBe(JSON.stringify(demo.regions));
  });

  it('has the expected counts', () => {
    expect(byLevel(demo, 'city')).toHaveLength(1);
    expect(byLevel(demo, 'district')).toHaveLength(4);
    expect(byLevel(demo, 'street')).toHaveLength(12);
    expect(byLevel(demo, 'community')).toHaveLength(40);
    expect(byLevel(demo, 'grid')).toHaveLength(300);
    const buildings = byLevel(demo, 'building');
    expect(buildings.length).toBeGreaterThanOrEqual(300 * 8);
    expect(buildings.length).toBeLessThanOrEqual(300 * 12);
    const gridsPerCommunity = new Map<string, number>();
    for (const g of byLevel(demo, 'grid')) gridsPerCommunity.set(g.parentKey!, (gridsPerCommunity.get(g.parentKey!) ?? 0) + 1);
    for (const n of gridsPerCommunity.values()) {
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThanOrEqual(10);
    }
  });

  it('carries the seed names under the right parents', () => {
    const city = find('city', '海口市');
    expect(city.code).toBe('460100');
    expect(city.parentKey).toBeNull();
    const districts = { 秀英区: '460105', 龙华区: '460106', 琼山区: '460107', 美兰区: '460108' };
    for (const [name, code] of Object.entries(districts)) {
      const d = find('district', name);
      expect(d.code).toBe(code);
      expect(d.parentKey).toBe(city.key);
    }
    const streets: [string, string][] = [
      ['海甸街道', '美兰区'], ['白龙街道', '美兰区'], ['国兴街道', '美兰区'],
      ['金贸街道', '龙华区'], ['滨海街道', '龙华区'],
      ['府城街道', '琼山区'], ['龙塘镇', '琼山区'],
      ['秀英街道', '秀英区'], ['长流镇', '秀英区'],
    ];
    for (const [street, district] of streets) expect(parentName(find('street', street))).toBe(district);
    const communities: [string, string][] = [
      ['新安社区', '海甸街道'], ['流水坡社区', '白龙街道'], ['国贸大院社区', '金贸街道'],
      ['日月广场社区', '国兴街道'], ['君尧社区', '府城街道'], ['海榆东社区', '秀英街道'],
    ];
    for (const [community, street] of communities) expect(parentName(find('community', community))).toBe(street);
    const longtang = find('street', '龙塘镇');
    const villages = byLevel(demo, 'community').filter((c) => c.parentKey === longtang.key);
    expect(villages.length).toBeGreaterThan(0);
    for (const v of villages) expect(v.name.endsWith('村')).toBe(true);
    expect(find('grid', '新安社区第3网格').parentKey).toBe(find('community', '新安社区').key);
  });

  it('has a consistent tree: unique keys, existing parents, hierarchical codes', () => {
    expect(new Set(demo.regions.map((r) => r.key)).size).toBe(demo.regions.length);
    expect(new Set(demo.regions.map((r) => r.code)).size).toBe(demo.regions.length);
    for (const r of demo.regions) {
      expect(r.code).toMatch(/^\d+$/);
      expect(r.code.length).toBe(CODE_LENGTH[r.level]);
      if (r.level === 'city') {
        expect(r.parentKey).toBeNull();
        continue;
      }
      const parent = regionByKey.get(r.parentKey ?? '');
      expect(parent, `parent of ${r.key}`).toBeDefined();
      expect(LEVELS.indexOf(parent!.level)).toBe(LEVELS.indexOf(r.level) - 1);
      if (r.level !== 'district') expect(r.code.startsWith(parent!.code)).toBe(true);
      if (r.level === 'building') {
        expect(r.point).toBeDefined();
        expect(r.boundary).toBeUndefined();
      } else {
        expect(r.boundary?.type).toBe('Polygon');
      }
    }
    // parents come before their children (ready for inserts with foreign keys)
    const seen = new Set<string>();
    for (const r of demo.regions) {
      if (r.parentKey !== null) expect(seen.has(r.parentKey)).toBe(true);
      seen.add(r.key);
    }
  });

  it('has population and households on communities and grids, summing up', () => {
    const grids = byLevel(demo, 'grid');
    for (const g of grids) {
      expect(g.households).toBeGreaterThan(0);
      expect(g.population).toBeGreaterThan(g.households!);
    }
    for (const c of byLevel(demo, 'community')) {
      const mine = grids.filter((g) => g.parentKey === c.key);
      expect(c.population).toBe(mine.reduce((a, g) => a + g.population!, 0));
      expect(c.households).toBe(mine.reduce((a, g) => a + g.households!, 0));
    }
    expect(find('city', '海口市').population).toBe(grids.reduce((a, g) => a + g.population!, 0));
  });

  it('has closed counter-clockwise rings inside the city extent', () => {
    for (const r of demo.regions) {
      if (!r.boundary) continue;
      const ring = r.boundary.coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(5);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      let twiceArea = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i] as [number, number];
        const [x1, y1] = ring[i + 1] as [number, number];
        twiceArea += x0 * y1 - x1 * y0;
        expect(x0).toBeGreaterThan(DEMO_CITY_EXTENT.minLng - 0.05);
        expect(x0).toBeLessThan(DEMO_CITY_EXTENT.maxLng + 0.05);
        expect(y0).toBeGreaterThan(DEMO_CITY_EXTENT.minLat - 0.05);
        expect(y0).toBeLessThan(DEMO_CITY_EXTENT.maxLat + 0.05);
      }
      expect(twiceArea).toBeGreaterThan(0);
    }
  });

  it('puts every building inside its grid', () => {
    const locator = locatorFor(byLevel(demo, 'grid'));
    for (const b of byLevel(demo, 'building')) {
      expect(locator.locate(b.point![0], b.point![1]), b.key).toBe(b.parentKey);
    }
  });

  it('tiles the city with grids, and each level tiles its parent', () => {
    const cityRegion = byLevel(demo, 'city')[0]!;
    const grids = byLevel(demo, 'grid');
    const locators = {
      grid: locatorFor(grids),
      community: locatorFor(byLevel(demo, 'community')),
      street: locatorFor(byLevel(demo, 'street')),
      district: locatorFor(byLevel(demo, 'district')),
    };
    const ring = cityRegion.boundary!.coordinates[0]!;
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const rng = new Rng(42);
    let inside = 0;
    for (let i = 0; i < 5000; i++) {
      const x = rng.float(minX, maxX);
      const y = rng.float(minY, maxY);
      const claims = grids.filter((g) => ringsContain(g.boundary!.coordinates, x, y));
      const grid = locators.grid.locate(x, y);
      if (!ringsContain(cityRegion.boundary!.coordinates, x, y)) {
        expect(claims).toHaveLength(0);
        expect(grid).toBeNull();
        continue;
      }
      inside++;
      expect(claims).toHaveLength(1);
      expect(grid).toBe(claims[0]!.key);
      const community = locators.community.locate(x, y);
      const street = locators.street.locate(x, y);
      const district = locators.district.locate(x, y);
      expect(regionByKey.get(grid!)!.parentKey).toBe(community);
      expect(regionByKey.get(community!)!.parentKey).toBe(street);
      expect(regionByKey.get(street!)!.parentKey).toBe(district);
    }
    expect(inside).toBeGreaterThan(4000);
  });

  it('shares vertices exactly between neighbouring grids', () => {
    // every vertex of a grid that lies on another grid's boundary is also a vertex of that grid (no T-junctions)
    const vertexCount = new Map<string, number>();
    for (const g of byLevel(demo, 'grid')) {
      const ring = g.boundary!.coordinates[0]!;
      for (let i = 0; i + 1 < ring.length; i++) {
        const k = `${ring[i]![0]},${ring[i]![1]}`;
        vertexCount.set(k, (vertexCount.get(k) ?? 0) + 1);
      }
    }
    // every vertex is shared by 2–4 grids, except the city's four corners
    const single = [...vertexCount.values()].filter((n) => n === 1).length;
    expect(single).toBe(4);
    expect(Math.max(...vertexCount.values())).toBeLessThanOrEqual(4);
  });

  it('has units, including the Riyue Plaza business district', () => {
    const regionKeys = new Set(demo.regions.map((r) => r.key));
    expect(new Set(demo.units.map((u) => u.key)).size).toBe(demo.units.length);
    const gridLocator = locatorFor(byLevel(demo, 'grid'));
    for (const u of demo.units) {
      expect(regionKeys.has(u.regionKey)).toBe(true);
      expect(regionByKey.get(u.regionKey)!.level).toBe('grid');
      expect(gridLocator.locate(u.point[0], u.point[1])).toBe(u.regionKey);
    }
    for (const kind of ['enterprise', 'agency', 'school', 'property', 'social_org'] as const) {
      expect(demo.units.some((u) => u.kind === kind)).toBe(true);
    }
    const riyue = find('community', '日月广场社区');
    const riyueEnterprises = demo.units.filter(
      (u) => u.kind === 'enterprise' && regionByKey.get(u.regionKey)!.parentKey === riyue.key,
    );
    expect(riyueEnterprises).toHaveLength(28);
  });

  it('has the Party organisation tree with the special organisations', () => {
    const orgByKey = new Map(demo.orgs.map((o) => [o.key, o]));
    expect(orgByKey.size).toBe(demo.orgs.length);
    const unitKeys = new Set(demo.units.map((u) => u.key));
    const roots = demo.orgs.filter((o) => o.parentKey === null);
    expect(roots.map((o) => o.name)).toEqual(['中共海口市委员会']);
    for (const o of demo.orgs) {
      if (o.parentKey !== null) expect(orgByKey.has(o.parentKey), o.key).toBe(true);
      if (o.regionKey !== undefined) expect(regionByKey.has(o.regionKey), o.key).toBe(true);
      if (o.unitKey !== undefined) expect(unitKeys.has(o.unitKey), o.key).toBe(true);
    }
    // the six-level chain 市委 → 区委 → 街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组
    const xinanGrids = new Set(byLevel(demo, 'grid').filter((g) => g.parentKey === find('community', '新安社区').key).map((g) => g.key));
    const group = demo.orgs.find((o) => o.kind === 'group' && xinanGrids.has(regionByKey.get(o.regionKey!)!.parentKey!))!;
    const chain: string[] = [];
    for (let o: typeof group | undefined = group; o; o = o.parentKey === null ? undefined : orgByKey.get(o.parentKey)) chain.push(o.kind);
    expect(chain.reverse()).toEqual(['committee', 'committee', 'working_committee', 'committee', 'branch', 'group']);
    expect(demo.orgs.filter((o) => o.kind === 'branch' && o.regionKey !== undefined && regionByKey.get(o.regionKey)!.level === 'grid' && !o.unitKey)).toHaveLength(300);
    const groups = demo.orgs.filter((o) => o.kind === 'group');
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.length).toBeLessThan(byLevel(demo, 'building').length / 2);
    for (const special of ['temporary', 'joint', 'compound', 'migratory'] as const) {
      expect(demo.orgs.filter((o) => o.special === special), special).toHaveLength(1);
    }
    const compound = demo.orgs.find((o) => o.special === 'compound')!;
    expect(demo.units.find((u) => u.key === compound.unitKey)?.kind).toBe('property');
    expect(demo.orgs.find((o) => o.special === 'migratory')!.name).toContain('候鸟党委');
    expect(demo.orgs.find((o) => o.special === 'temporary')!.name).toContain('临时党支部');
    expect(demo.orgs.find((o) => o.special === 'joint')!.name).toContain('联合党支部');
    const enterpriseBranches = demo.orgs.filter((o) => o.unitKey !== undefined && o.special !== 'compound');
    expect(enterpriseBranches.length).toBeGreaterThan(0);
    for (const b of enterpriseBranches) expect(demo.units.find((u) => u.key === b.unitKey)?.kind).toBe('enterprise');
  });
});

describe('generateDemoCity (city scale)', () => {
  it('has 8 districts, 43 streets, ~2,305 grids tiling the city, ~100 buildings per grid, in a few seconds', () => {
    const t0 = performance.now();
    const city = generateDemoCity({ scale: 'city' });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(10_000);
    expect(byLevel(city, 'district')).toHaveLength(8);
    expect(byLevel(city, 'street')).toHaveLength(43);
    const grids = byLevel(city, 'grid');
    expect(grids.length).toBeGreaterThanOrEqual(2200);
    expect(grids.length).toBeLessThanOrEqual(2400);
    const buildings = byLevel(city, 'building');
    expect(buildings.length).toBeGreaterThan(grids.length * 80);
    expect(buildings.length).toBeLessThan(grids.length * 120 + 1);
    for (const name of ['桂林洋开发区', '江东新区', '海口国家高新区', '海口综合保税区']) {
      expect(byLevel(city, 'district').some((d) => d.name === name), name).toBe(true);
    }
    const locator = locatorFor(grids);
    let misplaced = 0;
    for (const b of buildings) if (locator.locate(b.point![0], b.point![1]) !== b.parentKey) misplaced++;
    expect(misplaced).toBe(0);
    const cityRings = byLevel(city, 'city')[0]!.boundary!.coordinates;
    const rng = new Rng(1);
    for (let i = 0; i < 20_000; i++) {
      const x = rng.float(DEMO_CITY_EXTENT.minLng, DEMO_CITY_EXTENT.maxLng);
      const y = rng.float(DEMO_CITY_EXTENT.minLat, DEMO_CITY_EXTENT.maxLat);
      expect(locator.locate(x, y) !== null).toBe(ringsContain(cityRings, x, y));
    }
  }, 20_000);
});
