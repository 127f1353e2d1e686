import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { createServices } from '../bootstrap.js';
import { demoLoginLines, startServer } from '../server.js';
import { isEmpty, seedDemoCity } from '../demo/seed.js';
import { isRole } from '../platform/access/roles.js';
import { writeAudit, sealAudit, verifyAuditChain } from '../platform/audit/audit.js';
import { users } from '../platform/auth/schema.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { checkPasswordPolicy } from '../platform/auth/password-policy.js';
import { revokeUserSessions } from '../platform/auth/sessions.js';
import { isCrs } from '../platform/geo/crs.js';
import { AppError } from '../platform/errors.js';
import type { Services } from '../platform/services.js';
import { regions } from '../modules/regions/schema.js';
import { regionByCode, subtree } from '../modules/regions/queries.js';
import { createRegion } from '../modules/regions/commands.js';
import { importRecords, parentCodes, recordsFromExcel, recordsFromGeoJson, toFeatureCollection, toWorkbook } from '../modules/regions/transfer.js';
import { createUser } from '../modules/users/commands.js';
import { grantsOfUsers } from '../modules/users/presenters.js';
import { pb } from './pb.js';
import { verify as verifyPoints } from '../modules/points/verify.js';

type Values = Record<string, string | boolean | undefined>;
type Command = (config: Config, values: Values, positionals: string[]) => Promise<void>;

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

async function withServices<T>(config: Config, fn: (s: Services) => Promise<T>): Promise<T> {
  const services = await createServices({ ...config, LOG_LEVEL: 'warn' });
  try {
    return await fn(services);
  } finally {
    await services.database.close();
  }
}

const cliAudit = (s: Services, tx: Parameters<typeof writeAudit>[0], action: string, detail: Record<string, unknown>, cityId: string | null = null) =>
  writeAudit(tx, { cityId, actorName: `cli:${process.env.USER ?? 'unknown'}`, action, result: 'ok', detail, ip: 'cli' });

async function firstCity(s: Services) {
  const [c] = await s.database.db.select().from(regions).where(isNull(regions.parentId)).orderBy(asc(regions.seq)).limit(1);
  if (!c) throw new Error('the database holds no city yet: run `tongxin seed` or import regions first');
  return c;
}

function assertPolicy(config: Config, password: string) {
  const r = checkPasswordPolicy(password, { minLength: config.PASSWORD_MIN_LENGTH, requireClasses: config.PASSWORD_CLASSES });
  if (!r.ok) throw new Error(`the password breaks the policy (${r.reason}): at least ${config.PASSWORD_MIN_LENGTH} characters of ${config.PASSWORD_CLASSES} kinds`);
}

