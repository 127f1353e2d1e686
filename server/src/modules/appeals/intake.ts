import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { runCommand } from '../../platform/http/command.js';
import type { Services } from '../../platform/services.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { toWgs84, type Crs } from '../../platform/geo/crs.js';
import type { GridLocator } from '../../platform/geo/index.js';
import { validatePhone } from '../../platform/pii/id-number.js';
import { files } from '../../platform/files/schema.js';
import { regionLocator } from '../regions/service.js';
import { regions } from '../regions/schema.js';
import { departments } from '../departments/schema.js';
import type { DepartmentRow } from '../departments/queries.js';
import type { CategoryRow } from './categories.js';
import { resolveRoute, type RoutingRuleRow } from './routing.js';
import { rulesFor } from './deadlines.js';
import { apply, initialState, type AppealState, type AppealCommand } from './machine.js';
import { fingerprint, isFingerprint } from './duplicates/text.js';
import { rankCandidates, DEFAULT_DUPLICATE_OPTIONS } from './duplicates/candidates.js';
import { appealCallers, appealCategories, appealRoutingRules, appeals, appealTransitions, type AppealChannel, type Urgency } from './schema.js';
import type { AppealRow } from './access.js';

export interface IntakeInput {
  channel: AppealChannel;
  categoryId: string;
  title: string;
  description: string;
  address?: string | null;
  point?: { lng: number; lat: number; crs: Crs } | null;
  urgency: Urgency;
  anonymous: boolean;
  contact?: { name?: string | null; phone?: string | null } | null;
  /** The resident on whose behalf a building leader or dispatcher files, when known. */
  onBehalfOf?: string | null;
  attachments?: string[];
  /** The client's Idempotency-Key; kept per reporter, so one caller's key never returns another's case. */
  idempotencyKey?: string | null;
  /** The audit action, when a channel has its own (Open311 files 'open311.create'). */
  action?: string;
}

const DAY = 86_400_000;

/**
 * The case number: date in Shanghai and a global sequence, e.g. 20261125-000123. Computed in the INSERT itself
 * (one statement less per intake); six digits at least, more once the sequence passes 999,999.
 */
function numberSql(now: number) {
  const day = new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return sql`${`${day}-`} || (select case when n < 1000000 then lpad(n::text, 6, '0') else n::text end from (select nextval('appeal_number_seq') as n) s)`;
}

/**
 * What intake reads of a city's configuration — its path, the category tree, the routing rules and the
 * departments — kept per process and reloaded when it changes. Every intake asks the database one cheap
 * question (row counts and latest change times of the three tables, for the city) instead of six to nine
 * look-ups; a change made by any process is seen by the next intake. Categories and departments bump
 * `updated_at` on every change and routing rules are only inserted or deleted, so the version catches every
 * change made through the application; as a backstop the cache is reloaded at least every minute.
 */
interface CityConfig {
  version: string;
  loadedAt: number;
  cityPath: string;
  categories: Map<string, CategoryRow>;
  /** Categories with at least one active child (not leaves). */
  withActiveChild: Set<string>;
  rules: RoutingRuleRow[];
  departments: DepartmentRow[];
}

const CONFIG_MAX_AGE_MS = 60_000;
const configs = new WeakMap<Services, Map<string, CityConfig>>();

async function rowsOf<T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

async function cityConfig(services: Services, cityId: string): Promise<CityConfig> {
  const { db } = services.database;
  let perCity = configs.get(services);
  if (!perCity) configs.set(services, (perCity = new Map()));
  const [v] = await rowsOf<{ v: string }>(
    db,
    sql`select (select count(*) || ':' || coalesce(max(updated_at)::text, '') from appeal_categories where city_id = ${cityId})
            || '|' || (select count(*) || ':' || coalesce(max(created_at)::text, '') from appeal_routing_rules where city_id = ${cityId})
            || '|' || (select count(*) || ':' || coalesce(max(updated_at)::text, '') from departments where city_id = ${cityId}) as v`,
  );
  const version = v!.v;
  const cached = perCity.get(cityId);
  if (cached && cached.version === version && Date.now() - cached.loadedAt < CONFIG_MAX_AGE_MS) return cached;
  const [city, cats, rules, depts] = await Promise.all([
    db.select({ path: regions.path }).from(regions).where(eq(regions.id, cityId)).limit(1),
    db.select().from(appealCategories).where(eq(appealCategories.cityId, cityId)).orderBy(asc(appealCategories.code)),
    db.select().from(appealRoutingRules).where(eq(appealRoutingRules.cityId, cityId)),
    db.select().from(departments).where(eq(departments.cityId, cityId)),
  ]);
  const config: CityConfig = {
    version,
    loadedAt: Date.now(),
    cityPath: city[0]!.path,
    categories: new Map(cats.map((c) => [c.id, c])),
    withActiveChild: new Set(cats.filter((c) => c.active && c.parentId).map((c) => c.parentId!)),
    rules,
    departments: depts,
  };
  perCity.set(cityId, config);
  return config;
}

