import type { Crs, LngLat, LocateResult } from '../../../shared/types';

/** A point typed as "lng, lat" (comma, semicolon or space separated; full-width too), or null when invalid. */
export function parseLngLat(text: string): LngLat | null {
  const parts = text
    .trim()
    .split(/[\s,，;；]+/)
    .filter((s) => s !== '');
  if (parts.length !== 2) {
    return null;
  }
  const lng = Number(parts[0]);
  const lat = Number(parts[1]);
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    return null;
  }
  return [lng, lat];
}

/** A located point: what was typed, in which coordinate system, and where it lies. */
export interface LocateState {
  input: LngLat;
  crs: Crs;
  result: LocateResult;
}
