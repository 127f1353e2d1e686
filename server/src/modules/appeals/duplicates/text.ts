/**
 * Chinese text fingerprints for duplicate-appeal suggestions.
 *
 * Pipeline: `normalizeSegments` → character unigrams + bigrams per segment →
 * `Fingerprint` (sorted gram ids with counts and the vector norm) →
 * `similarity` = cosine of the weighted gram vectors.
 *
 * Weighting (chosen on the hot-issue data, see server/bench/duplicates.ts):
 *   weight(gram) = typeWeight × (1 + ln count)
 * with typeWeight 1 for bigrams and UNIGRAM_WEIGHT (0.25) for single
 * characters. Bigrams carry the signal (丽发, 搅拌, 噪音); unigrams only add a
 * little robustness for very short texts and one-character variants
 * (噪音/噪声). Sub-linear counts stop one repeated phrase from dominating.
 * No corpus statistics (IDF) are baked in, so a stored fingerprint never has
 * to be recomputed when the case mix changes; on the evaluation data IDF gave
 * no clear gain over this.
 *
 * Gram ids are exact, not hashed (so there are no collisions):
 *   unigram  id = code point                       (< 2^21)
 *   bigram   id = (cp1 + 1) × 2^21 + cp2           (≥ 2^21, < 2^43, a safe integer)
 */

/** Serialisable fingerprint (store as jsonb). Compare with `similarity`. */
export interface Fingerprint {
  /** Format version; bump when normalisation or weighting changes. */
  v: 1;
  /** Gram ids, strictly increasing. */
  g: number[];
  /** Occurrence count of each gram (same length as `g`). */
  c: number[];
  /** L2 norm of the weighted vector (0 for an empty text). */
  n: number;
}

export const FINGERPRINT_VERSION = 1;

/** Weight of a single character relative to a bigram. */
export const UNIGRAM_WEIGHT = 0.25;

/** Only the first this many normalised characters are fingerprinted (bounds storage and time; p90 appeal ≈ 800 chars). */
export const MAX_FINGERPRINT_CHARS = 1000;

/**
 * Salutations and courtesy phrases that nearly every appeal contains and that
 * say nothing about the problem. Removed (as a segment break) after NFKC and
 * lower-casing. Kept deliberately short: each entry must be content-free in
 * any position. Longer entries come first so that 此致敬礼 wins over 敬礼.
 */
export const BOILERPLATE_PHRASES: readonly string[] = [
  '此致敬礼', // closing formula
  '尊敬的', // "respected …" salutation
  '领导', // "leader(s)" — addressee, as in 各位领导/领导您好
  '您好', // hello (polite)
  '你好', // hello
  '请问', // "may I ask"
  '谢谢', // thanks
  '感谢', // thanks
  '麻烦', // "sorry to trouble you"
  '恳请', // "earnestly request"
];

const UNIGRAM_LIMIT = 2 ** 21;
const NON_CONTENT = /[^\p{L}\p{N}]+/u;
const BOILERPLATE_RE = new RegExp(BOILERPLATE_PHRASES.join('|'), 'g');

/**
 * Splits a text into runs of content characters: NFKC (full-width → half-width
 * letters, digits and punctuation), lower case, boilerplate phrases removed,
 * then anything that is not a letter or digit (punctuation, whitespace,
 * symbols, emoji) treated as a break. Grams never span a break.
 */
export function normalizeSegments(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase().replace(BOILERPLATE_RE, ' ');
  return s.split(NON_CONTENT).filter((seg) => seg.length > 0);
}

/** The normalised text: the content segments joined without separators. */
export function normalize(text: string): string {
  return normalizeSegments(text).join('');
}

// weight for counts 0..63 precomputed; larger counts fall back to Math.log.
const TF_TABLE = Float64Array.from({ length: 64 }, (_, k) => (k === 0 ? 0 : 1 + Math.log(k)));

function tfWeight(count: number): number {
  return count < 64 ? TF_TABLE[count]! : 1 + Math.log(count);
}

function gramWeight(id: number, count: number): number {
  return (id < UNIGRAM_LIMIT ? UNIGRAM_WEIGHT : 1) * tfWeight(count);
}

/** Builds the fingerprint of a text (see the module comment for the scheme). */
export function fingerprint(text: string): Fingerprint {
  // Collect every gram occurrence, sort, then run-length count (faster than a Map of large numeric keys).
  const ids = new Float64Array(2 * MAX_FINGERPRINT_CHARS);
  let m = 0;
  let budget = MAX_FINGERPRINT_CHARS;
  for (const seg of normalizeSegments(text)) {
    if (budget <= 0) break;
    let prev = -1;
    for (const ch of seg) {
      if (budget <= 0) break;
      budget--;
      const cp = ch.codePointAt(0)!;
      ids[m++] = cp;
      if (prev >= 0) ids[m++] = (prev + 1) * UNIGRAM_LIMIT + cp;
      prev = cp;
    }
  }
  const sorted = ids.subarray(0, m).sort();
  const g: number[] = [];
  const c: number[] = [];
  let sq = 0;
  for (let i = 0; i < m; ) {
    const id = sorted[i]!;
    let j = i + 1;
    while (j < m && sorted[j] === id) j++;
    g.push(id);
    c.push(j - i);
    const w = gramWeight(id, j - i);
    sq += w * w;
    i = j;
  }
  return { v: FINGERPRINT_VERSION, g, c, n: Math.sqrt(sq) };
}

/**
 * Cosine similarity of two fingerprints, in [0, 1]. 1 for texts with the same
 * normalised grams and counts, 0 when either text has no content. Linear merge
 * of the two sorted id lists (a few microseconds for 100–300-character texts).
 */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  if (a.n === 0 || b.n === 0) return 0;
  const ga = a.g;
  const gb = b.g;
  const ca = a.c;
  const cb = b.c;
  const la = ga.length;
  const lb = gb.length;
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < la && j < lb) {
    const x = ga[i]!;
    const y = gb[j]!;
    if (x === y) {
      // Same arithmetic as the norm in `fingerprint`, so a text against itself gives exactly n².
      dot += gramWeight(x, ca[i]!) * gramWeight(x, cb[j]!);
      i++;
      j++;
    } else if (x < y) {
      i++;
    } else {
      j++;
    }
  }
  const s = dot / (a.n * b.n);
  // n = sqrt(Σw²) rounds, so an exact match can land a few ulps below 1.
  return s >= 1 - 1e-12 ? 1 : s > 0 ? s : 0;
}

/** Checks a value loaded from storage (e.g. a jsonb column) before use with `similarity`. */
export function isFingerprint(x: unknown): x is Fingerprint {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  if (f.v !== FINGERPRINT_VERSION || typeof f.n !== 'number' || !Number.isFinite(f.n) || f.n < 0) return false;
  const g = f.g;
  const c = f.c;
  if (!Array.isArray(g) || !Array.isArray(c) || g.length !== c.length) return false;
  let prev = -1;
  for (let i = 0; i < g.length; i++) {
    const id: unknown = g[i];
    const k: unknown = c[i];
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= prev) return false;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) return false;
    prev = id;
  }
  return true;
}
