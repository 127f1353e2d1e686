import { z } from 'zod';

/** Every setting the server reads, validated once at boot. A bad value stops the process and names the variable. */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** PostgreSQL ≥ 15 connection string; when absent the embedded PGlite is used. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  /** Directory for embedded data: PGlite files (pgdata/) and the generated master key (keys/). */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Use an in-memory PGlite (tests); nothing is written to DATA_DIR/pgdata. */
  PGLITE_MEMORY: bool.default(false),
  /** Base64 32-byte master key for personal-data encryption; when absent the embedded key store in DATA_DIR is used. */
  TONGXIN_MASTER_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(8 * 60),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(30),
  /** How long a process may reuse a resolved session before asking the database again (0: never reuse). */
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(6).max(64).default(8),
  PASSWORD_CLASSES: z.coerce.number().int().min(1).max(4).default(3),
  COOKIE_SECURE: bool.default(false),
  /** Run background jobs in this process. Disable on web-only replicas. */
  JOBS_ENABLED: bool.default(true),
  JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Seed the demo city on first start when the database is empty. */
  SEED_DEMO: bool.default(false),
  DEMO_PASSWORD: z.string().min(8).default('Tongxin@2026'),
  /**
   * Years past the holiday data of chinese-days whose official holidays and make-up workdays have all
   * been entered as calendar overrides, e.g. "2027". Comma-separated.
   */
  CALENDAR_EXTRA_YEARS: z
    .string()
    .regex(/^\s*(\d{4}\s*(,\s*\d{4}\s*)*)?$/, 'comma-separated years, e.g. 2027,2028')
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean).map(Number)),
  WEB_DIST: z.string().optional(),
  MAP_TILE_URL: z.string().optional(),
  TRUST_PROXY: bool.default(false),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses configuration from an environment-like record; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message} (got ${JSON.stringify(picked[String(i.path[0])])})`),
    );
  }
  return { ...parsed.data, ...overrides };
}
