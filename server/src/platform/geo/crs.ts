import * as gcoordModule from 'gcoord';

/**
 * Coordinate reference systems met in Chinese map data:
 * - `wgs84`: GPS / international (what Tongxin stores),
 * - `gcj02`: the obfuscated "Mars" system required for published Chinese maps (AMap, Tencent, WeChat location),
 * - `bd09`: Baidu's system, a further offset of GCJ-02.
 */
export type Crs = 'wgs84' | 'gcj02' | 'bd09';

export const CRS_VALUES: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];

// gcoord ships CommonJS whose typings declare an ES default export; depending
// on the loader's interop the API object is `default` or `default.default`.
type GcoordApi = typeof gcoordModule.default.default;
const loaded: unknown = gcoordModule.default;
const gcoord = ((loaded as { default?: GcoordApi }).default ?? loaded) as GcoordApi;

const CRS_TYPE = {
  wgs84: gcoord.WGS84,
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
} as const;

export function isCrs(value: unknown): value is Crs {
  return value === 'wgs84' || value === 'gcj02' || value === 'bd09';
}

function convert(lng: number, lat: number, from: Crs, to: Crs): [number, number] {
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) {
    throw new RangeError(`invalid coordinate (${lng}, ${lat})`);
  }
  if (from === to) return [lng, lat];
  const out = gcoord.transform<[number, number]>([lng, lat], CRS_TYPE[from], CRS_TYPE[to]);
  return [out[0], out[1]];
}

/**
 * Converts a `[lng, lat]` position given in `crs` to WGS-84.
 * GCJ-02/BD-09 only differ from WGS-84 inside China; outside it gcoord
 * returns the input unchanged (as the official algorithm does).
 */
export function toWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  return convert(lng, lat, crs, 'wgs84');
}

/** Converts a WGS-84 `[lng, lat]` position to `crs` (e.g. to display on an AMap/Baidu base map). */
export function fromWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  return convert(lng, lat, 'wgs84', crs);
}
