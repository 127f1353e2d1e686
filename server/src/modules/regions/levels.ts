import { REGION_LEVELS, type RegionLevel } from './schema.js';

/** The level a child of `parent` must have; null under a building. */
export function childLevel(parent: RegionLevel | null): RegionLevel | null {
  if (parent === null) return 'city';
  const i = REGION_LEVELS.indexOf(parent);
  return REGION_LEVELS[i + 1] ?? null;
}

export const hasBoundary = (level: RegionLevel) => level !== 'building';

/** Path segment of a region: its sequence number in base 36. */
export const pathSegment = (seq: number) => `${seq.toString(36)}/`;
