/**
 * Masking of personal information for lists and API answers (SPEC §5: "138****1234").
 * All functions count Unicode code points, not UTF-16 units, and never throw.
 */

const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/** Keeps the first `head` and last `tail` code points, masks the rest; all '*' if shorter than `minLength`. */
function keepEnds(chars: readonly string[], head: number, tail: number, minLength: number): string {
  if (chars.length < minLength) return stars(chars.length);
  return chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/**
 * '13812341234' → '138****1234'. Spaces and hyphens are removed first. Other lengths:
 * the first 3 and last 4 characters are kept if there are at least 8, else all are masked.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone.normalize('NFKC').replace(/[\s-]+/g, ''));
  return keepEnds(chars, 3, 4, 8);
}

/**
 * '460100199001011234' → '460***********1234': first 3 and last 4 kept, the rest
 * masked, same length. Fewer than 8 characters: all masked.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.normalize('NFKC').trim());
  return keepEnds(chars, 3, 4, 8);
}

/** '张三' → '张*', '欧阳娜娜' → '欧***': the first character is kept, the rest masked; a single character is unchanged. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  return (chars[0] ?? '') + stars(chars.length - 1);
}
