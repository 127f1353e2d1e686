import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { bearer, startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, PNG, type Places } from './helpers/fixtures.js';
import { demoMerchant, fundCredit, makeItem, makeMerchant, tokenFor, userIdOf } from './helpers/store-fixtures.js';
import { balanceOf } from '../src/modules/points/ledger.js';
import { storeItems, storeRedemptions } from '../src/modules/store/schema.js';
import { expireRedemptions } from '../src/modules/store/expiry.js';

/**
 * The points store 积分超市 through the API (docs/modules/store.md): merchant profiles and their approval, goods,
 * redeeming with idempotent replays, honouring, cancelling and expiry, refusals naming the field.
 */
let t: TestContext;
let p: Places;

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
}, 120_000);
afterAll(async () => t?.close());

type Method = 'GET' | 'POST' | 'PATCH';
const call = async (method: Method, url: string, token: string, payload?: unknown, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ method, url, headers: { ...bearer(token), ...headers }, payload: payload as object | undefined });
  return { status: res.statusCode, body: res.json() };
};
const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const stockOf = async (id: string) => (await t.services.database.db.select({ s: storeItems.stock }).from(storeItems).where(eq(storeItems.id, id)))[0]!.s;
const credit = async (username: string) => balanceOf(t.services.database.db, 'credit', await userIdOf(t, username));
/** The audited changes of a record (refusals are audited too, by request, without a subject: see audit.test.ts). */
const auditActions = async (subjectId: string) =>
  (await rows<{ action: string; result: string }>(sql`select action, result from audit_log where subject_id = ${subjectId} order by id`)).map((r) => `${r.action}:${r.result}`);

