/** Demo city data model (see docs: SPEC §2, region and organisation model). */

export type RegionLevel = 'city' | 'district' | 'street' | 'community' | 'grid' | 'building';

export interface DemoRegion {
  key: string;
  parentKey: string | null;
  level: RegionLevel;
  name: string;
  /** Hierarchical code: city/district 6 digits, street 9, community 12, grid 15, building 19. */
  code: string;
  /** WGS-84 boundary (city … grid); counter-clockwise closed outer ring. */
  boundary?: { type: 'Polygon'; coordinates: number[][][] };
  /** WGS-84 `[lng, lat]` (buildings). */
  point?: [number, number];
  population?: number;
  households?: number;
}

export type UnitKind = 'enterprise' | 'agency' | 'school' | 'property' | 'social_org';

export interface DemoUnit {
  key: string;
  /** The grid the unit sits in. */
  regionKey: string;
  kind: UnitKind;
  name: string;
  point: [number, number];
}

/** 党委 / 党工委 / 党总支 / 党支部 / 党小组 */
export type OrgKind = 'committee' | 'working_committee' | 'general_branch' | 'branch' | 'group';

export interface DemoOrg {
  key: string;
  parentKey: string | null;
  kind: OrgKind;
  /** 临时党支部 / 联合党支部 / 小区党支部 / 候鸟党委 */
  special?: 'temporary' | 'joint' | 'compound' | 'migratory' | null;
  name: string;
  regionKey?: string;
  unitKey?: string;
}

export interface DemoCity {
  seed: number;
  regions: DemoRegion[];
  units: DemoUnit[];
  orgs: DemoOrg[];
}
