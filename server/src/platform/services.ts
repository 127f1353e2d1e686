import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { CryptoProvider } from './pii/crypto-provider.js';
import type { Database } from './db/client.js';
import type { EventBus } from './events/bus.js';
import type { JobRunner } from './jobs/runner.js';
import type { WorkingCalendar } from './calendar/working-calendar.js';

/** What every module is handed: the platform's services, built once per process. */
export interface Services {
  config: Config;
  database: Database;
  crypto: CryptoProvider;
  log: Logger;
  jobs: JobRunner;
  events: EventBus;
  calendar: WorkingCalendar;
}
