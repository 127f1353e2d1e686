/**
 * The fixed description of the demo city (海口市): its WGS-84 extent, the
 * districts in west → east order with their real seed streets and
 * communities, and the sizes of each generation scale.
 */

export type DemoScale = 'demo' | 'city';

export const DEFAULT_DEMO_SEED = 460100;

/** WGS-84 extent of the generated city (Haikou's main island part, roughly). */
export const DEMO_CITY_EXTENT = { minLng: 110.08, minLat: 19.72, maxLng: 110.68, maxLat: 20.1 } as const;

export const CITY = { name: '海口市', code: '460100' } as const;

export interface StreetSeed {
  name: string;
  town: boolean;
  communities: string[];
}

export interface DistrictSpec {
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
export const DISTRICTS: readonly DistrictSpec[] = [
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
export const RIYUE_COMMUNITY = '日月广场社区';
export const RIYUE_ENTERPRISES = 28;

export interface ScaleConfig {
  /** Communities per street: either a total spread over streets, or a per-street range. */
  communities: { total: number; min: number; max: number } | { perStreet: [number, number] };
  grids: { total: number; min: number; max: number };
  buildingsPerGrid: [number, number];
  compoundsPerCommunity: [number, number];
  buildingGroupsPerGrid: number;
  enterprisesPerCommunity: [number, number];
}

export const SCALES: Record<DemoScale, ScaleConfig> = {
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
export const AREA_PER_WEIGHT = 30;
export const RURAL_WEIGHT = 4;
