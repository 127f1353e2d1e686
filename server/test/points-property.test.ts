import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestContext } from './helpers/harness.js';
import { balanceOf, correct, postEntry, type PostEntry } from '../src/modules/points/ledger.js';
import { verify } from '../src/modules/points/verify.js';
import { AppError } from '../src/platform/errors.js';

/**
 * Property: random sequences of earn / spend (redeem) / cancel (a store_cancel returning a spend, once) / correct
 * (a reversing entry, once) / replay (an accepted command again, with its key), against the real database.
 * After every step: balance ≥ 0, balance = the model's = the sum of the entries; a replay changes nothing;
 * at the end the chain verifies.
 */
let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
}, 120_000);
afterAll(async () => t?.close());

type Cmd = { t: 'earn'; n: number } | { t: 'spend'; n: number } | { t: 'cancel'; i: number } | { t: 'correct'; i: number } | { t: 'replay'; i: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('earn' as const), n: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('spend' as const), n: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cancel' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('correct' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('replay' as const), i: fc.nat() }) },
);

interface Posted {
  entryId: string;
  delta: number;
  kind: 'spend' | 'earn' | 'cancel' | 'correction';
  /** How to run it again. */
  again: () => Promise<{ entryId: string; replayed: boolean }>;
}

describe('points ledger property', () => {
  it('keeps balance ≥ 0, balance = Σ entries, a sound chain, and idempotent replays', async () => {
    const { db } = t.services.database;
    const cityId = randomUUID();
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 30 }), async (cmds) => {
        const userId = randomUUID();
        let model = 0;
        const posted: Posted[] = [];
        const cancelled = new Set<string>();
        const corrected = new Set<string>();
        const base = (delta: number, reason: string, key: string): PostEntry => ({ kind: 'credit', cityId, userId, delta, reason, sourceType: 'prop', sourceId: key, idempotencyKey: key });
        const postIt = (e: PostEntry) => () => db.transaction((tx) => postEntry(tx, e));
        const attempt = async (run: () => Promise<{ entryId: string; replayed: boolean }>, delta: number, kind: Posted['kind']) => {
          try {
            const r = await run();
            expect(r.replayed).toBe(false);
            model += delta;
            posted.push({ entryId: r.entryId, delta, kind, again: run });
            return r;
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
            expect((e as AppError).code).toBe('points_insufficient');
            expect(model + delta).toBeLessThan(0);
            return null;
          }
        };
        for (const c of cmds) {
          if (c.t === 'earn') await attempt(postIt(base(c.n, 'volunteer_hour', randomUUID())), c.n, 'earn');
          else if (c.t === 'spend') await attempt(postIt(base(-c.n, 'store_redeem', randomUUID())), -c.n, 'spend');
          else if (c.t === 'cancel') {
            const spends = posted.filter((p) => p.kind === 'spend' && !cancelled.has(p.entryId));
            const s = spends[c.i % Math.max(1, spends.length)];
            if (!s) continue;
            if (await attempt(postIt(base(-s.delta, 'store_cancel', `cancel:${s.entryId}`)), -s.delta, 'cancel')) cancelled.add(s.entryId);
          } else if (c.t === 'correct') {
            const open = posted.filter((p) => p.kind !== 'correction' && !corrected.has(p.entryId));
            const e = open[c.i % Math.max(1, open.length)];
            if (!e) continue;
            if (await attempt(() => db.transaction((tx) => correct(tx, e.entryId, 'prop')), -e.delta, 'correction')) corrected.add(e.entryId);
          } else {
            const p = posted[c.i % Math.max(1, posted.length)];
            if (!p) continue;
            const before = await balanceOf(db, 'credit', userId);
            const r = await p.again();
            expect(r).toMatchObject({ entryId: p.entryId, replayed: true });
            expect(await balanceOf(db, 'credit', userId)).toBe(before);
          }
          const balance = await balanceOf(db, 'credit', userId);
          const [{ sum, n }] = (await t.services.database.rows<{ sum: number; n: number }>(
            sql`select coalesce(sum(delta), 0)::int as sum, count(*)::int as n from points_entries where kind = 'credit' and user_id = ${userId}`,
          )) as [{ sum: number; n: number }];
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(balance).toBe(model);
          expect(sum).toBe(model);
          expect(n).toBe(posted.length);
        }
      }),
      { numRuns: 60 },
    );
    expect(await verify(db, { kind: 'credit' })).toMatchObject({ ok: true });
  }, 120_000);
});
