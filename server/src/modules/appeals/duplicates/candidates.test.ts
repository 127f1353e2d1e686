import { describe, expect, it } from 'vitest';
import { haversineMeters } from '../../../platform/geo/distance.js';
import type { DuplicateCandidateOptions, NewCaseForDuplicates, PoolCase } from './candidates.js';
import {
  DEFAULT_CLOSED_WITHIN_DAYS,
  DEFAULT_DUPLICATE_OPTIONS,
  DEFAULT_DUPLICATE_RADIUS_METERS,
  DISTANCE_WEIGHT,
  radiusForCategory,
  rankCandidates,
} from './candidates.js';
import { fingerprint, similarity } from './text.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 5, 1, 2, 0, 0);
const HERE: [number, number] = [112.9388, 28.2282];
/** A point `metres` north of HERE. */
const north = (metres: number): [number, number] => [HERE[0], HERE[1] + metres / 111_195];

const TEXT = '桐梓坡路589号白鹤咀停车场旁边新建的搅拌站每天晚上十点以后还在施工，噪音特别大，严重影响附近居民休息，请尽快处理。';
const PARAPHRASE = '桐梓坡路589号白鹤咀停车场旁的搅拌站晚上十点以后仍在施工，噪音很大，附近居民无法休息，希望有关部门处理。';
const UNRELATED = 'A7县星沙街道某小学门口早晚高峰交通拥堵严重，建议增设交警执勤岗并安装红绿灯，保障学生上下学安全。';

const newCase = (over: Partial<NewCaseForDuplicates> = {}): NewCaseForDuplicates => ({
  categoryId: 'noise',
  lng: HERE[0],
  lat: HERE[1],
  receivedAt: NOW,
  fingerprint: fingerprint(TEXT),
  ...over,
});

const pc = (id: string, text: string, over: Partial<PoolCase> = {}): PoolCase => ({
  id,
  categoryId: 'noise',
  lng: HERE[0],
  lat: HERE[1],
  status: 'open',
  closedAt: null,
  fingerprint: fingerprint(text),
  ...over,
});

const at = (p: [number, number]): Pick<PoolCase, 'lng' | 'lat'> => ({ lng: p[0], lat: p[1] });

const OPTS: DuplicateCandidateOptions = { radiusMeters: 250, closedWithinDays: 30, minScore: 0.3, limit: 10 };
const ids = (xs: Array<{ id: string }>): string[] => xs.map((x) => x.id);

describe('defaults', () => {
  it('uses a 250 m radius and a 30-day closed window', () => {
    expect(DEFAULT_DUPLICATE_RADIUS_METERS).toBe(250);
    expect(DEFAULT_CLOSED_WITHIN_DAYS).toBe(30);
    expect(DEFAULT_DUPLICATE_OPTIONS.radiusMeters).toBe(250);
    expect(DEFAULT_DUPLICATE_OPTIONS.minScore).toBeGreaterThan(0);
    expect(DEFAULT_DUPLICATE_OPTIONS.minScore).toBeLessThan(1);
    expect(Object.isFrozen(DEFAULT_DUPLICATE_OPTIONS)).toBe(true);
  });

  it('finds a same-place paraphrase with the default options', () => {
    const r = rankCandidates(newCase(), [pc('p', PARAPHRASE, at(north(50))), pc('u', UNRELATED)], DEFAULT_DUPLICATE_OPTIONS);
    expect(ids(r)).toEqual(['p']);
  });

  it('resolves per-category radii from a map or a record, falling back to the default', () => {
    expect(radiusForCategory('noise', { noise: 100 })).toBe(100);
    expect(radiusForCategory('roads', new Map([['roads', 1000]]))).toBe(1000);
    expect(radiusForCategory('other', { noise: 100 })).toBe(250);
    expect(radiusForCategory('noise', { noise: 0 })).toBe(250);
    expect(radiusForCategory('other', {}, 500)).toBe(500);
  });
});