describe('merchant profiles', () => {
  it('a merchant creates a profile that waits for the community, phone encrypted and masked', async () => {
    const u = await makeUser(t, 'merchant', p.in.community.id);
    const tok = await tokenFor(t, u.username);
    expect((await call('GET', '/api/store/merchant', tok)).body.merchant).toBeNull();
    const bad = await call('POST', '/api/store/merchant', tok, { name: '小卖部', address: '新安社区', phone: '12345' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('phone');
    const noName = await call('POST', '/api/store/merchant', tok, { name: '', address: '新安社区' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.field).toBe('name');
    const made = await call('POST', '/api/store/merchant', tok, { name: '小卖部', address: '新安社区 3 栋', openingHours: '08:00–20:00', phone: '13912345678' });
    expect(made.status).toBe(200);
    expect(made.body.merchant).toMatchObject({ name: '小卖部', status: 'pending', phoneMasked: '139****5678', regionId: p.in.community.id });
    const [stored] = await rows<{ phone_enc: string }>(sql`select phone_enc from store_merchants where id = ${made.body.merchant.id}`);
    expect(stored!.phone_enc).not.toContain('13912345678');
    // Not in the catalogue before approval.
    const item = await call('POST', '/api/store/merchant/items', tok, { kind: 'goods', title: '矿泉水', price: 2, stock: 10 });
    expect(item.status).toBe(200);
    const resident = await tokenFor(t, 'resident');
    const ids = () => call('GET', '/api/store/catalogue', resident).then((r) => (r.body.items as Array<{ id: string }>).map((i) => i.id));
    expect(await ids()).not.toContain(item.body.item.id);
    // The community approves; another district's community may not.
    const outCommunity = await makeUser(t, 'community_admin', p.out.community.id);
    expect((await call('POST', `/api/store/merchants/${made.body.merchant.id}/approve`, await tokenFor(t, outCommunity.username))).status).toBe(403);
    const community = await tokenFor(t, 'community');
    const pending = await call('GET', '/api/store/merchants?status=pending', community);
    expect((pending.body.items as Array<{ id: string }>).map((m) => m.id)).toContain(made.body.merchant.id);
    const ok = await call('POST', `/api/store/merchants/${made.body.merchant.id}/approve`, community);
    expect(ok.body.merchant.status).toBe('approved');
    expect(await ids()).toContain(item.body.item.id);
    // Suspension needs a reason, and takes the goods out of the catalogue.
    const noReason = await call('POST', `/api/store/merchants/${made.body.merchant.id}/suspend`, community, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const susp = await call('POST', `/api/store/merchants/${made.body.merchant.id}/suspend`, community, { reason: '价格欺诈投诉' });
    expect(susp.body.merchant).toMatchObject({ status: 'suspended', statusReason: '价格欺诈投诉' });
    expect(await ids()).not.toContain(item.body.item.id);
    expect(await auditActions(made.body.merchant.id)).toEqual(['store.merchant_save:ok', 'store.merchant_approve:ok', 'store.merchant_suspend:ok']);
  });
});

describe('goods', () => {
  it('are listed with a photo, priced and stocked, offered in the merchant subtree; bad input names the field', async () => {
    const tok = await tokenFor(t, 'merchant');
    const photo = (await t.app.inject({ method: 'POST', url: '/api/files?name=oil.png', headers: { ...bearer(tok), 'content-type': 'image/png' }, payload: PNG })).json().file.id as string;
    const bad = async (body: object, field: string) => {
      const r = await call('POST', '/api/store/merchant/items', tok, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.field).toBe(field);
    };
    await bad({ kind: 'goods', title: '油', price: 0, stock: 1 }, 'price');
    await bad({ kind: 'goods', title: '油', price: 1, stock: -1 }, 'stock');
    await bad({ kind: 'goods', title: '油', price: 1 }, 'stock');
    await bad({ kind: 'toys', title: '油', price: 1, stock: 1 }, 'kind');
    await bad({ kind: 'goods', title: '油', price: 1, stock: 1, regionIds: [p.out.community.id] }, 'regionIds');
    await bad({ kind: 'goods', title: '油', price: 1, stock: 1, photoFileId: randomUUID() }, 'photoFileId');
    const made = await call('POST', '/api/store/merchant/items', tok, { kind: 'goods', title: '食用油', price: 5, stock: 3, photoFileId: photo, regionIds: [p.in.grid.id] });
    expect(made.status).toBe(200);
    expect(made.body.item).toMatchObject({ price: 5, stock: 3, offeredRegionIds: [p.in.grid.id], photoFileId: photo, active: true });
    // A service may be unlimited.
    const service = await call('POST', '/api/store/merchant/items', tok, { kind: 'service', title: '理发', price: 5 });
    expect(service.body.item.stock).toBeNull();
    // Seen where offered (the demo resident lives in that grid), not in another district; the photo readable.
    const inRes = await call('GET', '/api/store/catalogue', await tokenFor(t, 'resident'));
    expect((inRes.body.items as Array<{ id: string }>).map((i) => i.id)).toContain(made.body.item.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/files/${photo}`, headers: bearer(await tokenFor(t, 'resident')) })).statusCode).toBe(200);
    const outRes = await makeUser(t, 'resident', p.out.grid.id);
    const outCat = await call('GET', '/api/store/catalogue', await tokenFor(t, outRes.username));
    expect((outCat.body.items as Array<{ id: string }>).map((i) => i.id)).not.toContain(made.body.item.id);
    // Redeeming outside the offering area is refused.
    await fundCredit(t, outRes.id, 10);
    expect((await call('POST', `/api/store/items/${made.body.item.id}/redeem`, await tokenFor(t, outRes.username))).status).toBe(403);
    // Changing: only its own merchant; deactivating hides it.
    const other = await makeMerchant(t, p, 'approved');
    expect((await call('PATCH', `/api/store/merchant/items/${made.body.item.id}`, await tokenFor(t, other.user.username), { stock: 9 })).status).toBe(403);
    const off = await call('PATCH', `/api/store/merchant/items/${made.body.item.id}`, tok, { active: false });
    expect(off.body.item.active).toBe(false);
    const again = await call('GET', '/api/store/catalogue', await tokenFor(t, 'resident'));
    expect((again.body.items as Array<{ id: string }>).map((i) => i.id)).not.toContain(made.body.item.id);
    const mine = await call('GET', '/api/store/merchant/items', tok);
    expect((mine.body.items as Array<{ id: string }>).map((i) => i.id)).toContain(made.body.item.id);
  });
});

describe('redeem, honour, cancel', () => {
  it('redeems once per key, shows the code again to the holder only, honours once', async () => {
    const m = await demoMerchant(t);
    const item = await makeItem(t, m, { price: 30, stock: 2 });
    const resident = await userIdOf(t, 'resident');
    const start = await fundCredit(t, resident, 100);
    const tok = await tokenFor(t, 'resident');
    const key = `k-${randomUUID()}`;
    const first = await call('POST', `/api/store/items/${item.id}/redeem`, tok, undefined, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body.redemption.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(first.body).toMatchObject({ balance: start - 30, replayed: false, redemption: { status: 'issued', price: 30 } });
    // The same key again, by header or in the body: the same redemption and code, nothing taken twice.
    const replay = await call('POST', `/api/store/items/${item.id}/redeem`, tok, { idempotencyKey: key });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replayed: true, redemption: { id: first.body.redemption.id, code: first.body.redemption.code } });
    expect(await credit('resident')).toBe(start - 30);
    expect(await stockOf(item.id)).toBe(1);
    const mismatch = await call('POST', `/api/store/items/${item.id}/redeem`, tok, { idempotencyKey: `${key}-x` }, { 'idempotency-key': key });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.field).toBe('idempotencyKey');
    // Stored as ciphertext and HMAC only.
    const [stored] = await rows<{ code_enc: string; code_bidx: string }>(sql`select code_enc, code_bidx from store_redemptions where id = ${first.body.redemption.id}`);
    expect(`${stored!.code_enc}${stored!.code_bidx}`).not.toContain(first.body.redemption.code);
    // The holder sees the code again; the merchant sees no code and a masked name.
    const mine = await call('GET', '/api/store/redemptions/mine?status=issued', tok);
    expect(mine.body.items.find((r: { id: string }) => r.id === first.body.redemption.id).code).toBe(first.body.redemption.code);
    const mtok = await tokenFor(t, 'merchant');
    const theirs = await call('GET', '/api/store/merchant/redemptions', mtok);
    const seen = theirs.body.items.find((r: { id: string }) => r.id === first.body.redemption.id);
    expect(seen.code).toBeNull();
    expect(seen.holderName).toMatch(/^居\*+$/);
    // Honour: not by another merchant; once by its own, typed in lower case with a hyphen; twice → 409.
    const other = await makeMerchant(t, p, 'approved');
    const typed = `${first.body.redemption.code.slice(0, 4).toLowerCase()}-${first.body.redemption.code.slice(4)}`;
    expect((await call('POST', '/api/store/honour', await tokenFor(t, other.user.username), { code: typed })).status).toBe(404);
    const badCode = await call('POST', '/api/store/honour', mtok, { code: 'O0O0' });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.field).toBe('code');
    const h = await call('POST', '/api/store/honour', mtok, { code: typed });
    expect(h.status).toBe(200);
    expect(h.body.redemption).toMatchObject({ id: first.body.redemption.id, status: 'honoured', code: null });
    const twice = await call('POST', '/api/store/honour', mtok, { code: typed });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('store_redemption_honoured');
    // An honoured redemption cannot be cancelled.
    const late = await call('POST', `/api/store/redemptions/${first.body.redemption.id}/cancel`, tok);
    expect(late.status).toBe(409);
    expect(await auditActions(first.body.redemption.id)).toEqual(['store.redeem:ok', 'store.redeem:ok', 'store.honour:ok']);
  });

  it('refuses without points, without stock and beyond the limit, leaving nothing behind', async () => {
    const m = await demoMerchant(t);
    const u = await makeUser(t, 'resident', p.in.grid.id);
    const tok = await tokenFor(t, u.username);
    await fundCredit(t, u.id, 10);
    const dear = await makeItem(t, m, { price: 11, stock: 5 });
    const poor = await call('POST', `/api/store/items/${dear.id}/redeem`, tok);
    expect(poor.status).toBe(409);
    expect(poor.body.error).toMatchObject({ code: 'points_insufficient', field: 'points' });
    expect(await stockOf(dear.id)).toBe(5);
    const one = await makeItem(t, m, { price: 1, stock: 1 });
    expect((await call('POST', `/api/store/items/${one.id}/redeem`, tok)).status).toBe(201);
    const none = await call('POST', `/api/store/items/${one.id}/redeem`, tok);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('store_out_of_stock');
    const limited = await makeItem(t, m, { price: 1, stock: 10, limit: 2 });
    expect((await call('POST', `/api/store/items/${limited.id}/redeem`, tok)).status).toBe(201);
    const r2 = await call('POST', `/api/store/items/${limited.id}/redeem`, tok);
    expect(r2.status).toBe(201);
    expect((await call('POST', `/api/store/items/${limited.id}/redeem`, tok)).body.error.code).toBe('store_limit_reached');
    // A cancelled redemption no longer counts towards the limit.
    expect((await call('POST', `/api/store/redemptions/${r2.body.redemption.id}/cancel`, tok)).status).toBe(200);
    expect((await call('POST', `/api/store/items/${limited.id}/redeem`, tok)).status).toBe(201);
    expect(await balanceOf(t.services.database.db, 'credit', u.id)).toBe(10 - 1 - 1 - 1);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from store_redemptions where user_id = ${u.id}`);
    expect(n!.n).toBe(4);
    expect((await call('POST', `/api/store/items/${randomUUID()}/redeem`, tok)).status).toBe(404);
  });

  it('cancelling returns the points and the unit once; a cancelled code cannot be honoured', async () => {
    const m = await demoMerchant(t);
    const item = await makeItem(t, m, { price: 7, stock: 3 });
    const u = await makeUser(t, 'member', p.in.grid.id);
    const tok = await tokenFor(t, u.username);
    await fundCredit(t, u.id, 20);
    const r = await call('POST', `/api/store/items/${item.id}/redeem`, tok);
    expect(r.status).toBe(201);
    expect(await stockOf(item.id)).toBe(2);
    // A stranger may not cancel it.
    const stranger = await makeUser(t, 'resident', p.in.grid.id);
    expect((await call('POST', `/api/store/redemptions/${r.body.redemption.id}/cancel`, await tokenFor(t, stranger.username))).status).toBe(403);
    const c = await call('POST', `/api/store/redemptions/${r.body.redemption.id}/cancel`, tok);
    expect(c.body).toMatchObject({ replayed: false, redemption: { status: 'cancelled', cancelledBy: 'resident' } });
    expect(await balanceOf(t.services.database.db, 'credit', u.id)).toBe(20);
    expect(await stockOf(item.id)).toBe(3);
    const again = await call('POST', `/api/store/redemptions/${r.body.redemption.id}/cancel`, tok);
    expect(again.body).toMatchObject({ replayed: true, redemption: { status: 'cancelled' } });
    expect(await balanceOf(t.services.database.db, 'credit', u.id)).toBe(20);
    expect(await stockOf(item.id)).toBe(3);
    const h = await call('POST', '/api/store/honour', await tokenFor(t, 'merchant'), { code: r.body.redemption.code });
    expect(h.status).toBe(409);
    expect(h.body.error.code).toBe('store_redemption_cancelled');
    // The merchant may cancel one of its own.
    const r2 = await call('POST', `/api/store/items/${item.id}/redeem`, tok);
    const byMerchant = await call('POST', `/api/store/redemptions/${r2.body.redemption.id}/cancel`, await tokenFor(t, 'merchant'));
    expect(byMerchant.body.redemption).toMatchObject({ status: 'cancelled', cancelledBy: 'merchant', code: null });
    const entries = await rows<{ reason: string; delta: number }>(sql`select reason, delta from points_entries where source_id = ${r.body.redemption.id} order by seq`);
    expect(entries).toEqual([
      { reason: 'store_redeem', delta: -7 },
      { reason: 'store_cancel', delta: 7 },
    ]);
    expect(await auditActions(r.body.redemption.id)).toEqual(['store.redeem:ok', 'store.cancel:ok', 'store.cancel:ok']);
  });

  it('expires open codes after their days: the job cancels them and returns points and stock', async () => {
    const m = await demoMerchant(t);
    const item = await makeItem(t, m, { price: 4, stock: 1 });
    const u = await makeUser(t, 'resident', p.in.grid.id);
    const tok = await tokenFor(t, u.username);
    await fundCredit(t, u.id, 4);
    const r = await call('POST', `/api/store/items/${item.id}/redeem`, tok);
    expect(r.status).toBe(201);
    expect(new Date(r.body.redemption.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await t.services.database.db.update(storeRedemptions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(storeRedemptions.id, r.body.redemption.id));
    const h = await call('POST', '/api/store/honour', await tokenFor(t, 'merchant'), { code: r.body.redemption.code });
    expect(h.body.error.code).toBe('store_redemption_expired');
    // Through the job runner (store.expire is a periodic job), then once more directly: nothing more happens.
    await t.services.jobs.tick();
    const [row] = await t.services.database.db.select().from(storeRedemptions).where(eq(storeRedemptions.id, r.body.redemption.id));
    expect(row).toMatchObject({ status: 'cancelled', cancelledBy: 'expiry' });
    expect(await balanceOf(t.services.database.db, 'credit', u.id)).toBe(4);
    expect(await stockOf(item.id)).toBe(1);
    expect(await t.services.database.db.transaction((tx) => expireRedemptions(tx))).toBe(0);
    expect(await balanceOf(t.services.database.db, 'credit', u.id)).toBe(4);
    expect(await auditActions(r.body.redemption.id)).toEqual(['store.redeem:ok', 'store.expire:ok']);
  });
});
