import { describe, expect, it } from 'vitest';
import { Batcher, isolateFailures } from './batcher.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Batcher (group commit)', () => {
  it('sends a lone item at once, and groups the items that arrive while a batch is running', async () => {
    const seen: number[][] = [];
    const b = new Batcher<number, number>(
      async (items) => {
        seen.push([...items]);
        await tick();
        return items.map((i) => ({ ok: true as const, value: i * 10 }));
      },
      { maxBatch: 4, inFlight: 1 },
    );
    const all = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => b.submit(i)));
    expect(all).toEqual([10, 20, 30, 40, 50, 60]);
    expect(seen).toEqual([[1], [2, 3, 4, 5], [6]]);
    expect(b.stats).toEqual({ batches: 3, items: 6, largest: 4 });
  });

  it('keeps at most inFlight batches running', async () => {
    let running = 0;
    let most = 0;
    const b = new Batcher<number, number>(
      async (items) => {
        most = Math.max(most, ++running);
        await tick();
        running--;
        return items.map((i) => ({ ok: true as const, value: i }));
      },
      { maxBatch: 1, inFlight: 2 },
    );
    await Promise.all(Array.from({ length: 8 }, (_, i) => b.submit(i)));
    expect(most).toBe(2);
  });

  it("answers each item with its own outcome, and fails the whole batch's callers when the handler throws", async () => {
    const b = new Batcher<number, number>(async (items) => items.map((i) => (i % 2 ? { ok: false as const, error: new Error(`odd ${i}`) } : { ok: true as const, value: i })), {
      maxBatch: 8,
      inFlight: 1,
    });
    const out = await Promise.allSettled([0, 1, 2].map((i) => b.submit(i)));
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const broken = new Batcher<number, number>(async () => {
      throw new Error('database gone');
    });
    await expect(broken.submit(1)).rejects.toThrow('database gone');
  });
});

describe('isolateFailures', () => {
  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const calls: number[][] = [];
    const out = await isolateFailures([1, 2, 3], async (items) => {
      calls.push(items);
      if (items.includes(2)) throw new Error('bad 2');
      return items.map((i) => i * 2);
    });
    expect(calls).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(out.map((o) => (o.ok ? o.value : 'failed'))).toEqual([2, 'failed', 6]);
  });
});
