import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { createServices } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { seedDemoCity, type SeedResult } from '../../src/demo/seed.js';
import type { App } from '../../src/platform/http/app-types.js';
import type { Services } from '../../src/platform/services.js';

export const TEST_ENGINE = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEMO_PASSWORD = 'Tongxin@2026';

/** Creates a fresh, empty PostgreSQL database and returns its URL and a dropper. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tongxin_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestContext {
  app: App;
  services: Services;
  config: Config;
  seed: SeedResult;
  /** Every log line the server wrote. */
  logs: string[];
  dataDir: string;
  databaseUrl?: string;
  /** Stops everything; keepFiles leaves DATA_DIR on disk for inspection. */
  close(keepFiles?: boolean): Promise<void>;
}

/**
 * A server on the engine chosen by TEST_DB (pglite in memory by default, or a fresh PostgreSQL
 * database), with the demo city seeded, driven through app.inject like an HTTP client.
 */
export async function startTestApp(
  opts: { env?: Record<string, string>; persistent?: boolean; seed?: boolean; engine?: 'pglite' | 'postgres' } = {},
): Promise<TestContext> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongxin-test-'));
  const pgdb = (opts.engine ?? TEST_ENGINE) === 'postgres' ? await freshPostgresDatabase() : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PGLITE_MEMORY: opts.persistent ? 'false' : 'true',
    LOG_LEVEL: 'info',
    JOBS_ENABLED: 'false',
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...opts.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const log = pino({ level: 'trace' }, sink);
  const services = await createServices(config, log);
  const seed =
    opts.seed === false
      ? ({ cityId: '', regions: 0, units: 0, orgs: 0, users: [] } as SeedResult)
      : (await seedDemoCity(services.database.db, services.crypto, { scale: 'demo', password: DEMO_PASSWORD }))!;
  const app = await buildApp(services, { webDist: null });
  await app.ready();
  return {
    app,
    services,
    config,
    seed,
    logs,
    dataDir,
    databaseUrl: pgdb?.url,
    async close(keepFiles = false) {
      await services.jobs.stop();
      await app.close();
      await services.database.close();
      await pgdb?.drop();
      if (!keepFiles) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the API and returns the bearer token. */
export async function login(app: App, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, bearer: true } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
