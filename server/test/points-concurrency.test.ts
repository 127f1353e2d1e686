import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ENGINE, type TestContext } from './helpers/harness.js';
import { balanceOf, postEntry } from '../src/modules/points/ledger.js';
import { verify } from '../src/modules/points/verify.js';
import { AppError } from '../src/platform/errors.js';

/**
 * Concurrent spends on PostgreSQL (docs/modules/points.md, "Concurrency"): 50 spends of 10 against a balance of
 * 100, on the pool's connections at once, 100 times over — each run accepts exactly 10 and refuses 40 with
 * 409 points_insufficient, and the ledger verifies. PGlite has one connection, so this runs on PostgreSQL only.
 */
describe.runIf(TEST_ENGINE === 'postgres')('concurrent spends on PostgreSQL', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await startTestApp({ seed: false });
  }, 120_000);
  afterAll(async () => t?.close());

  it('50 concurrent spends of 10 against 100: exactly 10 accepted, 100 runs; the ledger verifies', async () => {
    const { db, pool } = t.services.database;
    expect(pool!.options.max).toBeGreaterThanOrEqual(10);
    const cityId = randomUUID();
    const runs: Array<{ ok: number; refused: number; other: string[]; balance: number }> = [];
    for (let run = 0; run < 100; run++) {
      const userId = randomUUID();
      await db.transaction((tx) =>
        postEntry(tx, { kind: 'credit', cityId, userId, delta: 100, reason: 'volunteer_hour', sourceType: 'test', sourceId: 'fund', idempotencyKey: `fund:${userId}` }),
      );
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          db.transaction((tx) =>
            postEntry(tx, { kind: 'credit', cityId, userId, delta: -10, reason: 'store_redeem', sourceType: 'test', sourceId: String(i), idempotencyKey: `spend:${userId}:${i}` }),
          ),
        ),
      );
      const other = results.flatMap((r) =>
        r.status === 'rejected' && !(r.reason instanceof AppError && r.reason.code === 'points_insufficient' && r.reason.status === 409) ? [String(r.reason)] : [],
      );
      runs.push({
        ok: results.filter((r) => r.status === 'fulfilled').length,
        refused: results.filter((r) => r.status === 'rejected').length - other.length,
        other,
        balance: await balanceOf(db, 'credit', userId),
      });
    }
    expect(runs.filter((r) => r.ok !== 10 || r.refused !== 40 || r.other.length || r.balance !== 0)).toEqual([]);
    const v = await verify(db);
    expect(v).toMatchObject({ ok: true, accounts: 100, entries: 100 * 11 });
  }, 300_000);

  it('the same idempotency key posted 30 times at once: one entry, 29 replays, no error', async () => {
    const { db } = t.services.database;
    const cityId = randomUUID();
    const userId = randomUUID();
    await db.transaction((tx) => postEntry(tx, { kind: 'party', cityId, userId, delta: 1, reason: 'report_in', sourceType: 'test', sourceId: 'open', idempotencyKey: `open:${userId}` }));
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        db.transaction((tx) => postEntry(tx, { kind: 'party', cityId, userId, delta: 2, reason: 'activity_attend', sourceType: 'activity', sourceId: 'a1', idempotencyKey: `activity:a1:${userId}` })),
      ),
    );
    expect(new Set(results.map((r) => r.entryId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await balanceOf(db, 'party', userId)).toBe(3);
  }, 60_000);
});
