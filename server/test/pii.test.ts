import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { TEST_ENGINE, bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places } from './helpers/fixtures.js';
import { makeIdNumber } from '../src/platform/pii/id-number.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/bootstrap.js';

// Canary values: if they show up anywhere in plaintext, personal data leaked.
const PHONE = '13987650123';
const ID_NUMBER = makeIdNumber('460106', '19880808', 777);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Creates a user carrying the canaries through the API, reads it back, and searches by phone. */
async function exercise(t: TestContext) {
  const p = await places(t);
  const token = await login(t.app, 'community');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: bearer(token),
    payload: { username: 'canary', displayName: '金丝雀', password: 'Haikou#2026x', phone: PHONE, idNumber: ID_NUMBER, grants: [{ role: 'resident', regionId: p.in.grid.id }] },
  });
  expect(created.statusCode).toBe(201);
  const user = created.json().user;
  expect(user.phoneMasked).toBe('139****0123');
  expect(JSON.stringify(created.json())).not.toContain(PHONE);
  expect(JSON.stringify(created.json())).not.toContain(ID_NUMBER);
  // Found by the blind index of the full number; the answer stays masked.
  const found = await t.app.inject({ method: 'GET', url: `/api/users?q=${PHONE}`, headers: bearer(token) });
  expect(found.json().items.map((u: { username: string }) => u.username)).toEqual(['canary']);
  expect(found.body).not.toContain(PHONE);
  // A bad ID number is refused by its check digit, naming the field, and nothing is written.
  const bad = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '1' ? '2' : '1');
  const refused = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: bearer(token),
    payload: { username: 'canary2', displayName: 'x', password: 'Haikou#2026x', idNumber: bad, grants: [{ role: 'resident', regionId: p.in.grid.id }] },
  });
  expect(refused.statusCode).toBe(400);
  expect(refused.json().error).toMatchObject({ code: 'id_number_invalid', field: 'idNumber' });
  const after = await t.app.inject({ method: 'GET', url: '/api/users?q=canary2', headers: bearer(token) });
  expect(after.json().total).toBe(0);
  // Unmasking works for the community secretary, and is audited (see audit.test.ts).
  const pii = await t.app.inject({ method: 'GET', url: `/api/users/${user.id}/pii`, headers: bearer(token) });
  expect(pii.json()).toEqual({ phone: PHONE, idNumber: ID_NUMBER });
}

const leaks = (text: string) => [PHONE, ID_NUMBER].filter((c) => text.includes(c));

describe('personal data at rest and in logs', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.runIf(TEST_ENGINE === 'pglite')('never writes the canaries in plaintext into the PGlite data directory or the logs', async () => {
    const t = await startTestApp({ engine: 'pglite', persistent: true });
    await exercise(t);
    const logs = t.logs.join('');
    expect(logs.length).toBeGreaterThan(1000);
    await t.close(true);
    dirs.push(t.dataDir);
    const files = filesUnder(t.dataDir);
    expect(files.length).toBeGreaterThan(100);
    const contents = files.map((f) => readFileSync(f).toString('latin1'));
    // The scan does see stored rows: the (non-personal) username is there in plaintext.
    expect(contents.some((c) => c.includes('canary'))).toBe(true);
    expect(files.filter((_, i) => leaks(contents[i]!).length > 0)).toEqual([]);
    expect(leaks(logs)).toEqual([]);
  }, 120_000);

  it.runIf(TEST_ENGINE === 'pglite')('refuses to start when the key of a database holding accounts is missing', async () => {
    const t = await startTestApp({ engine: 'pglite', persistent: true });
    await t.close(true);
    dirs.push(t.dataDir);
    rmSync(path.join(t.dataDir, 'keys'), { recursive: true, force: true });
    const config = loadConfig({ DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' });
    await expect(createServices(config)).rejects.toThrow(/no master key/);
  }, 120_000);

  it.runIf(TEST_ENGINE === 'postgres')('never shows the canaries in a pg_dump of the PostgreSQL database or in the logs', async () => {
    const t = await startTestApp({ engine: 'postgres' });
    try {
      await exercise(t);
      const dump = execFileSync('pg_dump', ['--no-owner', t.databaseUrl!], { maxBuffer: 512 * 1024 * 1024 }).toString('utf8');
      expect(dump).toContain('canary');
      expect(leaks(dump)).toEqual([]);
      expect(leaks(t.logs.join(''))).toEqual([]);
    } finally {
      await t.close();
    }
  }, 120_000);
});
