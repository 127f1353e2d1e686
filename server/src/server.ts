import type { Config } from './config.js';
import { buildApp } from './app.js';
import { createServices, makeLogger, warnIfProvisional } from './bootstrap.js';
import { reloadCalendar } from './platform/calendar/reload.js';
import { DEMO_USERS, isEmpty, seedDemoCity } from './demo/seed.js';
import type { App } from './platform/http/app-types.js';
import type { Services } from './platform/services.js';

export interface RunningServer {
  app: App;
  services: Services;
  url: string;
  close(): Promise<void>;
}

/** Starts one server process: migrate, optionally seed the demo city, listen, run jobs. */
export async function startServer(config: Config, opts: { announce?: (line: string) => void } = {}): Promise<RunningServer> {
  const say = opts.announce ?? (() => undefined);
  const log = makeLogger(config);
  const services = await createServices(config, log);
  warnIfProvisional(services.calendar, log);
  if (config.SEED_DEMO && (await isEmpty(services.database.db))) {
    say('首次启动：正在生成演示城市 / first start: generating the demo city …');
    const r = await seedDemoCity(services.database.db, services.crypto, { scale: 'demo', password: config.DEMO_PASSWORD });
    if (r) say(`演示城市已生成 / demo city ready: ${r.regions} regions, ${r.units} units, ${r.orgs} Party organisations`);
  }
  const app = await buildApp(services);
  await app.listen({ host: config.HOST, port: config.PORT });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  if (config.JOBS_ENABLED) services.jobs.start();
  // Calendar overrides changed by another process reach this one within a minute (a per-process cache).
  const refresh = setInterval(() => {
    reloadCalendar(services).catch((err: unknown) => log.warn({ err: { message: (err as Error).message } }, 'calendar reload failed'));
  }, 60_000);
  refresh.unref();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    clearInterval(refresh);
    await services.jobs.stop();
    await app.close();
    await services.database.close();
  };
  return { app, services, url, close };
}

/** The demo logins, for the start banner. */
export function demoLoginLines(config: Config): string[] {
  return DEMO_USERS.map((u) => `  ${u.username.padEnd(11)} ${config.DEMO_PASSWORD}   ${u.role.padEnd(16)} ${u.displayName}`);
}
