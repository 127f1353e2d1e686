import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { totpCode } from '../src/platform/auth/totp.js';
import { forgetSessions } from '../src/platform/auth/session-cache.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ env: { LOCKOUT_THRESHOLD: '3', LOCKOUT_MINUTES: '1', SESSION_IDLE_MINUTES: '30' } });
});
afterAll(async () => t?.close());

describe('login, lockout and sessions', () => {
  it('logs in and answers /me with roles and grants', async () => {
    const token = await login(t.app, 'community');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    const user = me.json().user;
    expect(user.roles).toEqual(['community_admin']);
    expect(user.grants[0].regionName).toBe('新安社区');
  });

  it('gives the token in the answer only to clients that ask for it', async () => {
    const browser = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'community', password: 'Tongxin@2026' } });
    expect(browser.json().token).toBeUndefined();
    expect(browser.headers['set-cookie']).toMatch(/tx_session=.+HttpOnly/i);
    expect(browser.json().user.grantableRoles).toContain('grid_worker');
    expect(browser.json().user.grantableRoles).not.toContain('street_admin');
  });

  it('refuses anonymous callers with 401 and a message in the caller language', async () => {
    const zh = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error.message).toBe('请先登录');
    const en = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toBe('Please log in');
  });

  it('locks the account after repeated failures, for the configured time', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'member', password: 'wrong-Password1' } });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('invalid_credentials');
    }
    const third = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'member', password: 'wrong-Password1' } });
    expect(third.statusCode).toBe(423);
    expect(third.json().error.retryAfterSeconds).toBe(60);
    // The right password does not help while locked.
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'member', password: 'Tongxin@2026' } });
    expect(right.statusCode).toBe(423);
    // When the lock has run out, the right password works again.
    await t.services.database.db.execute(sql`update users set locked_until = now() - interval '1 second' where username = 'member'`);
    expect(await login(t.app, 'member')).toBeTruthy();
    const audits = await t.services.database.rows<{ result: string; n: number }>(
      sql`select result, count(*)::int as n from audit_log where action = 'auth.login' and actor_name = 'member' group by result order by result`,
    );
    expect(audits).toEqual([
      { result: 'denied', n: 4 },
      { result: 'ok', n: 1 },
    ]);
  });

  it('treats unknown users like wrong passwords', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'x' } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('invalid_credentials');
  });

  it('refuses an expired session and an idle one', async () => {
    const token = await login(t.app, 'grid');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(200);
    await t.services.database.db.execute(sql`update sessions set expires_at = now() - interval '1 second' where user_id = (select id from users where username = 'grid')`);
    forgetSessions(); // a change made behind the application's back: the process would see it within SESSION_CACHE_MS
    const expired = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('session_expired');

    const idle = await login(t.app, 'grid');
    await t.services.database.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where revoked_at is null and expires_at > now() and user_id = (select id from users where username = 'grid')`);
    forgetSessions();
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(idle) })).statusCode).toBe(401);
  });

  it('logout ends the session', async () => {
    const token = await login(t.app, 'building');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('enforces the password policy and ends other sessions on change', async () => {
    const token = await login(t.app, 'secretary');
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(token), payload: { oldPassword: 'Tongxin@2026', newPassword: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'password_too_short', field: 'newPassword' });
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(token), payload: { oldPassword: 'Tongxin@2026', newPassword: 'Haikou#2026x' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode).toBe(401);
    expect(await login(t.app, 'secretary', 'Haikou#2026x')).toBeTruthy();
  });

  it('asks staff with TOTP enabled for a code', async () => {
    const token = await login(t.app, 'dispatcher');
    const setup = await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: bearer(token) });
    expect(setup.statusCode).toBe(200);
    const { secret } = setup.json() as { secret: string };
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: bearer(token), payload: { code: '000000' === totpCode(secret, Date.now()) ? '111111' : '000000' } });
    expect(bad.statusCode).toBe(400);
    const good = await t.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: bearer(token), payload: { code: totpCode(secret, Date.now()) } });
    expect(good.statusCode).toBe(204);
    const noCode = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: 'Tongxin@2026' } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    // The code that enabled TOTP is spent; the next time step's code works, once.
    const reused = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: 'Tongxin@2026', totp: totpCode(secret, Date.now()) } });
    expect(reused.json().error.code).toBe('totp_reused');
    const next = totpCode(secret, Date.now() + 30_000);
    const withCode = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: 'Tongxin@2026', totp: next, bearer: true } });
    expect(withCode.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: 'Tongxin@2026', totp: next } });
    expect(again.statusCode).toBe(401);
    // A session cannot turn TOTP off by setting it up again.
    const resetup = await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: bearer(withCode.json().token) });
    expect(resetup.statusCode).toBe(409);
  });

  it('lets a user with a password set by someone else do nothing but change it', async () => {
    const admin = await login(t.app, 'admin');
    const [grid] = await t.services.database.rows<{ id: string }>(sql`select id from regions where level = 'grid' order by code limit 1`);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(admin),
      payload: { username: 'fresh_worker', displayName: '新网格员', password: 'Haikou#2026x', grants: [{ role: 'grid_worker', regionId: grid!.id }] },
    });
    expect(created.statusCode).toBe(201);
    const token = await login(t.app, 'fresh_worker', 'Haikou#2026x');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(me.json().user.mustChangePassword).toBe(true);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/regions/roots', headers: bearer(token) });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const changed = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(token), payload: { oldPassword: 'Haikou#2026x', newPassword: 'Haikou#2027y' } });
    expect(changed.statusCode).toBe(204);
    const fresh = await login(t.app, 'fresh_worker', 'Haikou#2027y');
    expect((await t.app.inject({ method: 'GET', url: '/api/regions/roots', headers: bearer(fresh) })).statusCode).toBe(200);
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '', password: 'x' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('username');
    const malformed = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(malformed.statusCode).toBe(400);
  });
});
