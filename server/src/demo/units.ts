/** Units (enterprises, property companies, schools, agencies, social organisations) of each community. */

import { RIYUE_COMMUNITY, RIYUE_ENTERPRISES, type ScaleConfig } from './city-spec.js';
import { AGENCY_KINDS, BRANDS, INDUSTRIES, SCHOOL_KINDS, SOCIAL_ORG_KINDS } from './names.js';
import { NameBook, pad, stripSuffix } from './naming.js';
import type { CommunityOut } from './region-tree.js';
import type { Rng } from './rng.js';
import type { DemoUnit } from './types.js';

export interface GeneratedUnits {
  units: DemoUnit[];
  /** compound name → its property management company */
  propertyOf: Map<string, DemoUnit>;
  enterprisesOf: Map<CommunityOut, DemoUnit[]>;
}

export function generateUnits(uRng: Rng, communityOut: readonly CommunityOut[], cfg: ScaleConfig): GeneratedUnits {
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
  return { units, propertyOf, enterprisesOf };
}
