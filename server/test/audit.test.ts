import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestContext } from './helpers/harness.js';
import { actors, places, type Actor, type Places } from './helpers/fixtures.js';
import { ROUTE_CASES } from './helpers/route-cases.js';
import { createSession } from '../src/platform/auth/sessions.js';
import { sealAudit, verifyAuditChain } from '../src/platform/audit/audit.js';
import { WRITE_METHODS } from '../src/platform/http/context.js';

let t: TestContext;
let p: Places;
let who: Actor[];

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  who = await actors(t, p);
}, 180_000);
afterAll(async () => t?.close());

const auditCount = async (requestId: string) =>
  (await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where request_id = ${requestId}`))[0]!.n;

async function header(a: Actor) {
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${a.username}`);
  const s = await createSession(t.services.database.db, t.config, u!.id, { ip: '127.0.0.1', userAgent: 'audit-test' });
  return { authorization: `Bearer ${s.token}` };
}

describe('audit trail', () => {
  it('writes exactly one entry for every write route: on success, on refusal and on bad input', async () => {
    const writeRoutes = t.app.routeTable.filter((r) => WRITE_METHODS.has(r.method));
    expect(writeRoutes.length).toBeGreaterThan(10);
    const admin = who.find((a) => a.role === 'admin' && a.scope === 'in')!;
    const resident = who.find((a) => a.role === 'resident' && a.scope === 'in')!;
    const problems: string[] = [];
    for (const r of writeRoutes) {
      const c = ROUTE_CASES.find((x) => x.method === r.method && x.route === r.url);
      if (!c) {
        problems.push(`no case for ${r.method} ${r.url}`);
        continue;
      }
      const caller = c.allow === 'public' || c.allow === 'authenticated' || c.allow.includes('admin') ? admin : resident;
      const req = await c.make(t, p, caller);
      const variants: Array<[string, Record<string, string>, unknown]> = [
        ['ok', { ...(await header(caller)), ...(req.headers ?? {}) }, req.payload],
      ];
      if (c.allow !== 'public') variants.push(['denied', c.allow === 'authenticated' ? {} : await header(resident), req.payload]);
      for (const [kind, headers, payload] of variants) {
        const requestId = `audit-${randomUUID()}`;
        const res = await t.app.inject({ method: r.method as 'POST', url: req.url, payload: payload as object, headers: { ...headers, 'x-request-id': requestId } });
        const n = await auditCount(requestId);
        if (n !== 1) problems.push(`${r.method} ${r.url} (${kind}, ${res.statusCode}): ${n} audit entries`);
        const [row] = await t.services.database.rows<{ action: string; result: string }>(sql`select action, result from audit_log where request_id = ${requestId}`);
        if (row && row.action !== r.action) problems.push(`${r.method} ${r.url}: action ${row.action}, declared ${r.action}`);
      }
      // Invalid input: refused with a 4xx and still exactly one entry.
      if (c.method !== 'DELETE' && c.allow !== 'public') {
        const requestId = `audit-${randomUUID()}`;
        const res = await t.app.inject({ method: r.method as 'POST', url: req.url, payload: { unexpected: 1, username: 42, regionId: 'nope', parentId: 7 }, headers: { ...(await header(caller)), 'x-request-id': requestId } });
        if (res.statusCode < 400 || res.statusCode >= 500) {
          if (res.statusCode >= 500) problems.push(`${r.method} ${r.url}: bad input gave ${res.statusCode}`);
        } else if ((await auditCount(requestId)) !== 1) problems.push(`${r.method} ${r.url} (bad input): not exactly one entry`);
      }
    }
    console.log(`audit: ${writeRoutes.length} write routes checked`);
    expect(problems).toEqual([]);
  }, 300_000);

  it('records every reading of unmasked personal data', async () => {
    const admin = who.find((a) => a.role === 'admin' && a.scope === 'in')!;
    const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = 'resident'`);
    const requestId = `pii-${randomUUID()}`;
    const res = await t.app.inject({ method: 'GET', url: `/api/users/${u!.id}/pii`, headers: { ...(await header(admin)), 'x-request-id': requestId } });
    expect(res.statusCode).toBe(200);
    expect(res.json().phone).toMatch(/^1\d{10}$/);
    const [row] = await t.services.database.rows<{ action: string; subject_id: string }>(sql`select action, subject_id from audit_log where request_id = ${requestId}`);
    expect(row).toEqual({ action: 'users.pii_read', subject_id: u!.id });
  });

  it('refuses to change or delete audit rows, even for the application', async () => {
    await sealAudit(t.services.database.db);
    const refused = async (q: ReturnType<typeof sql>) => {
      const err = await t.services.database.db.execute(q).then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      expect(`${err?.message} ${err?.cause?.message}`).toMatch(/append-only/);
    };
    await refused(sql`update audit_log set action = 'x' where id = (select min(id) from audit_log)`);
    await refused(sql`delete from audit_log`);
    await refused(sql`delete from audit_chain`);
    await refused(sql`truncate audit_log`);
  });

  it('detects an altered row and a deleted row through the hash chain', async () => {
    const db = t.services.database.db;
    await sealAudit(db);
    const before = await verifyAuditChain(db);
    expect(before.ok).toBe(true);
    expect(before.checked).toBeGreaterThan(50);
    // A database superuser bypasses the triggers; the chain still tells.
    const [victim] = await t.services.database.rows<{ id: number }>(sql`select audit_id as id from audit_chain order by seq limit 1 offset 50`);
    await db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await db.execute(sql`update audit_log set actor_name = 'someone-else' where id = ${victim!.id}`);
    const altered = await verifyAuditChain(db);
    expect(altered).toMatchObject({ ok: false, problem: 'row_altered', brokenAt: 51 });
    await db.execute(sql`delete from audit_log where id = ${victim!.id}`);
    const deleted = await verifyAuditChain(db);
    expect(deleted).toMatchObject({ ok: false, problem: 'row_deleted', brokenAt: 51 });
    await db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  });

  it('shows administrators the trail and the chain check through the API', async () => {
    const admin = who.find((a) => a.role === 'admin' && a.scope === 'in')!;
    const list = await t.app.inject({ method: 'GET', url: '/api/audit?action=auth.login&pageSize=5', headers: await header(admin) });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBe(5);
    expect(list.json().items.every((i: { action: string }) => i.action === 'auth.login')).toBe(true);
  });
});
