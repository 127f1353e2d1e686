import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import type { ScanPurpose } from './lists.js';

/** A QR code is good for one 30-second window (and, as tolerance, the next one). */
export const WINDOW_MS = 30_000;
const MAC_BYTES = 16;
const PURPOSE_BYTE: Record<ScanPurpose, number> = { in: 0x49, out: 0x4f };

export const windowAt = (ms: number): number => Math.floor(ms / WINDOW_MS);

/**
 * The activity's QR key: derived from the platform master key like micro-project voter keys (pb/ballot-box.ts),
 * through the keyed blind index with its own kind, so it needs no storage and differs for every activity.
 */
export const activityKey = (crypto: CryptoProvider, activityId: string): Buffer =>
  Buffer.from(crypto.blindIndex(activityId, 'activity_qr'), 'hex');

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

/** token = base64url(activity id (16 bytes) ‖ window (uint32 BE) ‖ purpose ('I' | 'O') ‖ HMAC-SHA256 (16 bytes)). */
export function makeToken(crypto: CryptoProvider, activityId: string, window: number, purpose: ScanPurpose): string {
  const body = Buffer.alloc(21);
  uuidBytes(activityId).copy(body, 0);
  body.writeUInt32BE(window, 16);
  body.writeUInt8(PURPOSE_BYTE[purpose], 20);
  return Buffer.concat([body, mac(activityKey(crypto, activityId), body)]).toString('base64url');
}

export interface DecodedToken {
  activityId: string;
  window: number;
  purpose: ScanPurpose;
  body: Buffer;
  tag: Buffer;
}

/** Splits a token into its parts, without checking the MAC; null when it cannot be one of ours. */
export function decodeToken(token: string): DecodedToken | null {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 21 + MAC_BYTES) return null;
  const body = raw.subarray(0, 21);
  const p = body.readUInt8(20);
  const purpose: ScanPurpose | null = p === PURPOSE_BYTE.in ? 'in' : p === PURPOSE_BYTE.out ? 'out' : null;
  if (!purpose) return null;
  return { activityId: uuidOf(body.subarray(0, 16)), window: body.readUInt32BE(16), purpose, body, tag: raw.subarray(21) };
}

/** The MAC is the activity's (constant-time comparison). */
export function tokenAuthentic(crypto: CryptoProvider, t: DecodedToken): boolean {
  const want = mac(activityKey(crypto, t.activityId), t.body);
  return want.length === t.tag.length && timingSafeEqual(want, t.tag);
}

/** Whether a window is current or the one before (tolerance: one window); 'future' windows cannot come from a screen. */
export function windowState(tokenWindow: number, nowMs: number): 'ok' | 'expired' | 'future' {
  const cur = windowAt(nowMs);
  if (tokenWindow > cur) return 'future';
  return cur - tokenWindow <= 1 ? 'ok' : 'expired';
}

/** Service minutes: check-out − check-in, rounded down to quarter hours, capped at the activity's duration. */
export function serviceMinutes(inAt: Date, outAt: Date, startsAt: Date, endsAt: Date): number {
  const worked = Math.max(0, Math.floor((outAt.getTime() - inAt.getTime()) / 60_000));
  const quarters = Math.floor(worked / 15) * 15;
  const duration = Math.floor((endsAt.getTime() - startsAt.getTime()) / 60_000);
  return Math.min(quarters, duration);
}
