import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../platform/db/client.js';
import type { Role } from '../platform/access/roles.js';
import type { CryptoProvider } from '../platform/pii/crypto-provider.js';
import { makeIdNumber } from '../platform/pii/id-number.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { writeAudit } from '../platform/audit/audit.js';
import { newId } from '../platform/db/columns.js';
import { regions } from '../modules/regions/schema.js';
import { units } from '../modules/units/schema.js';
import { partyOrgs } from '../modules/orgs/schema.js';
import { bboxOf, centroidOf } from '../modules/regions/geometry.js';
import { pathSegment } from '../modules/regions/levels.js';
import { nextRegionSeqs } from '../modules/regions/commands.js';
import { createUser } from '../modules/users/commands.js';
import { generateDemoCity } from './city-generator.js';
import { MODULES } from '../modules/index.js';
import type { DemoCity, DemoRegion } from './types.js';

/** One demo account per role, granted at a node named by the seeds where possible. */
export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role; at: (c: DemoIndex) => string }> = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', at: (c) => c.city },
  { username: 'orgdept', displayName: '市委组织部 王科长', role: 'org_dept', at: (c) => c.city },
  { username: 'street', displayName: '海甸街道党工委 李书记', role: 'street_admin', at: (c) => c.street },
  { username: 'community', displayName: '新安社区 陈书记', role: 'community_admin', at: (c) => c.community },
  { username: 'grid', displayName: '网格员 林小红', role: 'grid_worker', at: (c) => c.grid },
  { username: 'building', displayName: '党员楼长 符大伯', role: 'building_leader', at: (c) => c.building },
  { username: 'dispatcher', displayName: '12345 话务员 吴敏', role: 'dispatcher', at: (c) => c.city },
  { username: 'dept', displayName: '市政部门 黄工', role: 'dept_handler', at: (c) => c.city },
  { username: 'member', displayName: '在职党员 赵明', role: 'member', at: (c) => c.grid },
  { username: 'resident', displayName: '居民 周阿姨', role: 'resident', at: (c) => c.grid },
  { username: 'unit', displayName: '共建单位 海甸物业', role: 'unit_admin', at: (c) => c.community },
  { username: 'secretary', displayName: '企业秘书 郑帆', role: 'secretary', at: (c) => c.street },
  { username: 'merchant', displayName: '积分商户 椰香小馆', role: 'merchant', at: (c) => c.community },
];

interface DemoIndex {
  city: string;
  street: string;
  community: string;
  grid: string;
  building: string;
}

export interface SeedResult {
  cityId: string;
  regions: number;
  units: number;
  orgs: number;
  users: Array<{ username: string; role: Role; displayName: string }>;
}

const CHUNK = 1000;

async function insertChunks<T>(tx: Tx, rows: T[], insert: (chunk: T[]) => Promise<unknown>, onProgress?: (n: number) => void) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await insert(rows.slice(i, i + CHUNK));
    onProgress?.(Math.min(rows.length, i + CHUNK));
  }
}

/** True when the database holds no region yet (first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const res = (await db.execute(sql`select exists(select 1 from regions) as x`)) as unknown as { rows: Array<{ x: boolean }> };
  return !res.rows[0]?.x;
}

/**
 * Writes the generated demo city (regions, units, Party organisations) and one user per role, in one
 * transaction. Deterministic for a given seed, apart from ids and password salts.
 */