describe('filters', () => {
  it('keeps only the same category', () => {
    const r = rankCandidates(newCase(), [pc('same', TEXT), pc('other', TEXT, { categoryId: 'roads' })], OPTS);
    expect(ids(r)).toEqual(['same']);
  });

  it('keeps open cases of any age and closed cases inside the window', () => {
    const pool = [
      pc('open', TEXT),
      pc('closed-10d', TEXT, { status: 'closed', closedAt: NOW - 10 * DAY }),
      pc('closed-30d', TEXT, { status: 'closed', closedAt: NOW - 30 * DAY }),
      pc('closed-31d', TEXT, { status: 'closed', closedAt: NOW - 31 * DAY }),
      pc('closed-no-date', TEXT, { status: 'closed', closedAt: null }),
    ];
    const r = rankCandidates(newCase(), pool, OPTS);
    expect(ids(r).sort()).toEqual(['closed-10d', 'closed-30d', 'open']);
    expect(ids(rankCandidates(newCase(), pool, { ...OPTS, closedWithinDays: 0 }))).toEqual(['open']);
  });

  it('keeps cases within the radius when both have coordinates', () => {
    const pool = [pc('in', TEXT, at(north(200))), pc('edge', TEXT, at(north(249))), pc('out', TEXT, at(north(300)))];
    const r = rankCandidates(newCase(), pool, OPTS);
    expect(ids(r)).toEqual(['in', 'edge']);
    expect(r[0]!.distanceMeters).toBeCloseTo(haversineMeters(HERE, north(200)), 6);
    expect(ids(rankCandidates(newCase(), pool, { ...OPTS, radiusMeters: 500 }))).toEqual(['in', 'edge', 'out']);
  });

  it('does not filter on distance when either side lacks coordinates', () => {
    const pool = [pc('no-coords', TEXT, { lng: null, lat: null }), pc('far', TEXT, at(north(5000)))];
    expect(rankCandidates(newCase(), pool, OPTS).map((x) => [x.id, x.distanceMeters])).toEqual([['no-coords', null]]);
    const r = rankCandidates(newCase({ lng: null, lat: null }), pool, OPTS);
    expect(ids(r).sort()).toEqual(['far', 'no-coords']);
    expect(r.every((x) => x.distanceMeters === null)).toBe(true);
  });

  it('drops weak matches and applies the limit', () => {
    const pool = [pc('u', UNRELATED), pc('p', PARAPHRASE), pc('t1', TEXT), pc('t2', TEXT)];
    expect(ids(rankCandidates(newCase(), pool, OPTS))).not.toContain('u');
    expect(rankCandidates(newCase(), pool, { ...OPTS, limit: 2 })).toHaveLength(2);
    expect(rankCandidates(newCase(), pool, { ...OPTS, limit: 0 })).toEqual([]);
    expect(rankCandidates(newCase(), pool, { ...OPTS, minScore: 0 }).map((x) => x.id)).toContain('u');
  });

  it('rejects a non-positive radius', () => {
    expect(() => rankCandidates(newCase(), [], { ...OPTS, radiusMeters: 0 })).toThrow(RangeError);
    expect(() => rankCandidates(newCase(), [], { ...OPTS, radiusMeters: Number.NaN })).toThrow(RangeError);
  });
});

describe('score and ordering', () => {
  it('blends text similarity with distance as documented', () => {
    const d = 100;
    const [c] = rankCandidates(newCase(), [pc('p', PARAPHRASE, at(north(d)))], OPTS);
    const text = similarity(fingerprint(TEXT), fingerprint(PARAPHRASE));
    expect(c!.textScore).toBeCloseTo(text, 12);
    const dist = haversineMeters(HERE, north(d));
    expect(c!.score).toBeCloseTo(text * (1 + DISTANCE_WEIGHT * (0.5 - dist / 250)), 12);
  });

  it('treats an unknown distance as neutral and never exceeds 1', () => {
    const [unknown] = rankCandidates(newCase(), [pc('p', PARAPHRASE, { lng: null, lat: null })], OPTS);
    expect(unknown!.score).toBe(unknown!.textScore);
    const [same] = rankCandidates(newCase(), [pc('t', TEXT)], OPTS);
    expect(same!.score).toBe(1);
    expect(same!.distanceMeters).toBe(0);
  });

  it('orders by score, then text score, then distance, then id', () => {
    const pool = [
      pc('para-far', PARAPHRASE, at(north(240))),
      pc('para-near', PARAPHRASE, at(north(10))),
      pc('exact-b', TEXT, at(north(100))),
      pc('exact-a', TEXT, at(north(100))),
      pc('exact-unknown', TEXT, { lng: null, lat: null }),
      pc('exact-here', TEXT),
    ];
    const r = rankCandidates(newCase(), pool, OPTS);
    // exact texts: 1.0 at ≤ half radius (capped), 1.0 when unknown; then paraphrase near beats far
    expect(ids(r)).toEqual(['exact-here', 'exact-a', 'exact-b', 'exact-unknown', 'para-near', 'para-far']);
    for (let i = 1; i < r.length; i++) expect(r[i]!.score).toBeLessThanOrEqual(r[i - 1]!.score);
  });

  it('lets proximity lift a slightly weaker text above a stronger one further away', () => {
    const weaker = '桐梓坡路589号白鹤咀停车场旁的搅拌站晚上还在施工，噪音很大，附近居民无法休息。';
    const sWeak = similarity(fingerprint(TEXT), fingerprint(weaker));
    const sPara = similarity(fingerprint(TEXT), fingerprint(PARAPHRASE));
    expect(Math.abs(sWeak - sPara)).toBeLessThan(0.1); // near-equal texts, so distance decides
    const strong = sWeak > sPara ? weaker : PARAPHRASE;
    const weak = sWeak > sPara ? PARAPHRASE : weaker;
    const r = rankCandidates(newCase(), [pc('strong-far', strong, at(north(245))), pc('weak-near', weak, at(north(5)))], OPTS);
    expect(ids(r)).toEqual(['weak-near', 'strong-far']);
    expect(r[0]!.textScore).toBeLessThan(r[1]!.textScore);
  });
});
