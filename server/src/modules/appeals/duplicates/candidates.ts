/**
 * Duplicate suggestions on intake: open or recently closed cases of the same
 * category near the new case whose text is similar.
 *
 * Filters (all must hold):
 *   1. same `categoryId`;
 *   2. `status === 'open'`, or `status === 'closed'` with
 *      `closedAt ≥ receivedAt − closedWithinDays` (a closed case without a
 *      `closedAt` is left out: its recency cannot be shown);
 *   3. when both cases have coordinates: haversine distance ≤ `radiusMeters`.
 *      When either lacks them, the case is not filtered on distance and its
 *      `distanceMeters` is null.
 *
 * Score (documented formula, result in [0, 1]):
 *   textScore = similarity(new.fingerprint, candidate.fingerprint)
 *   factor    = 1 + DISTANCE_WEIGHT × (0.5 − min(1, d / radius))   when d is known
 *             = 1                                                   when it is not
 *   score     = min(1, textScore × factor)
 * With DISTANCE_WEIGHT = 0.2 the factor runs from 1.1 at the same spot,
 * through 1 at half the radius, to 0.9 at the edge. An unknown distance is
 * neutral, so `minScore` means the same as a pure text threshold when there
 * are no coordinates (which is how the default was calibrated, see
 * server/bench/duplicates.ts).
 *
 * Kept: `score ≥ minScore`. Order: score, then textScore (descending), then
 * distance (ascending, unknown last), then id — so the result is
 * deterministic. At most `limit` results.
 *
 * Times are epoch milliseconds.
 */

import { haversineMeters } from '../../../platform/geo/distance.js';
import type { Fingerprint } from './text.js';
import { similarity } from './text.js';

export interface NewCaseForDuplicates {
  categoryId: string;
  lng: number | null;
  lat: number | null;
  /** Epoch ms. */
  receivedAt: number;
  fingerprint: Fingerprint;
}

export interface PoolCase {
  id: string;
  categoryId: string;
  lng: number | null;
  lat: number | null;
  status: 'open' | 'closed';
  /** Epoch ms; required for closed cases to be considered. */
  closedAt: number | null;
  fingerprint: Fingerprint;
}

export interface DuplicateCandidateOptions {
  /** Search radius in metres (> 0; Infinity disables the distance filter and factor). */
  radiusMeters: number;
  /** Closed cases are suggested if closed at most this many days before the new case was received. */
  closedWithinDays: number;
  /** Minimum blended score, in [0, 1]. */
  minScore: number;
  /** Maximum number of suggestions. */
  limit: number;
}

export interface DuplicateCandidate {
  id: string;
  score: number;
  /** Null when either case has no coordinates. */
  distanceMeters: number | null;
  textScore: number;
}

/** Default search radius (metres) for categories without their own. */
export const DEFAULT_DUPLICATE_RADIUS_METERS = 250;
/** Closed cases stay suggestible for this many days after closing. */
export const DEFAULT_CLOSED_WITHIN_DAYS = 30;
/**
 * Default threshold on the blended score. From the hot-issue evaluation
 * (server/bench/duplicates.ts: weak same-title labels, detail text only,
 * ±60-day window, no geography): 0.50 maximises F2 — precision 60 %, recall
 * 83 % over pairs — while F1 is flat (0.67–0.71) from 0.40 to 0.95 and peaks
 * at 0.90 (P 70 %, R 73 %). The lower value is chosen because suggestions are
 * confirmed by an operator, the category and radius filters here remove most
 * unrelated pairs (the evaluation could not apply them), and most of the
 * evaluation's "false positives" are the same issue posted under another title.
 */
export const DEFAULT_DUPLICATE_MIN_SCORE = 0.5;
/** Default number of suggestions shown to the intake operator. */
export const DEFAULT_DUPLICATE_LIMIT = 5;
/** How much distance moves the score (see the module comment). */
export const DISTANCE_WEIGHT = 0.2;

export const DEFAULT_DUPLICATE_OPTIONS: Readonly<DuplicateCandidateOptions> = Object.freeze({
  radiusMeters: DEFAULT_DUPLICATE_RADIUS_METERS,
  closedWithinDays: DEFAULT_CLOSED_WITHIN_DAYS,
  minScore: DEFAULT_DUPLICATE_MIN_SCORE,
  limit: DEFAULT_DUPLICATE_LIMIT,
});

const DAY_MS = 86_400_000;

/** The radius configured for a category, or the default. */
export function radiusForCategory(
  categoryId: string,
  perCategory: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  fallback: number = DEFAULT_DUPLICATE_RADIUS_METERS,
): number {
  const r = perCategory instanceof Map ? perCategory.get(categoryId) : (perCategory as Readonly<Record<string, number>>)[categoryId];
  return typeof r === 'number' && r > 0 ? r : fallback;
}

function hasPoint(lng: number | null, lat: number | null): boolean {
  return lng !== null && lat !== null && Number.isFinite(lng) && Number.isFinite(lat);
}

/** Ranks pool cases as duplicate suggestions for a new case (filters and score as in the module comment). */
export function rankCandidates(
  newCase: NewCaseForDuplicates,
  pool: readonly PoolCase[],
  opts: DuplicateCandidateOptions,
): DuplicateCandidate[] {
  const { radiusMeters, closedWithinDays, minScore, limit } = opts;
  if (!(radiusMeters > 0)) throw new RangeError(`radiusMeters must be > 0 (got ${radiusMeters})`);
  if (!(closedWithinDays >= 0)) throw new RangeError(`closedWithinDays must be ≥ 0 (got ${closedWithinDays})`);
  if (limit <= 0) return [];

  const closedSince = newCase.receivedAt - closedWithinDays * DAY_MS;
  const here: [number, number] | null = hasPoint(newCase.lng, newCase.lat) ? [newCase.lng!, newCase.lat!] : null;
  const out: DuplicateCandidate[] = [];

  for (const c of pool) {
    if (c.categoryId !== newCase.categoryId) continue;
    if (c.status === 'closed' && (c.closedAt === null || c.closedAt < closedSince)) continue;

    let distanceMeters: number | null = null;
    let factor = 1;
    if (here !== null && hasPoint(c.lng, c.lat)) {
      distanceMeters = haversineMeters(here, [c.lng!, c.lat!]);
      if (distanceMeters > radiusMeters) continue;
      if (Number.isFinite(radiusMeters)) factor = 1 + DISTANCE_WEIGHT * (0.5 - Math.min(1, distanceMeters / radiusMeters));
    }

    const textScore = similarity(newCase.fingerprint, c.fingerprint);
    const score = Math.min(1, textScore * factor);
    if (score < minScore) continue;
    out.push({ id: c.id, score, distanceMeters, textScore });
  }

  out.sort(
    (a, b) =>
      b.score - a.score ||
      b.textScore - a.textScore ||
      (a.distanceMeters ?? Infinity) - (b.distanceMeters ?? Infinity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return out.length > limit ? out.slice(0, limit) : out;
}
