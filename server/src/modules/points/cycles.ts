/** Shanghai calendar (UTC+8, no daylight saving) arithmetic for the rule cycles and the yearly standing. */
const OFFSET = 8 * 3_600_000;

export type RuleCycle = 'month' | 'quarter' | 'year';

/** The Shanghai calendar year of an instant. */
export const shanghaiYear = (t: Date) => new Date(t.getTime() + OFFSET).getUTCFullYear();

/** The instant the current cycle began (00:00 Asia/Shanghai on the 1st of the month / quarter / year). */
export function cycleStart(cycle: RuleCycle, now: Date): Date {
  const local = new Date(now.getTime() + OFFSET);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const month = cycle === 'year' ? 0 : cycle === 'quarter' ? m - (m % 3) : m;
  return new Date(Date.UTC(y, month, 1) - OFFSET);
}