export async function seedDemoCity(
  db: Db,
  crypto: CryptoProvider,
  opts: { scale: 'demo' | 'city'; seed?: number; password: string; onProgress?: (stage: string, done: number, total: number) => void },
): Promise<SeedResult | null> {
  const city: DemoCity = generateDemoCity({ scale: opts.scale, seed: opts.seed });
  const passwordHash = await hashPassword(opts.password);
  return db.transaction(async (tx) => {
    // Processes starting together: one seeds, the others find the city there and do nothing.
    await tx.execute(sql`select pg_advisory_xact_lock(727274003)`);
    const [present] = ((await tx.execute(sql`select exists(select 1 from regions) as x`)) as unknown as { rows: Array<{ x: boolean }> }).rows;
    if (present?.x) return null;
    const ordered = [...city.regions].sort((a, b) => levelRank(a) - levelRank(b));
    const seqs = await nextRegionSeqs(tx, ordered.length);
    const byKey = new Map<string, { id: string; path: string; depth: number }>();
    const cityRoot = ordered[0]!;
    const cityId = newId();
    const rows = ordered.map((r, i) => {
      const parent = r.parentKey ? byKey.get(r.parentKey) : undefined;
      if (r.parentKey && !parent) throw new Error(`demo region ${r.key} has no parent ${r.parentKey}`);
      const id = r === cityRoot ? cityId : newId();
      const seq = seqs[i]!;
      const path = `${parent?.path ?? '/'}${pathSegment(seq)}`;
      const depth = (parent?.depth ?? -1) + 1;
      byKey.set(r.key, { id, path, depth });
      const geo = r.boundary
        ? (() => {
            const [minLng, minLat, maxLng, maxLat] = bboxOf(r.boundary);
            const [lng, lat] = centroidOf(r.boundary);
            return { boundary: r.boundary, lng, lat, minLng, minLat, maxLng, maxLat };
          })()
        : r.point
          ? { boundary: null, lng: r.point[0], lat: r.point[1], minLng: r.point[0], minLat: r.point[1], maxLng: r.point[0], maxLat: r.point[1] }
          : {};
      return {
        id,
        cityId,
        seq,
        parentId: parent?.id ?? null,
        level: r.level,
        kind: kindOf(r),
        name: r.name,
        code: r.code,
        path,
        depth,
        sourceCrs: 'wgs84',
        population: r.population ?? null,
        households: r.households ?? null,
        ...geo,
      };
    });
    await insertChunks(tx, rows, (c) => tx.insert(regions).values(c), (n) => opts.onProgress?.('regions', n, rows.length));

    const unitIds = new Map<string, string>();
    const unitRows = city.units.map((u) => {
      const region = byKey.get(u.regionKey)!;
      const id = newId();
      unitIds.set(u.key, id);
      return { id, cityId, regionId: region.id, regionPath: region.path, kind: u.kind, name: u.name, lng: u.point[0], lat: u.point[1] };
    });
    await insertChunks(tx, unitRows, (c) => tx.insert(units).values(c), (n) => opts.onProgress?.('units', n, unitRows.length));

    const orgIds = new Map<string, string>();
    for (const o of city.orgs) orgIds.set(o.key, newId());
    const orgRows = city.orgs.map((o) => {
      const unitRegion = o.unitKey ? city.units.find((u) => u.key === o.unitKey)?.regionKey : undefined;
      const region = byKey.get(o.regionKey ?? unitRegion ?? cityRoot.key)!;
      return {
        id: orgIds.get(o.key)!,
        cityId,
        parentId: o.parentKey ? (orgIds.get(o.parentKey) ?? null) : null,
        kind: o.kind,
        special: o.special ?? null,
        name: o.name,
        regionId: region.id,
        regionPath: region.path,
        unitId: o.unitKey ? (unitIds.get(o.unitKey) ?? null) : null,
      };
    });
    await insertChunks(tx, orgRows, (c) => tx.insert(partyOrgs).values(c), (n) => opts.onProgress?.('orgs', n, orgRows.length));

    const index = demoIndex(city, byKey);
    const created: SeedResult['users'] = [];
    for (const [i, u] of DEMO_USERS.entries()) {
      await createUser(tx, crypto, null, cityId, {
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        phone: `1390898${String(1000 + i).padStart(4, '0')}`,
        idNumber: makeIdNumber('460106', `19${70 + i}0${(i % 9) + 1}15`, 100 + i),
        grants: [{ role: u.role, regionId: u.at(index) }],
        mustChangePassword: false,
      });
      created.push({ username: u.username, role: u.role, displayName: u.displayName });
    }
    // Each module adds its own demo data (departments, categories, cases …).
    for (const m of MODULES) await m.demo?.(tx, cityId);
    await writeAudit(tx, {
      cityId,
      action: 'demo.seed',
      subjectType: 'city',
      subjectId: cityId,
      result: 'ok',
      detail: { scale: opts.scale, regions: rows.length, units: unitRows.length, orgs: orgRows.length, users: created.length },
    });
    return { cityId, regions: rows.length, units: unitRows.length, orgs: orgRows.length, users: created };
  });
}

const RANK = { city: 0, district: 1, street: 2, community: 3, grid: 4, building: 5 } as const;
const levelRank = (r: DemoRegion) => RANK[r.level];
const kindOf = (r: DemoRegion) =>
  r.level === 'street' ? (r.name.endsWith('镇') ? 'town' : 'street') : r.level === 'community' ? (r.name.endsWith('村') ? 'village' : 'community') : null;

function demoIndex(city: DemoCity, byKey: Map<string, { id: string }>): DemoIndex {
  const find = (pred: (r: DemoRegion) => boolean, what: string) => {
    const r = city.regions.find(pred);
    if (!r) throw new Error(`demo city lacks ${what}`);
    return r;
  };
  const cityR = find((r) => r.level === 'city', 'a city');
  const street = find((r) => r.level === 'street' && r.name === '海甸街道', '海甸街道');
  const community = find((r) => r.level === 'community' && r.name === '新安社区', '新安社区');
  const grid = find((r) => r.level === 'grid' && r.parentKey === community.key, 'a grid of 新安社区');
  const building = find((r) => r.level === 'building' && r.parentKey === grid.key, 'a building');
  const id = (r: DemoRegion) => byKey.get(r.key)!.id;
  return { city: id(cityR), street: id(street), community: id(community), grid: id(grid), building: id(building) };
}
