import { currentLanguage } from './i18n';

/** Every time is stored in UTC and shown in China Standard Time, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Shanghai';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

type Parts = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;

function toDate(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function parts(d: Date): Parts {
  const out: Parts = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
  for (const p of partsFormatter.formatToParts(d)) {
    if (p.type in out) {
      out[p.type as keyof Parts] = p.value;
    }
  }
  return out;
}

/** `2025-03-01 14:05` in Asia/Shanghai; `—` for empty or invalid values. */
export function formatDateTime(value: string | number | Date | null | undefined, withSeconds = false): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  const d = toDate(value);
  if (!d) {
    return String(value);
  }
  const p = parts(d);
  const time = withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}

/** `2025-03-01` in Asia/Shanghai. */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return '—';
  }
  const d = toDate(value);
  if (!d) {
    return String(value);
  }
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * The instant a calendar day (YYYY-MM-DD, as picked in a date picker) starts
 * or ends in Asia/Shanghai, as an ISO string with the +08:00 offset.
 */
export function shanghaiDayStart(day: string): string {
  return `${day}T00:00:00+08:00`;
}

export function shanghaiDayEnd(day: string): string {
  return `${day}T23:59:59.999+08:00`;
}

/** Grouped number in the current language (`12,345`); `—` when unknown. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return new Intl.NumberFormat(currentLanguage()).format(value);
}

/** Coordinates as `110.33120, 20.03190`. */
export function formatLngLat(p: readonly [number, number] | null | undefined): string {
  if (!p) {
    return '—';
  }
  return `${p[0].toFixed(5)}, ${p[1].toFixed(5)}`;
}
