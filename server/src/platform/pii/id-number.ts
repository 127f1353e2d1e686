/**
 * Resident identity card numbers (公民身份号码) per GB 11643-1999 and mainland
 * mobile phone numbers.
 *
 * Layout of the 18 characters: 6-digit address code (GB/T 2260) + 8-digit birth
 * date YYYYMMDD + 3-digit sequence (odd = male, even = female) + check character
 * (ISO 7064 MOD 11-2).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Two-digit province-level codes of GB/T 2260 (incl. 71 Taiwan, 81 Hong Kong,
 * 82 Macao, 83 used for residence permits of Taiwan residents). All start with 1–8.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71',
  '81', '82', '83',
]);

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; gender: 'M' | 'F' }
  | { ok: false; reason: 'length' | 'format' | 'region' | 'birthdate' | 'checksum' };

export type PhoneResult = { ok: true; normalized: string } | { ok: false; reason: 'empty' | 'length' | 'format' };

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar: expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  const c = CHECK_CHARS[sum % 11];
  if (c === undefined) throw new Error('unreachable');
  return c;
}

/** Today's date in Asia/Shanghai (UTC+8, no DST) as YYYYMMDD. */
function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth;
}

/**
 * Validates an 18-character ID number. Whitespace around it is ignored, full-width
 * characters are folded (NFKC) and a lowercase 'x' check character becomes 'X'.
 * The birth date must be a real date from 1900-01-01 up to today (Shanghai time;
 * `now` is for tests).
 */
export function validateIdNumber(s: string, now: Date = new Date()): IdNumberResult {
  const v = s.normalize('NFKC').trim().toUpperCase();
  if (v.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: 'format' };
  if (!PROVINCE_CODES.has(v.slice(0, 2))) return { ok: false, reason: 'region' };
  const birth = v.slice(6, 14);
  if (!isRealDate(birth) || birth < '19000101' || birth > shanghaiToday(now)) return { ok: false, reason: 'birthdate' };
  if (idNumberCheckChar(v.slice(0, 17)) !== v[17]) return { ok: false, reason: 'checksum' };
  const seqLast = Number(v[16]);
  return {
    ok: true,
    normalized: v,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    gender: seqLast % 2 === 1 ? 'M' : 'F',
  };
}

/**
 * Builds a valid ID number (for demo data and tests) from a 6-digit region code,
 * a birth date 'YYYYMMDD' and a 3-digit sequence number (odd = male, even = female).
 */
export function makeIdNumber(region6: string, birth: string, seq3: string | number): string {
  const seq = typeof seq3 === 'number' ? String(seq3).padStart(3, '0') : seq3;
  if (!/^\d{6}$/.test(region6) || !PROVINCE_CODES.has(region6.slice(0, 2))) {
    throw new RangeError(`makeIdNumber: region must be 6 digits starting with a province code, got ${JSON.stringify(region6)}`);
  }
  if (!/^\d{8}$/.test(birth) || !isRealDate(birth) || birth < '19000101') {
    throw new RangeError(`makeIdNumber: birth must be a real date YYYYMMDD from 1900, got ${JSON.stringify(birth)}`);
  }
  if (!/^\d{3}$/.test(seq)) throw new RangeError(`makeIdNumber: seq must be 3 digits, got ${JSON.stringify(seq3)}`);
  const first17 = region6 + birth + seq;
  return first17 + idNumberCheckChar(first17);
}

/**
 * Validates a mainland mobile number (^1[3-9]\d{9}$). Spaces and hyphens are removed,
 * full-width digits folded, and a '+86' / '0086' country prefix is dropped.
 */
export function validatePhone(s: string): PhoneResult {
  let v = s.normalize('NFKC').replace(/[\s-]+/g, '');
  if (v === '') return { ok: false, reason: 'empty' };
  if (v.startsWith('+86')) v = v.slice(3);
  else if (v.startsWith('0086')) v = v.slice(4);
  if (!/^\d+$/.test(v)) return { ok: false, reason: 'format' };
  if (v.length !== 11) return { ok: false, reason: 'length' };
  if (!/^1[3-9]\d{9}$/.test(v)) return { ok: false, reason: 'format' };
  return { ok: true, normalized: v };
}
