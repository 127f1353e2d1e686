import { and, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { runCommand } from '../../platform/http/command.js';
import type { Services } from '../../platform/services.js';
import type { Tx } from '../../platform/db/client.js';
import { toWgs84, type Crs } from '../../platform/geo/crs.js';
import { validatePhone } from '../../platform/pii/id-number.js';
import { files } from '../../platform/files/schema.js';
import { regionLocator } from '../regions/service.js';
import { regions } from '../regions/schema.js';
import { categoryById, categoryChain } from './categories.js';
import { resolveRoute } from './routing.js';
import { rulesFor } from './deadlines.js';
import { apply, initialState, type AppealState, type AppealCommand } from './machine.js';
import { fingerprint, isFingerprint } from './duplicates/text.js';
import { rankCandidates, DEFAULT_DUPLICATE_OPTIONS } from './duplicates/candidates.js';
import { appealCallers, appeals, appealTransitions, type AppealChannel, type Urgency } from './schema.js';
import type { AppealRow } from './access.js';
import { persistTransition } from './persist.js';

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

/** The case number: date in Shanghai and a global sequence, e.g. 20261125-000123. */
async function nextNumber(tx: Tx, now: Date): Promise<string> {
  const res = (await tx.execute(sql`select nextval('appeal_number_seq')::bigint as n`)) as unknown as { rows: Array<{ n: number }> };
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `${day}-${String(res.rows[0]!.n).padStart(6, '0')}`;
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
  const { db } = services.database;
  const idempotencyKey = input.idempotencyKey ? `${auth.userId}:${input.idempotencyKey}` : null;
  if (idempotencyKey) {
    const existing = await byKey(services, auth.cityId, idempotencyKey);
    if (existing) {
      req.ctx.audited = true; // a replay changes nothing and was audited the first time
      return { appeal: existing, created: false, duplicates: [] };
    }
  }
  const category = await categoryById(db, input.categoryId);
  if (!category || category.cityId !== auth.cityId || !category.active) throw notFound('category', 'categoryId');
  const [child] = await db.select({ id: sql`1` }).from(sql`appeal_categories`).where(sql`parent_id = ${category.id} and active`).limit(1);
  if (child) throw badRequest('category_not_leaf', 'categoryId');
  const phone = input.contact?.phone ? validatePhone(input.contact.phone) : null;
  if (phone && !phone.ok) throw badRequest('phone_invalid', 'contact.phone');

  const point = input.point ? toWgs84(input.point.lng, input.point.lat, input.point.crs) : null;
  const found = point ? await regionLocator(services).locate(point[0], point[1]) : null;
  // A point in another city's grid (one deployment, several cities) is no grid of ours.
  const located = found && found.city?.id === auth.cityId ? found : null;
  const [city] = await db.select({ path: regions.path }).from(regions).where(eq(regions.id, auth.cityId)).limit(1);
  const regionPath = located?.grid.path ?? city!.path;
  const chain = await categoryChain(db, category.id);
  const route = await resolveRoute(db, { cityId: auth.cityId, chain, regionPath, gridId: located?.grid.id ?? null });
  const rules = rulesFor({ acceptHours: category.acceptHours, onSiteMinutes: route.mode === 'grid' ? category.onSiteMinutes : null, workingDays: category.workingDays }, input.urgency);
  const now = Date.now();
  const fp = fingerprint(`${input.title}\n${input.description}`);

  try {
    const appeal = await runCommand(services, req, input.action ?? 'appeals.create', async ({ tx, emit }) => {
      let state: AppealState = initialState({ now, calendar: services.calendar, rules });
      const number = await nextNumber(tx, new Date(now));
      const [row] = await tx
        .insert(appeals)
        .values({
          cityId: auth.cityId,
          number,
          channel: input.channel,
          categoryId: category.id,
          title: input.title,
          description: input.description,
          address: input.address ?? null,
          lng: point?.[0] ?? null,
          lat: point?.[1] ?? null,
          sourceCrs: input.point?.crs ?? 'wgs84',
          gridId: located?.grid.id ?? null,
          regionPath,
          urgency: input.urgency,
          anonymous: input.anonymous,
          reporterUserId: auth.userId,
          status: state.status,
          leadDepartmentId: route.leadDepartmentId,
          state: { ...state, rules } as unknown as Record<string, unknown>,
          fingerprint: fp,
          receivedAt: new Date(now),
          acceptBy: new Date(state.deadlines.acceptBy),
          onSiteBy: state.deadlines.onSiteBy === null ? null : new Date(state.deadlines.onSiteBy),
          dueBy: new Date(state.deadlines.dueBy),
          warnAt: new Date(state.deadlines.warnAt),
          idempotencyKey,
        })
        .returning();
      let appeal = row!;
      await tx.insert(appealTransitions).values({
        appealId: appeal.id,
        seq: 0,
        at: new Date(now),
        actorId: auth.userId,
        actorRole: input.channel,
        command: 'receive',
        fromStatus: 'received',
        toStatus: 'received',
        attachments: input.attachments ?? [],
        data: { channel: input.channel, route: route.decidedBy, gridId: located?.grid.id ?? null },
      });
      await tx.insert(appealCallers).values({
        appealId: appeal.id,
        originalAppealId: appeal.id,
        userId: input.onBehalfOf ?? (['resident', 'member'].some((r) => auth.roles.has(r as never)) ? auth.userId : null),
        nameEnc: input.contact?.name ? services.crypto.encrypt(input.contact.name, 'appeals.caller_name') : null,
        phoneEnc: phone?.ok ? services.crypto.encrypt(phone.normalized, 'appeals.caller_phone') : null,
        phoneBidx: phone?.ok ? services.crypto.blindIndex(phone.normalized, 'phone') : null,
        channel: input.channel,
        receivedAt: new Date(now),
      });
      if (input.attachments?.length) {
        const attached = await tx
          .update(files)
          .set({ ownerType: 'appeal', ownerId: appeal.id })
          .where(and(inArray(files.id, input.attachments), eq(files.uploadedBy, auth.userId), isNull(files.ownerId)))
          .returning({ id: files.id });
        if (attached.length !== input.attachments.length) throw badRequest('attachment_invalid', 'attachments');
      }
      // Into the queue, and for grid cases with a worker straight to the grid (直派).
      const system = { id: 'system', kind: 'system' as const };
      const steps: AppealCommand[] = [{ type: 'queue' }];
      if (route.mode === 'grid' && route.assigneeUserId) steps.push({ type: 'dispatch', mode: 'grid' });
      for (const cmd of steps) {
        const next = apply(state, cmd, { actor: system, now, calendar: services.calendar, rules });
        appeal = await persistTransition(tx, appeal, next, { actorId: null, actorRole: 'system', data: cmd.type === 'dispatch' ? { assigneeUserId: route.assigneeUserId } : undefined }, {
          ...(cmd.type === 'dispatch' ? { mode: 'grid' as const, assigneeUserId: route.assigneeUserId } : {}),
        });
        state = next.state;
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
    const duplicates = await suggestDuplicates(services, appeal);
    return { appeal, created: true, duplicates };
  } catch (err) {
    if (idempotencyKey && isUniqueViolation(err, 'appeals_idempotency_uq')) {
      const existing = await byKey(services, auth.cityId, idempotencyKey);
      if (existing) {
        req.ctx.audited = true;
        return { appeal: existing, created: false, duplicates: [] };
      }
    }
    throw err;
  }
}

/** Open or recently closed cases of the same category nearby with similar text, best first. */
export async function suggestDuplicates(services: Services, appeal: AppealRow) {
  const { db } = services.database;
  const category = await categoryById(db, appeal.categoryId);
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
    conds.push(
      or(
        isNull(appeals.lng),
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