/** A category and its ancestors, nearest first (as `categoryChain`, from the cached tree). */
function chainOf(config: CityConfig, category: CategoryRow): CategoryRow[] {
  const chain: CategoryRow[] = [];
  let cur: CategoryRow | undefined = category;
  while (cur && chain.length < 6) {
    chain.push(cur);
    cur = cur.parentId ? config.categories.get(cur.parentId) : undefined;
  }
  return chain;
}

/**
 * Point → grid (id, path, city) from the region locator's index and a map of the grids it was built from.
 * The map belongs to one index instance: when grids change, the locator builds a new index and the map is
 * read again with it. Regions never move, so a grid's path and city cannot go stale meanwhile.
 */
const gridMaps = new WeakMap<GridLocator, Promise<Map<string, { path: string; cityId: string }>>>();

async function locateGrid(services: Services, lng: number, lat: number) {
  const index = await regionLocator(services).locator();
  const gridId = index.locate(lng, lat);
  if (!gridId) return null;
  let map = gridMaps.get(index);
  if (!map) {
    map = services.database.db
      .select({ id: regions.id, path: regions.path, cityId: regions.cityId })
      .from(regions)
      .where(eq(regions.level, 'grid'))
      .then((rows) => new Map(rows.map((r) => [r.id, { path: r.path, cityId: r.cityId }])));
    gridMaps.set(index, map);
    map.catch(() => gridMaps.delete(index));
  }
  const grid = (await map).get(gridId);
  return grid ? { id: gridId, ...grid } : null;
}

const byKey = async (services: Services, cityId: string, key: string) =>
  (await services.database.db.select().from(appeals).where(and(eq(appeals.cityId, cityId), eq(appeals.idempotencyKey, key))).limit(1))[0];

const isUniqueViolation = (err: unknown, constraint: string) => {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  return (e.code ?? e.cause?.code) === '23505' && (e.constraint ?? e.cause?.constraint) === constraint;
};

/**
 * Intake: create the case, locate it (point → grid → community → street), route it, and — for grid
 * cases with a worker — dispatch it straight to the grid (直派). Everything in one transaction with its
 * audit entry and event; a retry with the same Idempotency-Key returns the first case.
 */
