import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../../platform/http/app-types.js';
import type { Services } from '../../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../../platform/http/policy.js';
import { AppError, forbidden } from '../../../platform/errors.js';
import { DateOrInstant, periodEnd, periodStart } from '../date-params.js';
import { departmentsOfUser } from '../../departments/queries.js';
import { AREA_READERS } from '../access.js';
import { addCounts, emptyCounts, metricsOf, RATE_KEYS, redBlackLists, resolveWeights, type MetricWeights, type MetricWeightsOverride, type RawCounts } from './definitions.js';
import { GROUPINGS, supervisionList, SUPERVISION_REASONS, type Grouping, type MetricsScope, type Period, type UnitCounts } from './queries.js';
import { bounceCounts, countsByUnit } from './rollup/read.js';

const DAY = 86_400_000;
/** Default period: the 30 days up to now. Longest period: two years (a bounded scan). */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 731;

/**
 * from: a date means its start (00:00 Shanghai); to: a date means its end (the next day's 00:00 Shanghai, so
 * the day is included); instants are taken as they are, `to` exclusive.
 */
export function parsePeriod(from: string | undefined, to: string | undefined, now = Date.now()): Period {
  const end = to === undefined ? new Date(now) : periodEnd(to);
  const start = from === undefined ? new Date(end.getTime() - DEFAULT_DAYS * DAY) : periodStart(from);
  if (!(start.getTime() < end.getTime())) throw new AppError(400, 'validation', 'from must be before to', 'from', { detail: 'from ≥ to' });
  if (end.getTime() - start.getTime() > MAX_DAYS * DAY) throw new AppError(400, 'validation', 'period too long', 'to', { detail: `at most ${MAX_DAYS} days` });
  return { from: start, to: end };
}

const WeightsOverride = z
  .object({
    satisfaction: z.object({ satisfied: z.number().min(0).max(1), basic: z.number().min(0).max(1), unsatisfied: z.number().min(0).max(1) }).partial().strict().optional(),
    score: z.object(Object.fromEntries(RATE_KEYS.map((k) => [k, z.number().min(0).max(1000)])) as Record<(typeof RATE_KEYS)[number], z.ZodNumber>).partial().strict().optional(),
  })
  .strict();

/** `weights` is JSON in the query string, e.g. {"satisfaction":{"basic":0.6},"score":{"returnRate":0.2}}. */
function weightsOf(raw: string | undefined): MetricWeights {
  if (raw === undefined) return resolveWeights();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError(400, 'validation', 'weights is not JSON', 'weights', { detail: 'not JSON' });
  }
  const r = WeightsOverride.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = ['weights', ...issue.path.map(String)].join('.');
    throw new AppError(400, 'validation', issue.message, field, { detail: issue.message });
  }
  try {
    return resolveWeights(r.data as MetricWeightsOverride);
  } catch (err) {
    throw new AppError(400, 'validation', (err as Error).message, 'weights', { detail: (err as Error).message });
  }
}

const PeriodQuery = { from: DateOrInstant.optional(), to: DateOrInstant.optional() };
const StatsQuery = z.object({ groupBy: z.enum(GROUPINGS).default('street'), ...PeriodQuery, weights: z.string().max(2000).optional() });
const RankingsQuery = StatsQuery.extend({
  minSample: z.coerce.number().int().min(1).max(1_000_000).default(30),
  top: z.coerce.number().int().min(1).max(100).default(10),
});

/** Who reads the statistics: area staff for their subtree; department handlers their departments' rows. */
const STATS_READERS = [...AREA_READERS, 'dept_handler'] as const;

