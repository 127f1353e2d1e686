import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/services.js';
import { newId } from '../../platform/db/columns.js';
import { toWgs84, type Crs } from '../../platform/geo/crs.js';
import type { GridLocator } from '../../platform/geo/index.js';
import { validatePhone } from '../../platform/pii/id-number.js';
import { regionLocator } from '../regions/service.js';
import { regions } from '../regions/schema.js';
import { resolveRoute } from './routing.js';
import { rulesFor } from './deadlines.js';
import { apply, initialState, type AppealState, type AppealCommand } from './machine.js';
import { fingerprint } from './duplicates/text.js';
import { suggestDuplicates } from './duplicates/suggest.js';
import { DEFAULT_DUPLICATE_OPTIONS } from './duplicates/candidates.js';
import { cityConfig, chainOf } from './city-config.js';
import { writeIntake } from './intake-writer.js';
import type { appealTransitions, AppealChannel, Urgency } from './schema.js';

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

/** The case number's prefix: the date in Shanghai, e.g. "20261125-"; the writer appends the sequence (intake-writer.ts). */
function numberPrefix(now: number) {
  return `${new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')}-`;
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

/**
 * Intake: create the case, locate it (point → grid → community → street), route it, and — for grid
 * cases with a worker — dispatch it straight to the grid (直派). Decided here, in memory; written atomically
 * with its audit entry and event, together with the cases arriving at the same moment (intake-writer.ts); a
 * retry with the same Idempotency-Key returns the first case.
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
  // the same rows as writing each step (persistTransition) would leave.
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
  const id = newId();

  const written = await writeIntake(services, {
    appeal: {
      id,
      cityId: auth.cityId,
      number: numberPrefix(now),
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
    },
    transitions: [
      {
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
      ...stepRows,
    ],
    caller: {
      userId: input.onBehalfOf ?? (['resident', 'member'].some((r) => auth.roles.has(r as never)) ? auth.userId : null),
      nameEnc: input.contact?.name ? services.crypto.encrypt(input.contact.name, 'appeals.caller_name') : null,
      phoneEnc: phone?.ok ? services.crypto.encrypt(phone.normalized, 'appeals.caller_phone') : null,
      phoneBidx: phone?.ok ? services.crypto.blindIndex(phone.normalized, 'phone') : null,
      channel: input.channel,
      receivedAt: at,
    },
    attachments: input.attachments?.length ? { ids: input.attachments, uploadedBy: auth.userId } : null,
    audit: {
      cityId: auth.cityId,
      actorId: auth.userId,
      actorName: auth.username,
      action: input.action ?? 'appeals.create',
      subjectType: 'appeal',
      regionPath,
      ip: req.ctx.ip,
      requestId: req.ctx.requestId,
      result: 'ok',
      detail: { channel: input.channel, categoryId: category.id, status: state.status },
    },
    duplicateRadius: category.duplicateRadiusM ?? DEFAULT_DUPLICATE_OPTIONS.radiusMeters,
    event: { type: 'appeal.received', cityId: auth.cityId, actorId: auth.userId, payload: { appealId: id, categoryId: category.id, mode: route.mode } },
  });
  // Written and audited (or a replay, audited the first time): the error path must not add an entry.
  req.ctx.audited = true;
  return written;
}

export { suggestDuplicates };
export { AppError };
