import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng, hashString } from './rng.js';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('forks stable, independent streams', () => {
    const x = new Rng(1).fork('geometry').next();
    expect(new Rng(1).fork('geometry').next()).toBe(x);
    expect(new Rng(1).fork('names').next()).not.toBe(x);
    expect(hashString('abc')).toBe(hashString('abc'));
  });

  it('keeps helpers within their ranges', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat({ max: 1000 }), (seed, min, span) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 50; i++) {
          const n = rng.int(min, min + span);
          if (!Number.isInteger(n) || n < min || n > min + span) return false;
          const f = rng.next();
          if (f < 0 || f >= 1) return false;
        }
        return true;
      }),
    );
    const rng = new Rng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(rng.int(1, 6));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => rng.int(2, 1)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('shuffles to a permutation and samples distinct items', () => {
    const rng = new Rng(9);
    const items = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = rng.shuffle([...items]);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    const sample = rng.sample(items, 10);
    expect(new Set(sample).size).toBe(10);
    expect(rng.sample(items, 100)).toHaveLength(30);
    expect(items).toContain(rng.pick(items));
  });
});
