import { describe, it, expect } from 'vitest';
import { fromWgs84, isCrs, toWgs84 } from './crs.js';
import { haversineMeters } from './distance.js';

const HAIKOU: [number, number] = [110.33, 20.03];

describe('haversineMeters', () => {
  it('is zero for identical points and symmetric', () => {
    expect(haversineMeters(HAIKOU, HAIKOU)).toBe(0);
    const b: [number, number] = [110.35, 20.01];
    expect(haversineMeters(HAIKOU, b)).toBeCloseTo(haversineMeters(b, HAIKOU), 9);
  });

  it('matches known distances', () => {
    // one degree of latitude ≈ 111.2 km
    expect(haversineMeters([110, 20], [110, 21])).toBeGreaterThan(111_000);
    expect(haversineMeters([110, 20], [110, 21])).toBeLessThan(111_400);
    // one degree of longitude at 20°N ≈ 104.5 km
    expect(haversineMeters([110, 20], [111, 20])).toBeGreaterThan(104_000);
    expect(haversineMeters([110, 20], [111, 20])).toBeLessThan(105_000);
  });
});

describe('CRS conversion', () => {
  it('GCJ-02 → WGS-84 shifts a Haikou point by roughly 500 m', () => {
    const wgs = toWgs84(HAIKOU[0], HAIKOU[1], 'gcj02');
    const d = haversineMeters(HAIKOU, wgs);
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(800);
  });

  it('BD-09 → WGS-84 shifts a Haikou point by roughly 1–1.5 km', () => {
    const wgs = toWgs84(HAIKOU[0], HAIKOU[1], 'bd09');
    const d = haversineMeters(HAIKOU, wgs);
    expect(d).toBeGreaterThan(1000);
    expect(d).toBeLessThan(1500);
  });

  it('round-trips within 1 m', () => {
    for (const crs of ['gcj02', 'bd09'] as const) {
      const there = fromWgs84(HAIKOU[0], HAIKOU[1], crs);
      const back = toWgs84(there[0], there[1], crs);
      expect(haversineMeters(HAIKOU, back)).toBeLessThan(1);
      const wgs = toWgs84(HAIKOU[0], HAIKOU[1], crs);
      const again = fromWgs84(wgs[0], wgs[1], crs);
      expect(haversineMeters(HAIKOU, again)).toBeLessThan(1);
    }
  });

  it('is the identity for wgs84 and rejects non-finite input', () => {
    expect(toWgs84(110.33, 20.03, 'wgs84')).toEqual([110.33, 20.03]);
    expect(fromWgs84(110.33, 20.03, 'wgs84')).toEqual([110.33, 20.03]);
    expect(() => toWgs84(Number.NaN, 20, 'gcj02')).toThrow(RangeError);
    expect(isCrs('gcj02')).toBe(true);
    expect(isCrs('GCJ02')).toBe(false);
  });
});
