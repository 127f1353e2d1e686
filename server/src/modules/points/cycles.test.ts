import { describe, expect, it } from 'vitest';
import { cycleStart, shanghaiYear } from './cycles.js';

describe('points cycles (Asia/Shanghai)', () => {
  it('starts months, quarters and years at Shanghai midnight', () => {
    const t = new Date('2026-05-31T17:30:00Z'); // 2026-06-01 01:30 in Shanghai
    expect(cycleStart('month', t).toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(cycleStart('quarter', t).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(cycleStart('year', t).toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
  it('gives the Shanghai year', () => {
    expect(shanghaiYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(shanghaiYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});
