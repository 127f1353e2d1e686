import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { postEntry } from '../../src/modules/points/ledger.js';
import { storeItemRegions, storeItems, storeMerchants } from '../../src/modules/store/schema.js';
import type { StoreItemKind } from '../../src/modules/store/lists.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import type { TestContext } from './harness.js';
import { makeUser, unique, type Places } from './fixtures.js';

/** Fixtures of the points store (docs/modules/store.md), shared by the store tests and the route cases. */

export async function userIdOf(t: TestContext, username: string): Promise<string> {
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${username}`);
  return u!.id;
}

export async function tokenFor(t: TestContext, username: string): Promise<string> {
  const s = await createSession(t.services.database.db, t.config, await userIdOf(t, username), { ip: '127.0.0.1', userAgent: 'store-fixture' });
  return s.token;
}

/** Credits a user's 诚信积分 directly through the ledger (as a volunteering award would). */
export async function fundCredit(t: TestContext, userId: string, points: number): Promise<number> {
  return t.services.database.db.transaction(async (tx) => {
    const r = await postEntry(tx, {
      kind: 'credit',
      cityId: t.seed.cityId,
      userId,
      delta: points,
      reason: 'volunteer_hour',
      sourceType: 'test',
      sourceId: randomUUID(),
      idempotencyKey: `test-fund:${randomUUID()}`,
    });
    return r.balance;
  });
}

/** The demo merchant's profile (椰香小馆, approved, at 新安社区). */
export async function demoMerchant(t: TestContext) {
  const [m] = await t.services.database.db.select().from(storeMerchants).where(eq(storeMerchants.userId, await userIdOf(t, 'merchant')));
  return m!;
}

/** An item of a merchant offered at `regionPath`/`regionId` (default: the merchant's own region). */
export async function makeItem(
  t: TestContext,
  merchant: { id: string; cityId: string; regionId: string; regionPath: string },
  opts: { price?: number; stock?: number | null; limit?: number | null; kind?: StoreItemKind; region?: { id: string; path: string } } = {},
) {
  const db = t.services.database.db;
  const [item] = await db
    .insert(storeItems)
    .values({
      cityId: merchant.cityId,
      merchantId: merchant.id,
      kind: opts.kind ?? 'goods',
      title: unique('测试商品'),
      price: opts.price ?? 1,
      stock: opts.stock === undefined ? 1000 : opts.stock,
      perResidentLimit: opts.limit ?? null,
    })
    .returning();
  const region = opts.region ?? { id: merchant.regionId, path: merchant.regionPath };
  await db.insert(storeItemRegions).values({ itemId: item!.id, regionId: region.id, regionPath: region.path });
  return item!;
}

/** A new merchant account at the "in" community with a profile in `status`. */
export async function makeMerchant(t: TestContext, p: Places, status: 'pending' | 'approved' | 'suspended' = 'pending') {
  const u = await makeUser(t, 'merchant', p.in.community.id);
  const [m] = await t.services.database.db
    .insert(storeMerchants)
    .values({ cityId: t.seed.cityId, userId: u.id, regionId: p.in.community.id, regionPath: p.in.community.path, name: unique('商户'), address: '新安社区', status })
    .returning();
  return { user: u, merchant: m! };
}

let sharedItem: Promise<{ id: string }> | null = null;
let sharedFor: TestContext | null = null;
/** One item of the demo merchant with ample stock at price 1 (for requests that take a unit). */
export function demoItem(t: TestContext): Promise<{ id: string }> {
  if (sharedFor !== t) {
    sharedFor = t;
    sharedItem = demoMerchant(t).then((m) => makeItem(t, m, { price: 1, stock: 100_000 }));
  }
  return sharedItem!;
}

/** A redemption held by `username` (funded with one point first) of the demo item: its id and code. */
export async function redemptionOf(t: TestContext, username: string): Promise<{ id: string; code: string }> {
  const item = await demoItem(t);
  await fundCredit(t, await userIdOf(t, username), 1);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/store/items/${item.id}/redeem`,
    headers: { authorization: `Bearer ${await tokenFor(t, username)}` },
  });
  if (res.statusCode !== 201) throw new Error(`redeem fixture: ${res.statusCode} ${res.body}`);
  const r = res.json().redemption as { id: string; code: string };
  return { id: r.id, code: r.code };
}
