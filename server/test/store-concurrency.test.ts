import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { bearer, startTestApp, TEST_ENGINE, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places } from './helpers/fixtures.js';
import { demoMerchant, fundCredit, makeItem, tokenFor } from './helpers/store-fixtures.js';
import { balanceOf } from '../src/modules/points/ledger.js';
import { verify } from '../src/modules/points/verify.js';
import { storeItems } from '../src/modules/store/schema.js';

/**
 * The store under concurrency, on PostgreSQL (PGlite has one connection, so nothing would run at once):
 * points never below zero and stock never below zero, whatever the interleaving (docs/modules/store.md).
 */
const pg = TEST_ENGINE === 'postgres';
const RUNS = 100;
const AT_ONCE = 50;

let t: TestContext;
let p: Places;

beforeAll(async () => {
  if (!pg) return;
  t = await startTestApp();
  p = await places(t);
}, 120_000);
afterAll(async () => t?.close());

const redeemAll = (itemId: string, tokens: readonly string[]) =>
  Promise.all(tokens.map((tok) => t.app.inject({ method: 'POST', url: `/api/store/items/${itemId}/redeem`, headers: bearer(tok) })));
const tally = (codes: number[]) => codes.reduce<Record<number, number>>((a, c) => ({ ...a, [c]: (a[c] ?? 0) + 1 }), {});
const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);