export async function intake(services: Services, req: FastifyRequest, input: IntakeInput) {
  const auth = req.ctx.auth!;
  const idempotencyKey = input.idempotencyKey ? `${auth.userId}:${input.idempotencyKey}` : null;
  // No look-up of the key first: a retry finds its case through the unique index on the key (below), which
  // also settles two copies of one request arriving together. First attempts, the usual case, save a query.
  const config = await cityConfig(services, auth.cityId);
  const category = config.categories.get(input.categoryId);
  if (!category || category.cityId !== auth.cityId || !category.active) throw notFound('category', 'categoryId');
  if (config.withActiveChild.has(category.id)) throw badRequest('category_not_leaf', 'categoryId');
  const phone = input.contact?.phone ? validatePhone(input.contact.phone) : null;
  if (phone && !phone.ok) throw badRequest('phone_invalid', 'contact.phone');

  const point = input.point ? toWgs84(input.point.lng, input.point.lat, input.point.crs) : null;
  const found = point ? await locateGrid(services, point[0], point[1]) : null;
  // A point in another city's grid (one deployment, several cities) is no grid of ours.
  const grid = found && found.cityId === auth.cityId ? found : null;
  const regionPath = grid?.path ?? config.cityPath;
  const chain = chainOf(config, category);
  const route = await resolveRoute(services.database.db, { cityId: auth.cityId, chain, regionPath, gridId: grid?.id ?? null }, config);
  const rules = rulesFor({ acceptHours: category.acceptHours, onSiteMinutes: route.mode === 'grid' ? category.onSiteMinutes : null, workingDays: category.workingDays }, input.urgency);
  const now = Date.now();
  const at = new Date(now);
  const fp = fingerprint(`${input.title}\n${input.description}`);

  // Receipt, into the queue, and for grid cases with a worker straight to the grid (直派): the machine takes
  // the steps in memory, and the case is written once in its final state with one transition row per step —
  // the same rows as writing each step (persistTransition) would leave, in three statements instead of seven.
  const system = { id: 'system', kind: 'system' as const };
  const steps: AppealCommand[] = [{ type: 'queue' }];
  if (route.mode === 'grid' && route.assigneeUserId) steps.push({ type: 'dispatch', mode: 'grid' });
  let state: AppealState = initialState({ now, calendar: services.calendar, rules });
  const received = state.status;
  const stepRows: Array<Omit<typeof appealTransitions.$inferInsert, 'appealId'>> = [];
  for (const cmd of steps) {
    const next = apply(state, cmd, { actor: system, now, calendar: services.calendar, rules });
    const t = next.transition;
    stepRows.push({
      seq: stepRows.length + 1,
      at,
      actorId: null,
      actorRole: 'system',
      command: t.command,
      fromStatus: t.from,
      toStatus: t.to,
      note: t.note ?? null,
      attachments: [...(t.attachments ?? [])],
      data: cmd.type === 'dispatch' ? { assigneeUserId: route.assigneeUserId } : null,
    });
    state = next.state;
  }
  const dispatched = steps.some((c) => c.type === 'dispatch');

  try {
    const appeal = await runCommand(services, req, input.action ?? 'appeals.create', async ({ tx, emit }) => {
      const [row] = await tx
        .insert(appeals)
        .values({
          cityId: auth.cityId,
          number: numberSql(now),
          channel: input.channel,
          categoryId: category.id,
          title: input.title,
          description: input.description,
          address: input.address ?? null,
          lng: point?.[0] ?? null,
          lat: point?.[1] ?? null,
          sourceCrs: input.point?.crs ?? 'wgs84',
          gridId: grid?.id ?? null,
          regionPath,
          urgency: input.urgency,
          anonymous: input.anonymous,
          reporterUserId: auth.userId,
          status: state.status,
          mode: dispatched ? 'grid' : state.mode,
          leadDepartmentId: route.leadDepartmentId,
          assigneeUserId: dispatched ? route.assigneeUserId : null,
          bounceCount: state.bounceCount,
          reopenCount: state.reopenCount,
          mergedIntoId: state.mergedInto,
          satisfaction: state.satisfaction,
          state: { ...state, rules } as unknown as Record<string, unknown>,
          fingerprint: fp,
          receivedAt: at,
          acceptBy: new Date(state.deadlines.acceptBy),
          onSiteBy: state.deadlines.onSiteBy === null ? null : new Date(state.deadlines.onSiteBy),
          dueBy: new Date(state.deadlines.dueBy),
          warnAt: new Date(state.deadlines.warnAt),
          dispatchedAt: dispatched ? at : null,
          idempotencyKey,
          version: steps.length,
          updatedAt: at,
        })
        .returning();
      const appeal = row!;
      await tx.insert(appealTransitions).values([
        {
          appealId: appeal.id,
          seq: 0,
          at,
          actorId: auth.userId,
          actorRole: input.channel,
          command: 'receive',
          fromStatus: received,
          toStatus: received,
          attachments: input.attachments ?? [],
          data: { channel: input.channel, route: route.decidedBy, gridId: grid?.id ?? null },
        },
        ...stepRows.map((r) => ({ ...r, appealId: appeal.id })),
      ]);
      await tx.insert(appealCallers).values({
        appealId: appeal.id,
        originalAppealId: appeal.id,
        userId: input.onBehalfOf ?? (['resident', 'member'].some((r) => auth.roles.has(r as never)) ? auth.userId : null),
        nameEnc: input.contact?.name ? services.crypto.encrypt(input.contact.name, 'appeals.caller_name') : null,
        phoneEnc: phone?.ok ? services.crypto.encrypt(phone.normalized, 'appeals.caller_phone') : null,
        phoneBidx: phone?.ok ? services.crypto.blindIndex(phone.normalized, 'phone') : null,
        channel: input.channel,
        receivedAt: at,
      });
      if (input.attachments?.length) {
        const attached = await tx
          .update(files)
          .set({ ownerType: 'appeal', ownerId: appeal.id })
          .where(and(inArray(files.id, input.attachments), eq(files.uploadedBy, auth.userId), isNull(files.ownerId)))
          .returning({ id: files.id });
        if (attached.length !== input.attachments.length) throw badRequest('attachment_invalid', 'attachments');
      }
      await emit({ type: 'appeal.received', subjectId: appeal.id, payload: { appealId: appeal.id, categoryId: category.id, mode: route.mode } });
      return {
        value: appeal,
        subjectType: 'appeal',
        subjectId: appeal.id,
        cityId: appeal.cityId,
        regionPath: appeal.regionPath,
        detail: { number: appeal.number, channel: input.channel, categoryId: category.id, status: appeal.status },
      };
    });
    const duplicates = await suggestDuplicates(services, appeal, category);
    return { appeal, created: true, duplicates };
  } catch (err) {
    if (idempotencyKey && isUniqueViolation(err, 'appeals_idempotency_uq')) {
      const existing = await byKey(services, auth.cityId, idempotencyKey);
      if (existing) {
        req.ctx.audited = true; // a replay changes nothing and was audited the first time
        return { appeal: existing, created: false, duplicates: [] };
      }
    }
    throw err;
  }
}

