import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places } from './helpers/fixtures.js';

let t: TestContext;
let p: Places;
let admin: string;
let street: string;
let community: string;

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  [admin, street, community] = await Promise.all([login(t.app, 'admin'), login(t.app, 'street'), login(t.app, 'community')]);
});
afterAll(async () => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: bearer(token), payload: payload as object | undefined });

describe('user management', () => {
  it('manages a user only when every grant of that user is one the manager could give', async () => {
    // A district admin who also lives in 新安社区 (a resident grant there).
    const created = await call('POST', '/api/users', admin, {
      username: 'district_boss',
      displayName: '区管理员',
      password: 'Haikou#2026x',
      grants: [
        { role: 'admin', regionId: p.in.district.id },
        { role: 'resident', regionId: p.in.grid.id },
      ],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().user.id;
    for (const token of [community, street]) {
      expect((await call('POST', `/api/users/${id}/password`, token, { newPassword: 'Haikou#2026z' })).statusCode).toBe(403);
      expect((await call('GET', `/api/users/${id}/pii`, token)).statusCode).toBe(403);
      expect((await call('PATCH', `/api/users/${id}`, token, { status: 'disabled' })).statusCode).toBe(403);
    }
    expect((await call('POST', `/api/users/${id}/password`, admin, { newPassword: 'Haikou#2026z' })).statusCode).toBe(204);
  });

  it('refuses grants a manager may not give, and roles at the wrong level', async () => {
    const u = (await call('POST', '/api/users', community, { username: 'helper1', displayName: '志愿者', password: 'Haikou#2026x', grants: [{ role: 'member', regionId: p.in.grid.id }] })).json().user;
    const upward = await call('POST', `/api/users/${u.id}/grants`, community, { role: 'street_admin', regionId: p.in.street.id });
    expect(upward.statusCode).toBe(403);
    const wrongLevel = await call('POST', `/api/users/${u.id}/grants`, community, { role: 'grid_worker', regionId: p.in.community.id });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().error).toMatchObject({ code: 'role_region_level', field: 'regionId' });
    const twice = await call('POST', `/api/users/${u.id}/grants`, community, { role: 'member', regionId: p.in.grid.id });
    expect(twice.statusCode).toBe(409);
    const ok = await call('POST', `/api/users/${u.id}/grants`, community, { role: 'grid_worker', regionId: p.in.grid.id });
    expect(ok.statusCode).toBe(201);
    const removed = await call('DELETE', `/api/users/${u.id}/grants/${ok.json().grant.id}`, community);
    expect(removed.statusCode).toBe(204);
  });

  it('disables an account and ends its sessions; unlocks a locked one', async () => {
    const u = (await call('POST', '/api/users', community, { username: 'leaver', displayName: '离任网格员', password: 'Haikou#2026x', grants: [{ role: 'grid_worker', regionId: p.in.grid.id }] })).json().user;
    const token = await login(t.app, 'leaver', 'Haikou#2026x');
    expect((await call('PATCH', `/api/users/${u.id}`, community, { status: 'disabled' })).json().user.status).toBe('disabled');
    expect((await call('GET', '/api/auth/me', token)).statusCode).toBe(401);
    const refused = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leaver', password: 'Haikou#2026x' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('account_disabled');
  });

  it('finds people by full phone number in any common spelling, and answers masked', async () => {
    await call('POST', '/api/users', community, { username: 'phoneuser', displayName: '电话用户', password: 'Haikou#2026x', phone: '13911112222', grants: [{ role: 'resident', regionId: p.in.grid.id }] });
    for (const q of ['13911112222', '+86 139 1111 2222', '139-1111-2222']) {
      const res = await call('GET', `/api/users?q=${encodeURIComponent(q)}`, community);
      expect(res.json().items.map((x: { username: string }) => x.username)).toEqual(['phoneuser']);
      expect(res.json().items[0].phoneMasked).toBe('139****2222');
    }
  });
});
