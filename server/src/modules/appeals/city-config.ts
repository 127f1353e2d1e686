import { and, asc, eq, sql } from 'drizzle-orm';
import type { Services } from '../../platform/services.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { roleGrants } from '../../platform/access/schema.js';
import { accessGeneration } from '../../platform/access/changes.js';
import { regions } from '../regions/schema.js';
import { departments } from '../departments/schema.js';
import type { DepartmentRow } from '../departments/queries.js';
import type { CategoryRow } from './categories.js';
import type { RoutingRuleRow } from './routing.js';
import { appealCategories, appealRoutingRules } from './schema.js';

/**
 * What intake reads of a city's configuration — its path, the category tree, the routing rules, the
 * departments and the grid workers — kept per process.
 *
 * Freshness: at most once every RECHECK_MS (1 s) per city, intake asks the database one cheap question (row
 * counts and latest change times of the four tables, for the city) and reloads when the answer differs;
 * categories and departments bump `updated_at` on every change, routing rules and grants are only inserted
 * or deleted, so the answer catches every change made through the application. A change made through this
 * process's configuration routes is forgotten at once (`forgetCityConfig`, called after the commit), as is the
 * whole memory on a change of grants in this process (`accessChanged`); one made
 * by another process is seen within RECHECK_MS. As a backstop the configuration is reloaded every minute.
 */
export interface CityConfig {
  version: string;
  loadedAt: number;
  checkedAt: number;
  cityPath: string;
  categories: Map<string, CategoryRow>;
  /** Categories with at least one active child (not leaves). */
  withActiveChild: Set<string>;
  rules: RoutingRuleRow[];
  departments: DepartmentRow[];
  /** Grid → its worker for straight-to-grid dispatch: the first grid worker granted there. */
  gridWorkers: Map<string, string>;
  /** accessGeneration() when loaded: a grant changed in this process since makes it stale. */
  accessGeneration: number;
}

const RECHECK_MS = 1000;
const MAX_AGE_MS = 60_000;
const configs = new WeakMap<Services, Map<string, CityConfig>>();
/** One version question in flight per city: a burst of intakes shares it. */
const pending = new WeakMap<Services, Map<string, Promise<CityConfig>>>();
/** Bumped by every forget: a reload that began before it is used once but not kept. */
const generations = new WeakMap<Services, Map<string, number>>();

async function rowsOf<T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

function perService<V>(map: WeakMap<Services, Map<string, V>>, services: Services): Map<string, V> {
  let m = map.get(services);
  if (!m) map.set(services, (m = new Map()));
  return m;
}

export async function cityConfig(services: Services, cityId: string): Promise<CityConfig> {
  const cached = perService(configs, services).get(cityId);
  const now = Date.now();
  if (cached && now - cached.checkedAt < RECHECK_MS && cached.accessGeneration === accessGeneration()) return cached;
  const inFlight = perService(pending, services);
  let p = inFlight.get(cityId);
  if (!p) {
    p = refresh(services, cityId, cached).finally(() => inFlight.delete(cityId));
    inFlight.set(cityId, p);
  }
  return p;
}

/** Forget a city's configuration in this process: the next intake reloads it. Call after the change commits. */
export function forgetCityConfig(services: Services, cityId: string): void {
  perService(configs, services).delete(cityId);
  perService(pending, services).delete(cityId);
  const g = perService(generations, services);
  g.set(cityId, (g.get(cityId) ?? 0) + 1);
}

async function refresh(services: Services, cityId: string, cached: CityConfig | undefined): Promise<CityConfig> {
  const { db } = services.database;
  const checkedAt = Date.now();
  const access = accessGeneration();
  const generation = perService(generations, services).get(cityId) ?? 0;
  const current = () => (perService(generations, services).get(cityId) ?? 0) === generation && accessGeneration() === access;
  const [v] = await rowsOf<{ v: string }>(
    db,
    sql`select (select count(*) || ':' || coalesce(max(updated_at)::text, '') from appeal_categories where city_id = ${cityId})
            || '|' || (select count(*) || ':' || coalesce(max(created_at)::text, '') from appeal_routing_rules where city_id = ${cityId})
            || '|' || (select count(*) || ':' || coalesce(max(updated_at)::text, '') from departments where city_id = ${cityId})
            || '|' || (select count(*) || ':' || coalesce(max(created_at)::text, '') from role_grants where city_id = ${cityId} and role = 'grid_worker') as v`,
  );
  const version = v!.v;
  if (cached && cached.version === version && cached.accessGeneration === access && checkedAt - cached.loadedAt < MAX_AGE_MS) {
    if (current()) cached.checkedAt = checkedAt;
    return cached;
  }
  const [city, cats, rules, depts, workers] = await Promise.all([
    db.select({ path: regions.path }).from(regions).where(eq(regions.id, cityId)).limit(1),
    db.select().from(appealCategories).where(eq(appealCategories.cityId, cityId)).orderBy(asc(appealCategories.code)),
    db.select().from(appealRoutingRules).where(eq(appealRoutingRules.cityId, cityId)),
    db.select().from(departments).where(eq(departments.cityId, cityId)),
    db
      .select({ gridId: roleGrants.regionId, userId: roleGrants.userId })
      .from(roleGrants)
      .where(and(eq(roleGrants.cityId, cityId), eq(roleGrants.role, 'grid_worker')))
      .orderBy(asc(roleGrants.createdAt), asc(roleGrants.id)),
  ]);
  const gridWorkers = new Map<string, string>();
  for (const w of workers) if (!gridWorkers.has(w.gridId)) gridWorkers.set(w.gridId, w.userId);
  const config: CityConfig = {
    version,
    loadedAt: checkedAt,
    checkedAt,
    cityPath: city[0]!.path,
    categories: new Map(cats.map((c) => [c.id, c])),
    withActiveChild: new Set(cats.filter((c) => c.active && c.parentId).map((c) => c.parentId!)),
    rules,
    departments: depts,
    gridWorkers,
    accessGeneration: access,
  };
  if (current()) perService(configs, services).set(cityId, config);
  return config;
}

/** A category and its ancestors, nearest first (as `categoryChain`, from the cached tree). */
export function chainOf(config: CityConfig, category: CategoryRow): CategoryRow[] {
  const chain: CategoryRow[] = [];
  let cur: CategoryRow | undefined = category;
  while (cur && chain.length < 6) {
    chain.push(cur);
    cur = cur.parentId ? config.categories.get(cur.parentId) : undefined;
  }
  return chain;
}
