#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { commands } from './commands.js';

const USAGE = `tongxin <command> [options]

  serve [--demo]                 start the server (--demo seeds the demo city on first start)
  migrate                        apply database migrations
  seed [--scale demo|city] [--seed N]    write the demo city into an empty database
  city create --name N --code C [--file boundary.geojson] [--crs …]   create a city (the root of a region tree)
  import regions --file F [--format geojson|xlsx] [--crs wgs84|gcj02|bd09]
  export regions [--root CODE] [--format geojson|xlsx] [--out F] [--buildings]
  user list | create --username U --name N --role R --region CODE [--password P] | reset-password --username U --password P | unlock --username U
  audit verify                   seal pending rows and verify the audit hash chain
  points verify [--kind party|credit]   recompute the points ledgers' hash chains and balances

Configuration comes from the environment (DATABASE_URL, DATA_DIR, PORT, …; see docs/operations.md).`;

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  if (!cmd || cmd === 'help' || cmd === '--help') {
    console.log(USAGE);
    return;
  }
  const run = commands[cmd];
  if (!run) {
    console.error(`unknown command: ${cmd}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      crs: { type: 'string' },
      root: { type: 'string' },
      out: { type: 'string' },
      buildings: { type: 'boolean' },
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      password: { type: 'string' },
      code: { type: 'string' },
      rule: { type: 'string' },
      increment: { type: 'string' },
      threshold: { type: 'string' },
      explain: { type: 'boolean' },
      kind: { type: 'string' },
    },
  });
  // `npm run tongxin` runs in server/: keep the data folder where `npm start` keeps it (the caller's folder).
  const env = { ...process.env };
  if (!env.DATA_DIR && env.INIT_CWD) env.DATA_DIR = path.join(env.INIT_CWD, '.data');
  let config;
  try {
    config = loadConfig(env, cmd === 'serve' && values.demo ? { SEED_DEMO: true } : {});
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
  await run(config, values, positionals);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
