import { describe, expect, it } from 'vitest';
import { DEFAULT_DUPLICATE_MIN_SCORE } from './candidates.js';
import {
  BOILERPLATE_PHRASES,
  FINGERPRINT_VERSION,
  MAX_FINGERPRINT_CHARS,
  fingerprint,
  isFingerprint,
  normalize,
  normalizeSegments,
  similarity,
} from './text.js';

// Same place, same problem (A and its paraphrase B); same place, other problem (E); unrelated (C, D).
const A =
  '您好！A市A3区桐梓坡路589号白鹤咀停车场旁边新建的搅拌站每天晚上十点以后还在施工，噪音特别大，严重影响附近居民休息，请相关部门尽快处理，谢谢！';
const B = '领导你好，桐梓坡路589号白鹤咀停车场旁的搅拌站晚上十点以后仍在施工，噪音很大，附近居民无法休息，希望有关部门处理。';
const C = 'A7县星沙街道某小学门口早晚高峰交通拥堵严重，建议增设交警执勤岗并安装红绿灯，保障学生上下学安全。';
const D = '本人2018年在星沙中茂城购买商铺一个，开发商至今未办理网签，也不退还购房款，请求有关部门督促退款。';
const E = 'A市A3区白鹤咀小区楼下餐馆油烟直排，气味难闻，晚上营业到凌晨，噪音扰民，请相关部门处理。';

const sim = (x: string, y: string): number => similarity(fingerprint(x), fingerprint(y));

describe('normalize', () => {
  it('folds full-width to half-width, lower-cases, and strips punctuation, whitespace and boilerplate', () => {
    expect(normalize('　您好！ＡＢＣ１２３，请问：小区噪音？谢谢。')).toBe('abc123小区噪音');
    expect(normalize('Ａ市Ａ３区  XX路（东段）')).toBe('a市a3区xx路东段');
    expect(normalize('尊敬的各位领导：此致敬礼')).toBe('各位');
  });

  it('breaks segments at punctuation and at removed phrases, so grams never span them', () => {
    expect(normalizeSegments('噪音，扰民')).toEqual(['噪音', '扰民']);
    expect(normalizeSegments('小区谢谢物业')).toEqual(['小区', '物业']);
    expect(normalizeSegments('！！…  ')).toEqual([]);
  });

  it('keeps the boilerplate list short', () => {
    expect(BOILERPLATE_PHRASES.length).toBeLessThanOrEqual(12);
  });
});

describe('fingerprint', () => {
  it('is sorted, counted and JSON round-trippable', () => {
    const f = fingerprint(A);
    expect(f.v).toBe(FINGERPRINT_VERSION);
    expect(f.g.length).toBe(f.c.length);
    for (let i = 1; i < f.g.length; i++) expect(f.g[i]!).toBeGreaterThan(f.g[i - 1]!);
    expect(f.c.every((k) => Number.isInteger(k) && k >= 1)).toBe(true);
    const back: unknown = JSON.parse(JSON.stringify(f));
    expect(isFingerprint(back)).toBe(true);
    expect(back).toEqual(f);
  });

  it('counts unigrams and bigrams within segments: 噪音噪音 → 噪×2, 音×2, 噪音×2, 音噪×1', () => {
    const f = fingerprint('噪音噪音');
    const zao = '噪'.codePointAt(0)!;
    const yin = '音'.codePointAt(0)!;
    const bi = (p: number, q: number): number => (p + 1) * 2 ** 21 + q;
    const counts = new Map(f.g.map((id, i) => [id, f.c[i]!]));
    expect(counts).toEqual(
      new Map([
        [zao, 2],
        [yin, 2],
        [bi(zao, yin), 2],
        [bi(yin, zao), 1],
      ]),
    );
  });

  it('ignores width, case and the kind of punctuation', () => {
    expect(sim('ＡＢＣ小区，噪音！', 'abc小区; 噪音...')).toBe(1);
    // where the breaks fall does matter a little (grams do not span them)
    expect(sim('ＡＢＣ小区，噪音！', 'abc 小区噪音')).toBeLessThan(1);
  });

  it('gives an empty fingerprint for text without content, which matches nothing', () => {
    const f = fingerprint('，。！？ 谢谢');
    expect(f.g).toEqual([]);
    expect(f.n).toBe(0);
    expect(similarity(f, f)).toBe(0);
    expect(similarity(f, fingerprint(A))).toBe(0);
  });

  it('caps the fingerprinted length', () => {
    const long = '甲乙丙丁戊己庚辛壬癸'.repeat(500);
    const f = fingerprint(long);
    expect(f.c.reduce((s, k) => s + k, 0)).toBeLessThanOrEqual(2 * MAX_FINGERPRINT_CHARS);
  });

  it('rejects malformed stored values', () => {
    expect(isFingerprint(null)).toBe(false);
    expect(isFingerprint({ v: 1, g: [2, 1], c: [1, 1], n: 1 })).toBe(false);
    expect(isFingerprint({ v: 1, g: [1], c: [0], n: 1 })).toBe(false);
    expect(isFingerprint({ v: 2, g: [], c: [], n: 0 })).toBe(false);
    expect(isFingerprint({ v: 1, g: [1, 2], c: [1], n: 1 })).toBe(false);
  });
});

describe('similarity', () => {
  it('is 1 for identical texts and symmetric', () => {
    expect(sim(A, A)).toBe(1);
    expect(sim(C, C)).toBe(1);
    expect(sim(A, B)).toBeCloseTo(sim(B, A), 12);
  });

  it('stays in [0, 1]', () => {
    for (const x of [A, B, C, D, E]) {
      for (const y of [A, B, C, D, E]) {
        const s = sim(x, y);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is low for unrelated texts', () => {
    expect(sim(A, C)).toBeLessThan(0.1);
    expect(sim(A, D)).toBeLessThan(0.1);
    expect(sim(C, D)).toBeLessThan(0.1);
  });

  it('scores a paraphrase with the same place and problem above the default threshold', () => {
    expect(sim(A, B)).toBeGreaterThanOrEqual(DEFAULT_DUPLICATE_MIN_SCORE);
  });

  it('keeps the same place with a different problem below the default threshold, but above unrelated text', () => {
    const s = sim(A, E);
    expect(s).toBeLessThan(DEFAULT_DUPLICATE_MIN_SCORE);
    expect(s).toBeGreaterThan(sim(A, C));
  });

  it('ranks closer wording higher', () => {
    const near = '桐梓坡路589号白鹤咀停车场旁的搅拌站晚上十点以后还在施工，噪音特别大，严重影响附近居民休息。';
    expect(sim(A, near)).toBeGreaterThan(sim(A, B));
  });
});