describe.skipIf(!pg)('store concurrency (PostgreSQL)', () => {
  it(`${AT_ONCE} redemptions at once by one resident whose points cover 10: exactly 10, ${RUNS} times, and the ledger verifies`, async () => {
    const m = await demoMerchant(t);
    const item = await makeItem(t, m, { price: 3, stock: null, kind: 'service' });
    for (let run = 0; run < RUNS; run += 1) {
      const u = await makeUser(t, 'resident', p.in.grid.id);
      await fundCredit(t, u.id, 30);
      const tok = await tokenFor(t, u.username);
      const res = await redeemAll(item.id, Array.from({ length: AT_ONCE }, () => tok));
      const codes = res.map((r) => r.statusCode);
      expect(tally(codes), `run ${run}`).toEqual({ 201: 10, 409: 40 });
      for (const r of res) if (r.statusCode === 409) expect(r.json().error.code).toBe('points_insufficient');
      expect(await balanceOf(t.services.database.db, 'credit', u.id)).toBe(0);
      const [sum] = await rows<{ s: number; n: number }>(sql`select coalesce(sum(delta), 0)::int as s, count(*)::int as n from points_entries where kind = 'credit' and user_id = ${u.id}`);
      expect(sum).toEqual({ s: 0, n: 11 });
      const [r] = await rows<{ n: number }>(sql`select count(*)::int as n from store_redemptions where user_id = ${u.id} and status = 'issued'`);
      expect(r!.n).toBe(10);
    }
    const v = await verify(t.services.database.db, { kind: 'credit' });
    expect(v.firstBroken).toBeUndefined();
    expect(v.ok).toBe(true);
  }, 900_000);

  it(`${AT_ONCE} residents redeem at once against a stock of 10: exactly 10, ${RUNS} times, the stock ends at 0`, async () => {
    const m = await demoMerchant(t);
    const residents = await Promise.all(Array.from({ length: AT_ONCE }, () => makeUser(t, 'resident', p.in.grid.id)));
    for (const u of residents) await fundCredit(t, u.id, RUNS * 2);
    const tokens = await Promise.all(residents.map((u) => tokenFor(t, u.username)));
    for (let run = 0; run < RUNS; run += 1) {
      const item = await makeItem(t, m, { price: 2, stock: 10 });
      const res = await redeemAll(item.id, tokens);
      expect(tally(res.map((r) => r.statusCode)), `run ${run}`).toEqual({ 201: 10, 409: 40 });
      for (const r of res) if (r.statusCode === 409) expect(r.json().error.code).toBe('store_out_of_stock');
      const [after] = await t.services.database.db.select({ stock: storeItems.stock }).from(storeItems).where(eq(storeItems.id, item.id));
      expect(after!.stock).toBe(0);
      const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from store_redemptions where item_id = ${item.id}`);
      expect(n!.n).toBe(10);
    }
    // Every unit sold is paid for: 10 × 2 points per run, spread over the residents.
    const [spent] = await rows<{ s: number }>(sql`select coalesce(sum(-delta), 0)::int as s from points_entries where reason = 'store_redeem' and user_id in ${sql.raw(`(${residents.map((u) => `'${u.id}'`).join(',')})`)}`);
    expect(spent!.s).toBe(RUNS * 10 * 2);
    const [neg] = await rows<{ n: number }>(sql`select count(*)::int as n from store_items where stock < 0`);
    expect(neg!.n).toBe(0);
    const v = await verify(t.services.database.db, { kind: 'credit' });
    expect(v.ok).toBe(true);
  }, 900_000);

  it(`${AT_ONCE} retries of one Idempotency-Key at once give one redemption, one entry and the same answer`, async () => {
    const m = await demoMerchant(t);
    for (let run = 0; run < 10; run += 1) {
      const item = await makeItem(t, m, { price: 1, stock: 5 });
      const u = await makeUser(t, 'resident', p.in.grid.id);
      await fundCredit(t, u.id, 5);
      const tok = await tokenFor(t, u.username);
      const key = `retry-${run}-${u.id}`;
      const res = await Promise.all(
        Array.from({ length: AT_ONCE }, () => t.app.inject({ method: 'POST', url: `/api/store/items/${item.id}/redeem`, headers: { ...bearer(tok), 'idempotency-key': key } })),
      );
      expect(tally(res.map((r) => r.statusCode)), `run ${run}`).toEqual({ 200: AT_ONCE - 1, 201: 1 });
      expect(new Set(res.map((r) => `${r.json().redemption.id}:${r.json().redemption.code}`)).size).toBe(1);
      expect(await balanceOf(t.services.database.db, 'credit', u.id)).toBe(4);
      const [after] = await t.services.database.db.select({ stock: storeItems.stock }).from(storeItems).where(eq(storeItems.id, item.id));
      expect(after!.stock).toBe(4);
    }
  }, 300_000);

  it('honour and cancel of one code at once: exactly one wins, and the points come back only if it was cancelled', async () => {
    const m = await demoMerchant(t);
    const mtok = await tokenFor(t, 'merchant');
    const item = await makeItem(t, m, { price: 2, stock: null, kind: 'service' });
    for (let run = 0; run < 20; run += 1) {
      const u = await makeUser(t, 'resident', p.in.grid.id);
      await fundCredit(t, u.id, 2);
      const tok = await tokenFor(t, u.username);
      const r = (await t.app.inject({ method: 'POST', url: `/api/store/items/${item.id}/redeem`, headers: bearer(tok) })).json().redemption as { id: string; code: string };
      const [h, c] = await Promise.all([
        t.app.inject({ method: 'POST', url: '/api/store/honour', headers: bearer(mtok), payload: { code: r.code } }),
        t.app.inject({ method: 'POST', url: `/api/store/redemptions/${r.id}/cancel`, headers: bearer(tok) }),
      ]);
      expect([h.statusCode, c.statusCode].sort(), `run ${run}`).toEqual([200, 409]);
      const balance = await balanceOf(t.services.database.db, 'credit', u.id);
      expect(balance).toBe(h.statusCode === 200 ? 0 : 2);
    }
    const v = await verify(t.services.database.db, { kind: 'credit' });
    expect(v.ok).toBe(true);
  }, 300_000);

  it('refuses a stock below zero in the database itself (CHECK)', async () => {
    const item = await makeItem(t, await demoMerchant(t), { stock: 0 });
    const err = await t.services.database.db.execute(sql`update store_items set stock = stock - 1 where id = ${item.id}`).then(
      () => null,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(`${err?.message} ${err?.cause?.message}`).toMatch(/store_items_stock_ck/);
  });
});
