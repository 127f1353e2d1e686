/** Residential compounds (小区) of the urban communities and the buildings of every grid. */

import type { ScaleConfig } from './city-spec.js';
import { COMPOUND_SUFFIXES, PLACE_PARTS } from './names.js';
import { pad, regionKey, stripSuffix, type NameBook } from './naming.js';
import { pointInside } from './point-inside.js';
import type { Rng } from './rng.js';
import type { CommunityOut } from './region-tree.js';

/** Fills `compounds`, `gridCompound` of each community and `buildings` of each of its grids. */
export function addCompoundsAndBuildings(bRng: Rng, compoundNames: NameBook, communityOut: readonly CommunityOut[], cfg: ScaleConfig): void {
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
}
