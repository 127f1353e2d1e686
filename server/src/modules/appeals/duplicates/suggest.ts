import { sql } from 'drizzle-orm';
import type { Services } from '../../../platform/services.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { Batcher, type Settled } from '../../../platform/db/batcher.js';
import type { CategoryRow } from '../categories.js';
import type { AppealRow } from '../access.js';
import { cityConfig } from '../city-config.js';
import { isFingerprint } from './text.js';
import { rankCandidates, DEFAULT_DUPLICATE_OPTIONS, type DuplicateCandidate } from './candidates.js';

const DAY = 86_400_000;
/** Candidates read per case at most (the nearest-in-text are ranked among them). */
const POOL_LIMIT = 2000;

export type Suggestion = DuplicateCandidate & { number: string; title: string; status: string };

export interface Lookup {
  appeal: AppealRow;
  radius: number;
}

export interface PoolRow {
  i: number;
  id: string;
  number: string;
  title: string;
  status: string;
  category_id: string;
  lng: number | null;
  lat: number | null;
  closed_at: Date | string | null;
  fingerprint: unknown;
}

/**
 * The candidate pools of several new cases in one query: for each case (a row of a VALUES list), the cases of
 * its category received in the last 90 days that are open, or closed within `closedWithinDays`, and lie in a
 * box around its radius (or have no point; intake sets lng and lat together, so `lat is null` says it, and
 * one index on (category_id, lat, lng, received_at) serves both branches and decides the box itself — migration
 * 0008, docs/modules/appeals-metrics.md, "Indexes"). A case without a point gets an unbounded box.
 */
export async function candidatePools(db: DbOrTx, items: Lookup[]): Promise<PoolRow[][]> {
  if (!items.length) return [];
  const rows = items.map(({ appeal: a, radius }, i) => {
    const since = new Date(a.receivedAt.getTime() - 90 * DAY).toISOString();
    const closedSince = new Date(a.receivedAt.getTime() - DEFAULT_DUPLICATE_OPTIONS.closedWithinDays * DAY).toISOString();
    let box = [-Infinity, Infinity, -Infinity, Infinity];
    if (a.lng !== null && a.lat !== null) {
      const dLat = radius / 111_320;
      const dLng = radius / (111_320 * Math.cos((a.lat * Math.PI) / 180));
      box = [a.lng - dLng, a.lng + dLng, a.lat - dLat, a.lat + dLat];
    }
    const [x0, x1, y0, y1] = box.map((v) => (Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : '-Infinity'));
    return sql`(${i}::int, ${a.id}::uuid, ${a.cityId}::uuid, ${a.categoryId}::uuid, ${since}::timestamptz, ${closedSince}::timestamptz, ${x0}::float8, ${x1}::float8, ${y0}::float8, ${y1}::float8)`;
  });
  const res = await db.execute(sql`
    select q.i, c.id, c.number, c.title, c.status, c.category_id, c.lng, c.lat, c.closed_at, c.fingerprint
    from (values ${sql.join(rows, sql`, `)}) as q(i, id, city_id, category_id, since, closed_since, x0, x1, y0, y1)
    cross join lateral (
      select a.id, a.number, a.title, a.status, a.category_id, a.lng, a.lat, a.closed_at, a.fingerprint
      from appeals a
      where a.city_id = q.city_id and a.category_id = q.category_id and a.id <> q.id
        and a.status not in ('merged', 'not_accepted', 'answered')
        and (a.status <> 'closed' or a.closed_at >= q.closed_since)
        and a.received_at >= q.since
        and (a.lat is null or (a.lng between q.x0 and q.x1 and a.lat between q.y0 and q.y1))
      limit ${POOL_LIMIT}
    ) c`);
  const out: PoolRow[][] = items.map(() => []);
  for (const r of (res as unknown as { rows: PoolRow[] }).rows) out[Number(r.i)]!.push(r);
  return out;
}

/** The suggestions among a case's candidates, best first. */
export function rankSuggestions({ appeal, radius }: Lookup, pool: PoolRow[]): Suggestion[] {
  const fp = appeal.fingerprint;
  if (!isFingerprint(fp)) return [];
  const ranked = rankCandidates(
    { categoryId: appeal.categoryId, lng: appeal.lng, lat: appeal.lat, receivedAt: appeal.receivedAt.getTime(), fingerprint: fp },
    pool
      .filter((p) => isFingerprint(p.fingerprint))
      .map((p) => ({
        id: p.id,
        categoryId: p.category_id,
        lng: p.lng === null ? null : Number(p.lng),
        lat: p.lat === null ? null : Number(p.lat),
        status: p.status === 'closed' ? ('closed' as const) : ('open' as const),
        closedAt: p.closed_at === null ? null : new Date(p.closed_at).getTime(),
        fingerprint: p.fingerprint as never,
      })),
    { ...DEFAULT_DUPLICATE_OPTIONS, radiusMeters: radius },
  );
  const byId = new Map(pool.map((p) => [p.id, p]));
  return ranked.map((r) => ({ ...r, number: byId.get(r.id)!.number, title: byId.get(r.id)!.title, status: byId.get(r.id)!.status }));
}

const lookups = new WeakMap<Services, Batcher<Lookup, Suggestion[]>>();
/** Look-ups made and candidates read by this process (for benchmarks). */
export const duplicateLookupStats = { lookups: 0, candidates: 0 };
export function countLookups(found: PoolRow[][]): void {
  duplicateLookupStats.lookups += found.length;
  for (const f of found) duplicateLookupStats.candidates += f.length;
}

/**
 * Open or recently closed cases of the same category nearby with similar text, best first. Look-ups made at
 * the same moment share one query. (Intake reads the candidates of its new cases in its own write transaction:
 * intake-writer.ts.)
 */
export async function suggestDuplicates(services: Services, appeal: AppealRow, known?: Pick<CategoryRow, 'id' | 'duplicateRadiusM'>): Promise<Suggestion[]> {
  const category = known?.id === appeal.categoryId ? known : (await cityConfig(services, appeal.cityId)).categories.get(appeal.categoryId);
  const radius = category?.duplicateRadiusM ?? DEFAULT_DUPLICATE_OPTIONS.radiusMeters;
  let b = lookups.get(services);
  if (!b) {
    b = new Batcher(
      async (items): Promise<Array<Settled<Suggestion[]>>> => {
        const found = await candidatePools(services.database.db, items);
        countLookups(found);
        return items.map((item, k) => ({ ok: true, value: rankSuggestions(item, found[k]!) }));
      },
      { maxBatch: 64, inFlight: 1 },
    );
    lookups.set(services, b);
  }
  return b.submit({ appeal, radius });
}