export const commands: Record<string, Command> = {
  async serve(config) {
    const t0 = Date.now();
    const server = await startServer(config, { announce: (l) => console.log(l) });
    const lines = [
      '',
      `同心 Tongxin is running at ${server.url}  (${server.services.database.engine}, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      `  管理端 admin app: ${server.url}/      移动端 H5: ${server.url}/h5/      API docs: ${server.url}/api/docs`,
    ];
    if (config.SEED_DEMO) lines.push('', '演示账号 demo logins (username / password / role):', ...demoLoginLines(config));
    console.log(lines.join('\n') + '\n');
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },

  async migrate(config) {
    await withServices(config, async (s) => console.log(`migrations applied (${s.database.engine})`));
  },

  async seed(config, v) {
    const scale = str(v.scale) ?? 'demo';
    if (scale !== 'demo' && scale !== 'city') throw new Error('--scale must be demo or city');
    await withServices(config, async (s) => {
      if (!(await isEmpty(s.database.db))) throw new Error('the database already holds regions; seed only an empty database');
      const bar = new cliProgress.SingleBar({ format: '{stage} [{bar}] {value}/{total}', hideCursor: true }, cliProgress.Presets.shades_classic);
      let stage = '';
      const r = await seedDemoCity(s.database.db, s.crypto, {
        scale,
        seed: str(v.seed) ? Number(v.seed) : undefined,
        password: config.DEMO_PASSWORD,
        onProgress: (st, done, total) => {
          if (st !== stage) {
            if (stage) bar.stop();
            stage = st;
            bar.start(total, 0, { stage: st.padEnd(8) });
          }
          bar.update(done);
        },
      });
      bar.stop();
      if (!r) throw new Error('another process seeded the database first');
      await sealAudit(s.database.db);
      console.log(`seeded ${r.regions} regions, ${r.units} units, ${r.orgs} orgs, ${r.users.length} users`);
    });
  },

  async import(config, v, pos) {
    if (pos[0] !== 'regions') throw new Error('usage: tongxin import regions --file F [--format geojson|xlsx] [--crs …]');
    const file = str(v.file);
    if (!file) throw new Error('--file is required');
    const format = str(v.format) ?? (file.endsWith('.xlsx') ? 'xlsx' : 'geojson');
    const crs = str(v.crs) ?? 'wgs84';
    if (!isCrs(crs)) throw new Error('--crs must be wgs84, gcj02 or bd09');
    await withServices(config, async (s) => {
      const parsed = format === 'xlsx' ? await recordsFromExcel(readFileSync(file)) : recordsFromGeoJson(JSON.parse(readFileSync(file, 'utf8')));
      const city = await firstCity(s);
      try {
        const r = await s.database.db.transaction(async (tx) => {
          const out = await importRecords(tx, { cityId: city.cityId, crs, scopeRoots: ['/'], ...parsed });
          await cliAudit(s, tx, 'regions.import', { file: path.basename(file), ...out }, city.cityId);
          return out;
        });
        console.log(`imported: ${r.created} created, ${r.updated} updated`);
      } catch (err) {
        if (err instanceof AppError && Array.isArray(err.extra?.errors)) {
          for (const e of err.extra.errors as Array<{ row: number; field: string; message: string }>) console.error(`row ${e.row} ${e.field}: ${e.message}`);
          throw new Error('nothing was imported');
        }
        throw err;
      }
    });
  },

  async export(config, v, pos) {
    if (pos[0] !== 'regions') throw new Error('usage: tongxin export regions [--root CODE] [--format geojson|xlsx] [--out F]');
    await withServices(config, async (s) => {
      const city = await firstCity(s);
      const root = str(v.root) ? await regionByCode(s.database.db, city.cityId, str(v.root)!) : city;
      if (!root) throw new Error(`no region with code ${String(v.root)}`);
      const rows = await subtree(s.database.db, root, { includeBuildings: v.buildings === true });
      const codes = parentCodes(rows, null);
      const format = str(v.format) ?? 'geojson';
      const out = str(v.out) ?? `${root.code}.${format === 'xlsx' ? 'xlsx' : 'geojson'}`;
      writeFileSync(out, format === 'xlsx' ? await toWorkbook(rows, codes) : JSON.stringify(toFeatureCollection(rows, codes)));
      console.log(`exported ${rows.length} regions to ${out}`);
    });
  },

  async user(config, v, pos) {
    const sub = pos[0];
    await withServices(config, async (s) => {
      const { db } = s.database;
      if (sub === 'list') {
        const rows = await db.select().from(users).orderBy(asc(users.username));
        const grants = await grantsOfUsers(db, rows.map((r) => r.id));
        for (const u of rows) {
          const g = (grants.get(u.id) ?? []).map((x) => `${x.role}@${x.regionName}`).join(', ');
          console.log(`${u.username.padEnd(16)} ${u.status.padEnd(9)} ${u.displayName}  ${g}`);
        }
        return;
      }
      const username = str(v.username);
      if (!username) throw new Error('--username is required');
      if (sub === 'create') {
        const role = str(v.role);
        if (!role || !isRole(role)) throw new Error('--role must be one of the roles in docs/architecture.md');
        const city = await firstCity(s);
        const region = await regionByCode(db, city.cityId, str(v.region) ?? city.code);
        if (!region) throw new Error(`no region with code ${String(v.region)}`);
        const password = str(v.password);
        if (!password) throw new Error('--password is required (the user must change it at first login)');
        assertPolicy(config, password);
        const passwordHash = await hashPassword(password);
        await db.transaction(async (tx) => {
          const { user } = await createUser(tx, s.crypto, null, city.cityId, {
            username,
            displayName: str(v.name) ?? username,
            passwordHash,
            grants: [{ role, regionId: region.id }],
            mustChangePassword: true,
          });
          await cliAudit(s, tx, 'users.create', { userId: user.id, role }, city.cityId);
        });
        console.log(`created ${username} as ${role} at ${region.name}; the password must be changed at first login`);
        return;
      }
      if (sub === 'reset-password' || sub === 'unlock') {
        const password = str(v.password);
        if (sub === 'reset-password' && !password) throw new Error('--password is required');
        if (password) assertPolicy(config, password);
        const hash = password ? await hashPassword(password) : null;
        await db.transaction(async (tx) => {
          const [u] = await tx
            .update(users)
            .set({
              failedLogins: 0,
              lockedUntil: null,
              ...(hash ? { passwordHash: hash, mustChangePassword: true, passwordChangedAt: new Date() } : {}),
              updatedAt: new Date(),
            })
            .where(and(eq(users.username, username)))
            .returning({ id: users.id, cityId: users.cityId });
          if (!u) throw new Error(`no user ${username}`);
          if (hash) await revokeUserSessions(tx, u.id);
          await cliAudit(s, tx, sub === 'unlock' ? 'users.unlock' : 'users.password_reset', { userId: u.id }, u.cityId);
        });
        console.log(`${sub}: done for ${username}`);
        return;
      }
      throw new Error('usage: tongxin user list | create | reset-password | unlock');
    });
  },

  async city(config, v, pos) {
    if (pos[0] !== 'create') throw new Error('usage: tongxin city create --name 海口市 --code 460100 [--file boundary.geojson] [--crs wgs84|gcj02|bd09]');
    const name = str(v.name);
    const code = str(v.code);
    if (!name || !code) throw new Error('--name and --code are required');
    const crs = str(v.crs) ?? 'wgs84';
    if (!isCrs(crs)) throw new Error('--crs must be wgs84, gcj02 or bd09');
    const file = str(v.file);
    let boundary: unknown;
    if (file) {
      const g = JSON.parse(readFileSync(file, 'utf8')) as { type?: string; geometry?: unknown; features?: Array<{ geometry?: unknown }> };
      boundary = g.type === 'FeatureCollection' ? g.features?.[0]?.geometry : g.type === 'Feature' ? g.geometry : g;
    }
    await withServices(config, async (s) => {
      const city = await s.database.db.transaction(async (tx) => {
        const r = await createRegion(tx, { parentId: null, level: 'city', name, code, boundary, crs });
        await cliAudit(s, tx, 'regions.create', { regionId: r.id, code, level: 'city' }, r.cityId);
        return r;
      });
      console.log(`created city ${city.name} (${city.code}); next: import its districts, streets, communities and grids with \`tongxin import regions\`, then \`tongxin user create --role admin --region ${city.code}\``);
    });
  },

  async pb(_config, v, pos) {
    pb(v, pos);
  },

  async points(config, v, pos) {
    const kind = str(v.kind);
    if (pos[0] !== 'verify' || (kind !== undefined && kind !== 'party' && kind !== 'credit')) throw new Error('usage: tongxin points verify [--kind party|credit]');
    await withServices(config, async (s) => {
      const r = await verifyPoints(s.database.db, { kind: kind as 'party' | 'credit' | undefined });
      console.log(JSON.stringify(r));
      if (!r.ok) process.exitCode = 1;
    });
  },

  async audit(config, _v, pos) {
    if (pos[0] !== 'verify') throw new Error('usage: tongxin audit verify');
    await withServices(config, async (s) => {
      const sealed = await sealAudit(s.database.db);
      const r = await verifyAuditChain(s.database.db);
      console.log(JSON.stringify({ sealedNow: sealed, ...r }));
      if (!r.ok) process.exitCode = 1;
    });
  },
};
