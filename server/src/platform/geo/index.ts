export type { Crs } from './crs.js';
export { CRS_VALUES, fromWgs84, isCrs, toWgs84 } from './crs.js';
export { EARTH_RADIUS_M, haversineMeters } from './distance.js';
export type { GridLocatorOptions, LocatorPolygon, PolygonalGeometry } from './locator.js';
export {
  GridLocator,
  fromMultiPolygon,
  locateBruteForce,
  ringsContain,
  ringsTouch,
  toLocatorPolygon,
} from './locator.js';
export { orient2d } from './predicates.js';
