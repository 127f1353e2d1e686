import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestContext } from './helpers/harness.js';
import { actors, places, type Actor, type Places } from './helpers/fixtures.js';
import { ROUTE_CASES, expected, outcomeOf } from './helpers/route-cases.js';
import { createSession } from '../src/platform/auth/sessions.js';

let t: TestContext;
let p: Places;
let who: Actor[];

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  who = await actors(t, p);
}, 180_000);
afterAll(async () => t?.close());

async function sessionHeader(a: Actor | null): Promise<Record<string, string>> {
  if (!a) return {};
  const [u] = await t.services.database.rows<{ id: string }>(sql`select id from users where username = ${a.username}`);
  const s = await createSession(t.services.database.db, t.config, u!.id, { ip: '127.0.0.1', userAgent: 'matrix' });
  return { authorization: `Bearer ${s.token}` };
}

describe('authorisation matrix', () => {
  it('has a case for every route the server registers, and no case for a route it lacks', () => {
    const registered = new Set(t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`));
    const cased = new Set(ROUTE_CASES.map((c) => `${c.method} ${c.route}`));
    expect([...registered].filter((r) => !cased.has(r))).toEqual([]);
    expect([...cased].filter((c) => !registered.has(c))).toEqual([]);
  });

  it('answers every route for every role, in scope, out of scope and anonymous, as the rules say', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const c of ROUTE_CASES) {
      for (const a of [null, ...who]) {
        const req = await c.make(t, p, a);
        const headers = { ...(await sessionHeader(a)), ...(req.headers ?? {}) };
        const res = await t.app.inject({ method: c.method, url: req.url, payload: req.payload as object | undefined, headers });
        const got = outcomeOf(res.statusCode);
        const want = expected(c, a);
        cells += 1;
        if (got !== want) {
          mismatches.push(`${c.method} ${c.route} as ${a ? `${a.role}/${a.scope}` : 'anonymous'}: want ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
    }
    console.log(`authorisation matrix: ${ROUTE_CASES.length} routes × ${who.length + 1} callers = ${cells} cells, ${mismatches.length} mismatches`);
    expect(mismatches).toEqual([]);
  }, 600_000);

  it('filters lists to the caller subtree', async () => {
    const inCommunity = who.find((a) => a.role === 'community_admin' && a.scope === 'in')!;
    const outCommunity = who.find((a) => a.role === 'community_admin' && a.scope === 'out')!;
    for (const url of ['/api/units?pageSize=200', '/api/orgs?pageSize=500', '/api/users?pageSize=200']) {
      const mine = (await t.app.inject({ method: 'GET', url, headers: await sessionHeader(inCommunity) })).json() as { items: Array<{ regionPath?: string; grants?: Array<{ regionId: string }> }> };
      const theirs = (await t.app.inject({ method: 'GET', url, headers: await sessionHeader(outCommunity) })).json() as typeof mine;
      expect(mine.items.length).toBeGreaterThan(0);
      for (const it of mine.items) if (it.regionPath) expect(it.regionPath.startsWith(p.in.community.path)).toBe(true);
      for (const it of theirs.items) if (it.regionPath) expect(it.regionPath.startsWith(p.out.community.path)).toBe(true);
    }
    const roots = (await t.app.inject({ method: 'GET', url: '/api/regions/roots', headers: await sessionHeader(inCommunity) })).json() as { items: Array<{ id: string }> };
    expect(roots.items.map((r) => r.id)).toEqual([p.in.community.id]);
  });
});
