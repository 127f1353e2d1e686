import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase } from './platform/db/client.js';
import { Sm4CryptoProvider } from './platform/pii/crypto-provider.js';
import { loadOrCreateMasterKey, masterKeyFromEnv } from './platform/pii/key-store.js';
import { JobRunner } from './platform/jobs/runner.js';
import { EventBus } from './platform/events/bus.js';
import { loadCalendar } from './platform/calendar/reload.js';
import { sealBatch } from './platform/audit/audit.js';
import { sql } from 'drizzle-orm';
import type { Services } from './platform/services.js';
import { MODULES } from './modules/index.js';

/** Paths and headers that may carry secrets or personal data are never written to the log. */
const REDACT = ['req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization', '*.password', '*.phone', '*.idNumber'];

export function makeLogger(config: Config): Logger {
  return pino({ level: config.LOG_LEVEL, redact: { paths: REDACT, censor: '[redacted]' }, base: { pid: process.pid } });
}

/** Opens the database, migrates it, and builds every platform service and module job. */
export async function createServices(config: Config, log: Logger = makeLogger(config)): Promise<Services> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    memory: config.PGLITE_MEMORY,
    poolMax: config.DATABASE_POOL_MAX,
  });
  await database.migrate();
  const key = config.TONGXIN_MASTER_KEY ? masterKeyFromEnv(config.TONGXIN_MASTER_KEY) : loadOrCreateMasterKey(path.resolve(config.DATA_DIR));
  const crypto = new Sm4CryptoProvider({ keys: [key] });
  const jobs = new JobRunner(database.db, {
    pollMs: config.JOBS_POLL_MS,
    onError: (err, job) => log.error({ job: job?.name, err: { message: (err as Error)?.message } }, 'job failed'),
  });
  const events = new EventBus(jobs);
  const calendar = await loadCalendar(database.db);
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
