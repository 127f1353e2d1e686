import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places } from './helpers/fixtures.js';
import { pointsUserId } from './helpers/points-fixtures.js';
import { awardByRule, balanceOf, correct, postEntry, type PostEntry } from '../src/modules/points/ledger.js';
import { verify } from '../src/modules/points/verify.js';
import { AppError } from '../src/platform/errors.js';

/** The points ledgers (docs/modules/points.md): postings, rules and caps, corrections, the chain check, the routes. */
let t: TestContext;
let p: Places;
beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
}, 120_000);
afterAll(async () => t?.close());

const db = () => t.services.database.db;
const rows = <T>(q: ReturnType<typeof sql>) => t.services.database.rows<T>(q);
const entry = (userId: string, delta: number, over: Partial<PostEntry> = {}): PostEntry => ({
  kind: 'credit',
  cityId: t.seed.cityId,
  userId,
  delta,
  reason: delta > 0 ? 'volunteer_hour' : 'store_redeem',
  sourceType: 'test',
  sourceId: randomUUID(),
  idempotencyKey: randomUUID(),
  ...over,
});
const post = (e: PostEntry) => db().transaction((tx) => postEntry(tx, e));
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe('postEntry', () => {
  it('earns, spends, refuses an overdraft with 409 points_insufficient and replays a key without change', async () => {
    const u = randomUUID();
    const first = entry(u, 100);
    expect(await post(first)).toMatchObject({ balance: 100, replayed: false });
    expect(await post(first)).toMatchObject({ balance: 100, replayed: true });
    expect(await post(entry(u, -60))).toMatchObject({ balance: 40 });
    expect(await codeOf(post(entry(u, -41)))).toBe('points_insufficient');
    expect(await balanceOf(db(), 'credit', u)).toBe(40);
    // The same key for another amount is a client error, not a silent replay.
    expect(await codeOf(post({ ...first, delta: 7 }))).toBe('points_idempotency_key_reused');
    expect(await codeOf(post(entry(u, 0)))).toBe('points_delta_invalid');
    expect(await codeOf(post(entry(u, 1.5)))).toBe('points_delta_invalid');
    const [a] = await rows<{ balance: number; seq: number }>(sql`select balance::int, seq from points_accounts where kind = 'credit' and user_id = ${u}`);
    expect(a).toEqual({ balance: 40, seq: 2 });
  });

  it('rolls back with the caller’s transaction', async () => {
    const u = randomUUID();
    await expect(
      db().transaction(async (tx) => {
        await postEntry(tx, entry(u, 10));
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await balanceOf(db(), 'credit', u)).toBe(0);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from points_entries where user_id = ${u}`))[0]!.n).toBe(0);
  });

  it('corrects an entry once by a reversing entry; a correction cannot be corrected', async () => {
    const u = randomUUID();
    const earn = await post(entry(u, 30));
    const c1 = await db().transaction((tx) => correct(tx, earn.entryId, '误记'));
    expect(c1).toMatchObject({ balance: 0, replayed: false });
    const c2 = await db().transaction((tx) => correct(tx, earn.entryId, '再次'));
    expect(c2).toMatchObject({ entryId: c1.entryId, replayed: true, balance: 0 });
    expect(await codeOf(db().transaction((tx) => correct(tx, c1.entryId, 'x')))).toBe('points_correction_of_correction');
    // Reversing an earn that was spent already would overdraw.
    const earn2 = await post(entry(u, 10));
    await post(entry(u, -10));
    expect(await codeOf(db().transaction((tx) => correct(tx, earn2.entryId, 'x')))).toBe('points_insufficient');
  });

  it('refuses UPDATE and DELETE of entries (append-only trigger)', async () => {
    await post(entry(randomUUID(), 5));
    await expect(rows(sql`update points_entries set delta = delta + 1`)).rejects.toThrow();
    await expect(rows(sql`delete from points_entries`)).rejects.toThrow();
  });
});

describe('rules', () => {
  it('awards by rule with the cap of the cycle, then capped with no entry; unknown rule → 400', async () => {
    const u = randomUUID();
    const base = { kind: 'party' as const, cityId: t.seed.cityId, userId: u, sourceType: 'visit', rule: 'visit' };
    let last;
    for (let i = 0; i < 20; i++) last = await db().transaction((tx) => awardByRule(tx, { ...base, sourceId: `v${i}`, idempotencyKey: `visit:${u}:${i}` }));
    expect(last).toMatchObject({ points: 1, balance: 20, capped: false });
    const capped = await db().transaction((tx) => awardByRule(tx, { ...base, sourceId: 'v21', idempotencyKey: `visit:${u}:21` }));
    expect(capped).toEqual({ entryId: null, points: 0, balance: 20, capped: true, replayed: false });
    const replay = await db().transaction((tx) => awardByRule(tx, { ...base, sourceId: 'v0', idempotencyKey: `visit:${u}:0` }));
    expect(replay).toMatchObject({ replayed: true, points: 1, balance: 20 });
    expect(await codeOf(db().transaction((tx) => awardByRule(tx, { ...base, rule: 'no_such_rule', sourceId: 'x', idempotencyKey: randomUUID() })))).toBe(
      'points_rule_unknown',
    );
  });

  it('cuts an award to what is left under the cap, and a deduction to the balance', async () => {
    const u = randomUUID();
    const base = { kind: 'party' as const, cityId: t.seed.cityId, userId: u, sourceType: 'activity' };
    await post({ ...entry(u, 39, { kind: 'party', reason: 'service_hour' }) });
    const r = await db().transaction((tx) => awardByRule(tx, { ...base, rule: 'service_hour', sourceId: 'a', idempotencyKey: randomUUID() }));
    expect(r).toMatchObject({ points: 1, capped: false, balance: 40 });
    const r2 = await db().transaction((tx) => awardByRule(tx, { ...base, rule: 'service_hour', sourceId: 'b', idempotencyKey: randomUUID() }));
    expect(r2).toMatchObject({ points: 0, capped: true });
    const poor = randomUUID();
    await post(entry(poor, 1, { kind: 'party', reason: 'activity_attend' }));
    const d = await db().transaction((tx) => awardByRule(tx, { ...base, userId: poor, rule: 'absent_without_leave', sourceId: 'c', idempotencyKey: randomUUID() }));
    expect(d).toMatchObject({ points: -1, balance: 0 });
  });

  it('reads and sets the city rules through the API; a city rule overrides the default', async () => {
    const admin = bearer(await login(t.app, 'admin'));
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/points/rules',
      headers: admin,
      payload: { rules: [{ kind: 'credit', code: 'environment', points: 8, cap: 16, cycle: 'month', label: '环境' }] },
    });
    expect(put.statusCode).toBe(200);
    const get = await t.app.inject({ method: 'GET', url: '/api/points/rules?kind=credit', headers: admin });
    expect(get.json().items).toContainEqual({ kind: 'credit', code: 'environment', points: 8, cap: 16, cycle: 'month', label: '环境' });
    const u = randomUUID();
    const base = { kind: 'credit' as const, cityId: t.seed.cityId, userId: u, rule: 'environment', sourceType: 't' };
    const pts = [];
    for (let i = 0; i < 3; i++) pts.push((await db().transaction((tx) => awardByRule(tx, { ...base, sourceId: String(i), idempotencyKey: randomUUID() }))).points);
    expect(pts).toEqual([8, 8, 0]);
    const bad = await t.app.inject({ method: 'PUT', url: '/api/points/rules', headers: admin, payload: { rules: [{ kind: 'credit', code: 'x_y', points: 2, cap: 5 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('rules.0.cycle');
  });
});

describe('routes', () => {
  it('awards by hand with an idempotency key, lists the account, corrects, ranks and verifies', async () => {
    const community = bearer(await login(t.app, 'community'));
    const member = await pointsUserId(t, 'member');
    const url = `/api/points/accounts/${member}/entries`;
    const key = randomUUID();
    const a = await t.app.inject({ method: 'POST', url, headers: { ...community, 'idempotency-key': key }, payload: { kind: 'party', delta: 12, reason: '抗疫志愿服务表现突出' } });
    expect(a.statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url, headers: { ...community, 'idempotency-key': key }, payload: { kind: 'party', delta: 12, reason: '抗疫志愿服务表现突出' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ entryId: a.json().entryId, replayed: true });
    const noKey = await t.app.inject({ method: 'POST', url, headers: community, payload: { kind: 'party', delta: 1, reason: '理由' } });
    expect([noKey.statusCode, noKey.json().error.field]).toEqual([400, 'idempotencyKey']);
    const noReason = await t.app.inject({ method: 'POST', url, headers: community, payload: { kind: 'party', delta: 1, idempotencyKey: 'k' } });
    expect([noReason.statusCode, noReason.json().error.field]).toEqual([400, 'reason']);
    const unknown = await t.app.inject({ method: 'POST', url, headers: community, payload: { kind: 'party', rule: 'nope', idempotencyKey: randomUUID() } });
    expect([unknown.statusCode, unknown.json().error.code, unknown.json().error.field]).toEqual([400, 'points_rule_unknown', 'rule']);
    const over = await t.app.inject({ method: 'POST', url, headers: community, payload: { kind: 'party', delta: -1_000, reason: '扣分', idempotencyKey: randomUUID() } });
    expect([over.statusCode, over.json().error.code]).toEqual([409, 'points_insufficient']);

    const list = await t.app.inject({ method: 'GET', url: `${url}?kind=party&pageSize=5`, headers: community });
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({ delta: 12, reason: 'manual_award', note: '抗疫志愿服务表现突出' });

    const c = await t.app.inject({ method: 'POST', url: `/api/points/entries/${a.json().entryId}/correction`, headers: community, payload: { reason: '重复录入' } });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ delta: -12, reverses: a.json().entryId });

    const me = await t.app.inject({ method: 'GET', url: '/api/points/me', headers: bearer(await login(t.app, 'member')) });
    expect(me.json().party.balance).toBe(list.json().balance - 12);
    const mine = await t.app.inject({ method: 'GET', url: '/api/points/me/entries?kind=party', headers: bearer(await login(t.app, 'member')) });
    expect(mine.json().items[0]).toMatchObject({ reason: 'correction', delta: -12 });

    const rank = await t.app.inject({ method: 'GET', url: `/api/points/rankings?kind=party&regionId=${p.in.community.id}`, headers: community });
    expect(rank.statusCode).toBe(200);
    expect(rank.json().items.some((i: { userId: string }) => i.userId === member)).toBe(true);
    const byRegion = await t.app.inject({ method: 'GET', url: `/api/points/rankings?kind=party&by=region&regionId=${p.in.street.id}`, headers: community });
    expect(byRegion.statusCode).toBe(403);
    const admin = bearer(await login(t.app, 'admin'));
    const byRegion2 = await t.app.inject({ method: 'GET', url: `/api/points/rankings?kind=party&by=region&regionId=${p.in.street.id}`, headers: admin });
    expect(byRegion2.statusCode).toBe(200);
    expect(byRegion2.json().items.find((i: { regionId: string }) => i.regionId === p.in.community.id).accounts).toBeGreaterThan(0);

    const v = await t.app.inject({ method: 'GET', url: '/api/points/verify', headers: admin });
    expect(v.json()).toMatchObject({ ok: true });
  });
});

describe('tampering', () => {
  it('verify reports the first broken entry when a delta is changed behind the trigger’s back', async () => {
    const u = randomUUID();
    await post(entry(u, 10));
    const second = await post(entry(u, 5));
    await post(entry(u, -3));
    expect((await verify(db())).ok).toBe(true);
    await db().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update points_entries set delta = 50 where id = ${second.entryId}`);
    });
    const r = await verify(db());
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ entryId: second.entryId, userId: u, seq: 2, problem: 'hash' });
    // Put it back so the rest of the file sees a sound ledger.
    await db().transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update points_entries set delta = 5 where id = ${second.entryId}`);
    });
    expect((await verify(db())).ok).toBe(true);
    // A cached balance that disagrees with its entries is found too.
    await rows(sql`update points_accounts set balance = balance + 1 where kind = 'credit' and user_id = ${u}`);
    expect((await verify(db(), { kind: 'credit' })).firstBroken).toMatchObject({ userId: u, problem: 'balance' });
    await rows(sql`update points_accounts set balance = balance - 1 where kind = 'credit' and user_id = ${u}`);
  });
});
