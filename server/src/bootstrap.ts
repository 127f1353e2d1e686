import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { existsSync } from 'node:fs';
import { openDatabase, type Database } from './platform/db/client.js';
import { Sm4CryptoProvider } from './platform/pii/crypto-provider.js';
import { loadOrCreateMasterKey, masterKeyFromEnv, masterKeyPath } from './platform/pii/key-store.js';
import { JobRunner } from './platform/jobs/runner.js';
import { EventBus } from './platform/events/bus.js';
import { loadCalendar } from './platform/calendar/reload.js';
import type { WorkingCalendar } from './platform/calendar/working-calendar.js';
import { configureSessionCache } from './platform/auth/session-cache.js';
import { sealBatch } from './platform/audit/audit.js';
import { sql } from 'drizzle-orm';
import type { Services } from './platform/services.js';
import { MODULES } from './modules/index.js';

/** Paths and headers that may carry secrets or personal data are never written to the log. */
const REDACT = ['req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization', '*.password', '*.phone', '*.idNumber'];

export function makeLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, redact: { paths: REDACT, censor: '[redacted]' }, base: { pid: process.pid } });
}

/**
 * The master key for personal data: TONGXIN_MASTER_KEY, or the key file in DATA_DIR, created on first start.
 * A new key for a database that already holds accounts would make their personal data unreadable (the key
 * file was lost or not restored with the data): refuse to start instead.
 */
async function masterKey(config: Config, database: Database) {
  if (config.TONGXIN_MASTER_KEY) return masterKeyFromEnv(config.TONGXIN_MASTER_KEY);
  const dir = path.resolve(config.DATA_DIR);
  if (!existsSync(masterKeyPath(dir))) {
    const [row] = await database.rows<{ x: boolean }>(sql`select exists(select 1 from users) as x`);
    if (row?.x) {
      throw new Error(
        `no master key at ${masterKeyPath(dir)}, but the database holds accounts: restore the key file that belongs to this database (or set TONGXIN_MASTER_KEY); a new key could not read their personal data`,
      );
    }
  }
  return loadOrCreateMasterKey(dir);
}

/** Opens the database, migrates it, and builds every platform service and module job. */
/**
 * Deadlines within the next 120 days that reach a year whose holiday schedule is not entered are counted
 * provisionally (platform/calendar/working-calendar.ts): a server says so at every start, with what to do (not
 * the CLI, whose output other programs read).
 */
export function warnIfProvisional(calendar: WorkingCalendar, log: Logger) {
  const soon = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
  if (!calendar.isProvisional(soon)) return;
  const year = Number(soon.slice(0, 4));
  log.warn(
    { year, covered: calendar.coveredYears() },
    `calendar: the official holiday schedule of ${year} is not entered; working-day deadlines reaching into ${year} count weekends and the statutory holidays only, without make-up workdays. ` +
      `Enter the schedule as calendar overrides and set CALENDAR_EXTRA_YEARS=${year} (or upgrade chinese-days) once the State Council publishes it.`,
  );
}

export async function createServices(config: Config, log: Logger = makeLogger(config)): Promise<Services> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    memory: config.PGLITE_MEMORY,
    poolMax: config.DATABASE_POOL_MAX,
  });
  let key;
  try {
    await database.migrate();
    key = await masterKey(config, database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const crypto = new Sm4CryptoProvider({ keys: [key] });
  const jobs = new JobRunner(database.db, {
    pollMs: config.JOBS_POLL_MS,
    onError: (err, job) => log.error({ job: job?.name, err: { message: (err as Error)?.message } }, 'job failed'),
  });
  const events = new EventBus(jobs);
  const calendar = await loadCalendar(database.db, config.CALENDAR_EXTRA_YEARS);
  configureSessionCache(config.SESSION_CACHE_MS);
  const services: Services = { config, database, crypto, log, jobs, events, calendar };

  // Platform jobs.
  jobs.schedule('audit.seal', 2, async (tx) => {
    await sealBatch(tx, 5000);
  });
  jobs.schedule('jobs.cleanup', 3600, async (tx) => {
    await tx.execute(sql`delete from jobs where status = 'done' and finished_at < now() - interval '2 days'`);
    await tx.execute(sql`delete from job_runs where finished_at < now() - interval '14 days'`);
    await tx.execute(sql`delete from sessions where expires_at < now() - interval '30 days'`);
  });
  for (const m of MODULES) m.jobs?.(services);
  return services;
}