async function scopeOf(services: Services, req: FastifyRequest, grouping: Grouping | null): Promise<MetricsScope> {
  const auth = req.ctx.auth!;
  const roots = scopeRootsFor(req, AREA_READERS);
  const departmentIds = grouping === 'department' && auth.roles.has('dept_handler') ? await departmentsOfUser(services.database.db, auth.userId) : [];
  // A department handler without an area role sees department rows only.
  if (roots.length === 0 && grouping !== 'department') throw forbidden('out_of_scope');
  return { cityId: auth.cityId, roots, departmentIds };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentUnit(u: UnitCounts, w: MetricWeights) {
  const m = metricsOf(u.counts, w);
  return { key: u.key, id: u.id, name: u.name, code: u.code, counts: u.counts, rates: m.rates, avgHandlingHours: m.avgHandlingHours, score: m.score };
}

export function appealMetricsRoutes(app: App, services: Services): void {
  const { db } = services.database;

  app.get(
    '/api/appeals/stats',
    {
      config: { policy: rolesIn(STATS_READERS) },
      schema: {
        tags: ['appeals'],
        summary: 'Counts and rates per grid, community, street, district, department or city over a period (by receipt), in my scope',
        querystring: StatsQuery,
      },
    },
    async (req) => {
      const q = req.query;
      const period = parsePeriod(q.from, q.to);
      const weights = weightsOf(q.weights);
      const units = await countsByUnit(db, q.groupBy, period, await scopeOf(services, req, q.groupBy));
      // Every case is in exactly one area row, so the rows add up; department rows overlap (returns), so no total.
      const total: RawCounts | null = q.groupBy === 'department' ? null : units.reduce((acc, u) => addCounts(acc, u.counts), emptyCounts());
      const tm = total ? metricsOf(total, weights) : null;
      return {
        groupBy: q.groupBy,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        weights,
        rows: units.map((u) => presentUnit(u, weights)),
        total: total && tm ? { counts: total, rates: tm.rates, avgHandlingHours: tm.avgHandlingHours, score: tm.score } : null,
      };
    },
  );

  app.get(
    '/api/appeals/rankings',
    {
      config: { policy: rolesIn(AREA_READERS) },
      schema: {
        tags: ['appeals'],
        summary: 'Red and black lists (红黑榜): the best and worst units by the composite score, with a minimum sample',
        querystring: RankingsQuery,
      },
    },
    async (req) => {
      const q = req.query;
      const period = parsePeriod(q.from, q.to);
      const weights = weightsOf(q.weights);
      const units = (await countsByUnit(db, q.groupBy, period, await scopeOf(services, req, null))).map((u) => presentUnit(u, weights));
      const lists = redBlackLists(
        units.map((u) => ({ key: u.key, unit: u, counts: u.counts, score: u.score })),
        { minSample: q.minSample, top: q.top },
      );
      const entry = (x: { unit: ReturnType<typeof presentUnit>; score: number; sample: number }, i: number) => ({
        rank: i + 1,
        key: x.unit.key,
        id: x.unit.id,
        name: x.unit.name,
        code: x.unit.code,
        score: x.score,
        sample: x.sample,
        rates: x.unit.rates,
        avgHandlingHours: x.unit.avgHandlingHours,
      });
      return {
        groupBy: q.groupBy,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        minSample: q.minSample,
        top: q.top,
        weights,
        units: units.length,
        eligible: lists.eligible,
        red: lists.red.map(entry),
        black: lists.black.map(entry),
      };
    },
  );

  app.get(
    '/api/appeals/supervision-list',
    {
      config: { policy: rolesIn(AREA_READERS) },
      schema: {
        tags: ['appeals'],
        summary: 'The supervision list (督办清单): unfinished cases in my area that are supervised, overdue, returned twice or more, or unsatisfied',
        querystring: z.object({
          reason: z.enum(SUPERVISION_REASONS).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const scope = await scopeOf(services, req, null);
      const { items, total } = await supervisionList(db, scope, { reason: q.reason, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
      return {
        total,
        items: items.map((i) => ({ ...i, overdueAt: iso(i.overdueAt), receivedAt: i.receivedAt.toISOString(), dueBy: iso(i.dueBy) })),
      };
    },
  );

  app.get(
    '/api/appeals/bounce-stats',
    {
      config: { policy: rolesIn(AREA_READERS) },
      schema: {
        tags: ['appeals'],
        summary: 'Returns (退单) per department in a period, and which department passed cases to which',
        querystring: z.object(PeriodQuery),
      },
    },
    async (req) => {
      const period = parsePeriod(req.query.from, req.query.to);
      const scope = await scopeOf(services, req, null);
      const events = await bounceCounts(db, period, scope);
      const depts = new Map<string, { id: string | null; name: string | null; requested: number; approved: number; rejected: number }>();
      const pairs: Array<{ from: { id: string | null; name: string | null }; to: { id: string | null; name: string | null }; count: number }> = [];
      for (const e of events) {
        const k = e.fromId ?? '';
        const d = depts.get(k) ?? { id: e.fromId, name: e.fromName, requested: 0, approved: 0, rejected: 0 };
        if (e.command === 'requestReturn') d.requested += e.n;
        if (e.command === 'approveReturn') d.approved += e.n;
        if (e.command === 'rejectReturn') d.rejected += e.n;
        depts.set(k, d);
        if (e.command === 'approveReturn') pairs.push({ from: { id: e.fromId, name: e.fromName }, to: { id: e.toId, name: e.toName }, count: e.n });
      }
      return {
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        departments: [...depts.values()].sort((a, b) => b.approved - a.approved || b.requested - a.requested || String(a.name).localeCompare(String(b.name))),
        pairs: pairs.sort((a, b) => b.count - a.count),
      };
    },
  );
}