/** Open or recently closed cases of the same category nearby with similar text, best first. */
export async function suggestDuplicates(services: Services, appeal: AppealRow, known?: Pick<CategoryRow, 'id' | 'duplicateRadiusM'>) {
  const { db } = services.database;
  const category = known?.id === appeal.categoryId ? known : (await cityConfig(services, appeal.cityId)).categories.get(appeal.categoryId);
  const radius = category?.duplicateRadiusM ?? DEFAULT_DUPLICATE_OPTIONS.radiusMeters;
  const since = new Date(appeal.receivedAt.getTime() - 90 * DAY);
  const conds = [
    eq(appeals.cityId, appeal.cityId),
    eq(appeals.categoryId, appeal.categoryId),
    sql`${appeals.id} <> ${appeal.id}`,
    sql`${appeals.status} not in ('merged', 'not_accepted', 'answered')`,
    or(sql`${appeals.status} <> 'closed'`, gte(appeals.closedAt, new Date(appeal.receivedAt.getTime() - DEFAULT_DUPLICATE_OPTIONS.closedWithinDays * DAY))),
    gte(appeals.receivedAt, since),
  ];
  if (appeal.lng !== null && appeal.lat !== null) {
    // A bounding box around the radius narrows the pool on the index before the exact distance.
    const dLat = radius / 111_320;
    const dLng = radius / (111_320 * Math.cos((appeal.lat * Math.PI) / 180));
    // Cases without a point are candidates too. Intake sets lng and lat together, so `lat is null` says the
    // same as `lng is null`, and lets one index on (category_id, lat, …) serve both branches (see
    // docs/modules/appeals-metrics.md, "Indexes").
    conds.push(
      or(
        isNull(appeals.lat),
        and(gte(appeals.lng, appeal.lng - dLng), lte(appeals.lng, appeal.lng + dLng), gte(appeals.lat, appeal.lat - dLat), lte(appeals.lat, appeal.lat + dLat)),
      )!,
    );
  }
  const pool = await db
    .select({ id: appeals.id, number: appeals.number, title: appeals.title, status: appeals.status, categoryId: appeals.categoryId, lng: appeals.lng, lat: appeals.lat, closedAt: appeals.closedAt, fingerprint: appeals.fingerprint, receivedAt: appeals.receivedAt })
    .from(appeals)
    .where(and(...conds))
    .limit(2000);
  const fp = appeal.fingerprint;
  if (!isFingerprint(fp)) return [];
  const ranked = rankCandidates(
    { categoryId: appeal.categoryId, lng: appeal.lng, lat: appeal.lat, receivedAt: appeal.receivedAt.getTime(), fingerprint: fp },
    pool
      .filter((p) => isFingerprint(p.fingerprint))
      .map((p) => ({
        id: p.id,
        categoryId: p.categoryId,
        lng: p.lng,
        lat: p.lat,
        status: p.status === 'closed' ? ('closed' as const) : ('open' as const),
        closedAt: p.closedAt?.getTime() ?? null,
        fingerprint: p.fingerprint as never,
      })),
    { ...DEFAULT_DUPLICATE_OPTIONS, radiusMeters: radius },
  );
  const byId = new Map(pool.map((p) => [p.id, p]));
  return ranked.map((r) => ({ ...r, number: byId.get(r.id)!.number, title: byId.get(r.id)!.title, status: byId.get(r.id)!.status }));
}

export { AppError };
