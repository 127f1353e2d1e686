/**
 * The Party organisation tree of the demo city: committees down the region
 * tree, a branch per grid with groups in some buildings, branches in some
 * enterprises, and the special organisations (joint, temporary, compound,
 * migratory).
 */

import { CITY, RIYUE_COMMUNITY, type ScaleConfig } from './city-spec.js';
import type { CommunityOut, DistrictOut, RegionTree, StreetOut } from './region-tree.js';
import type { Rng } from './rng.js';
import type { DemoOrg } from './types.js';
import type { GeneratedUnits } from './units.js';

export function generateOrgs(
  oRng: Rng,
  tree: RegionTree,
  { propertyOf, enterprisesOf }: Pick<GeneratedUnits, 'propertyOf' | 'enterprisesOf'>,
  cfg: ScaleConfig,
): DemoOrg[] {
  const { cityRegion, districtOut, streetOut, communityOut } = tree;
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
  return orgs;
}
