import { and, eq } from 'drizzle-orm';
import type { Role } from '../../src/platform/access/roles.js';
import { ROLES } from '../../src/platform/access/roles.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { createUser } from '../../src/modules/users/commands.js';
import { createRegion } from '../../src/modules/regions/commands.js';
import { regions, type RegionLevel } from '../../src/modules/regions/schema.js';
import { DEMO_USERS } from '../../src/demo/seed.js';
import { DEMO_PASSWORD, login, type TestContext } from './harness.js';

type Node = { id: string; path: string; code: string; name: string };

/** Named places of the demo city: the 新安社区 branch ("in") and a branch in another district ("out"). */
export interface Places {
  city: Node;
  in: Record<Exclude<RegionLevel, 'city'>, Node>;
  out: Record<Exclude<RegionLevel, 'city'>, Node>;
}

export async function places(t: TestContext): Promise<Places> {
  const db = t.services.database.db;
  const one = async (where: ReturnType<typeof eq>) => {
    const [r] = await db.select().from(regions).where(where).limit(1);
    if (!r) throw new Error('fixture region missing');
    return { id: r.id, path: r.path, code: r.code, name: r.name, level: r.level, parentId: r.parentId };
  };
  const child = async (parentId: string) => {
    const rows = await db.select().from(regions).where(eq(regions.parentId, parentId)).orderBy(regions.code).limit(1);
    const r = rows[0];
    if (!r) throw new Error('fixture child missing');
    return { id: r.id, path: r.path, code: r.code, name: r.name };
  };
  const city = await one(eq(regions.level, 'city'));
  const community = await one(and(eq(regions.level, 'community'), eq(regions.name, '新安社区'))!);
  const street = await one(eq(regions.id, community.parentId!));
  const district = await one(eq(regions.id, street.parentId!));
  const grid = await child(community.id);
  const building = await child(grid.id);
  const otherDistrict = await one(and(eq(regions.level, 'district'), eq(regions.name, '秀英区'))!);
  const oStreet = await child(otherDistrict.id);
  const oCommunity = await child(oStreet.id);
  const oGrid = await child(oCommunity.id);
  const oBuilding = await child(oGrid.id);
  return {
    city,
    in: { district, street, community, grid, building },
    out: { district: otherDistrict, street: oStreet, community: oCommunity, grid: oGrid, building: oBuilding },
  };
}

let hash: Promise<string> | null = null;
const pwHash = () => (hash ??= hashPassword(DEMO_PASSWORD));
let counter = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Creates a user directly (no API, no audit) holding one grant. */
export async function makeUser(t: TestContext, role: Role, regionId: string, username = unique(`u_${role}_`)) {
  const user = await t.services.database.db.transaction(async (tx) => {
    const { user } = await createUser(tx, t.services.crypto, null, t.seed.cityId, {
      username,
      displayName: username,
      passwordHash: await pwHash(),
      grants: [{ role, regionId }],
      mustChangePassword: false,
    });
    return user;
  });
  return { id: user.id, username };
}

/** Creates a region directly under a parent (no API, no audit). */
export async function makeRegion(t: TestContext, parentId: string, level: RegionLevel) {
  return t.services.database.db.transaction((tx) =>
    createRegion(tx, { parentId, level, name: unique('测试'), code: unique('T'), crs: 'wgs84' }),
  );
}

/** The node where each role's "out" user is granted: same level as its demo grant, another district. */
export function outNode(p: Places, role: Role): Node {
  return p.out[levelOfDemo(role)];
}

function levelOfDemo(role: Role): Exclude<RegionLevel, 'city'> {
  switch (role) {
    case 'street_admin':
    case 'secretary':
      return 'street';
    case 'community_admin':
    case 'unit_admin':
    case 'merchant':
      return 'community';
    case 'grid_worker':
    case 'member':
    case 'resident':
      return 'grid';
    case 'building_leader':
      return 'building';
    default:
      return 'district';
  }
}

export interface Actor {
  role: Role;
  scope: 'in' | 'out';
  username: string;
  token: string;
}

/** One logged-in user per role in the demo branch, and one per role in the other district. */
export async function actors(t: TestContext, p: Places): Promise<Actor[]> {
  const out: Actor[] = [];
  for (const role of ROLES) {
    const demo = DEMO_USERS.find((u) => u.role === role)!;
    out.push({ role, scope: 'in', username: demo.username, token: await login(t.app, demo.username) });
    const u = await makeUser(t, role, outNode(p, role).id, `out_${role}`);
    out.push({ role, scope: 'out', username: u.username, token: await login(t.app, u.username) });
  }
  return out;
}

/** A 1×1 PNG: an uploaded photo (on-site check-in, attachments). */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
