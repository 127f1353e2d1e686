/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres between two WGS-84 positions given as
 * `[lng, lat]` in degrees (haversine formula on a spherical Earth; error
 * below 0.5 % — fine for "how far is the grid worker" questions).
 */
export function haversineMeters(a: readonly [number, number] | readonly number[], b: readonly [number, number] | readonly number[]): number {
  const lng1 = a[0] ?? NaN;
  const lat1 = a[1] ?? NaN;
  const lng2 = b[0] ?? NaN;
  const lat2 = b[1] ?? NaN;
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
