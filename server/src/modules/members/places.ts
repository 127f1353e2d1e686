import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { inSubtree } from '../../platform/access/scope.js';
import { regions } from '../regions/schema.js';
import { units } from '../units/schema.js';
import { partyOrgs } from '../orgs/schema.js';

const within = (path: string, roots: readonly string[]) => roots.some((r) => inSubtree(path, r));

export interface MemberPlaces {
  orgId: string | null;
  unitId: string | null;
  buildingId: string | null;
  gridId: string | null;
  /** Where the member sits for scope checks: residence building, else the org's region, else the unit's. */
  regionPath: string;
}

/**
 * Resolves a member's Party organisation, work unit and residence building by id, each within the caller's area
 * (404 naming the field otherwise). At least one of them must be given, so that the member sits somewhere.
 */
export async function resolvePlaces(
  db: DbOrTx,
  cityId: string,
  roots: readonly string[],
  ids: { orgId?: string | null; unitId?: string | null; buildingId?: string | null },
): Promise<MemberPlaces> {
  let orgPath: string | null = null;
  let unitPath: string | null = null;
  let building: { id: string; path: string; parentId: string | null } | null = null;
  if (ids.orgId) {
    const [o] = await db.select({ path: partyOrgs.regionPath, cityId: partyOrgs.cityId }).from(partyOrgs).where(eq(partyOrgs.id, ids.orgId)).limit(1);
    if (!o || o.cityId !== cityId || !within(o.path, roots)) throw notFound('org', 'orgId');
    orgPath = o.path;
  }
  if (ids.unitId) {
    const [u] = await db.select({ path: units.regionPath, cityId: units.cityId }).from(units).where(eq(units.id, ids.unitId)).limit(1);
    if (!u || u.cityId !== cityId || !within(u.path, roots)) throw notFound('unit', 'unitId');
    unitPath = u.path;
  }
  if (ids.buildingId) {
    const [b] = await db
      .select({ id: regions.id, path: regions.path, parentId: regions.parentId, level: regions.level, cityId: regions.cityId })
      .from(regions)
      .where(eq(regions.id, ids.buildingId))
      .limit(1);
    if (!b || b.cityId !== cityId || !within(b.path, roots)) throw notFound('region', 'buildingId');
    if (b.level !== 'building') throw badRequest('member_not_a_building', 'buildingId');
    building = b;
  }
  const regionPath = building?.path ?? orgPath ?? unitPath;
  if (!regionPath) throw badRequest('member_place_required', 'buildingId');
  return { orgId: ids.orgId ?? null, unitId: ids.unitId ?? null, buildingId: building?.id ?? null, gridId: building?.parentId ?? null, regionPath };
}

/** The community above a region path (its ancestor at the community level), or null. */
export async function communityOf(db: DbOrTx, path: string) {
  const segs = path.split('/').filter(Boolean);
  const prefixes = segs.map((_, i) => `/${segs.slice(0, i + 1).join('/')}/`);
  const [c] = await db
    .select({ id: regions.id, path: regions.path, name: regions.name })
    .from(regions)
    .where(and(inArray(regions.path, prefixes), eq(regions.level, 'community')))
    .limit(1);
  return c ?? null;
}
