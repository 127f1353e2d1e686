import { and, eq } from 'drizzle-orm';
import { AppError, badRequest } from '../../platform/errors.js';
import type { Tx } from '../../platform/db/client.js';
import type { CryptoProvider } from '../../platform/pii/crypto-provider.js';
import { haversineMeters } from '../../platform/geo/distance.js';
import { activityClock } from './clock.js';
import { decodeToken, serviceMinutes, tokenAuthentic, windowState } from './qr-token.js';
import { lockActivity, type SignupRow } from './signups.js';
import { activities, activitySignups } from './schema.js';
import type { ScanPurpose } from './lists.js';

/** Before the start, check-in opens this early; check-out stays open this long after the end. */
export const EARLY_CHECKIN_MS = 60 * 60_000;
export const LATE_CHECKOUT_MS = 2 * 60 * 60_000;

export interface ScanInput {
  token: string;
  /** WGS-84 position of the phone, required when the activity has a geofence. */
  position?: { lng: number; lat: number };
}

/** The activity a token names, when it is well-formed and authentic (400 `checkin_token_invalid` otherwise). */
export function verifiedToken(crypto: CryptoProvider, token: string) {
  const t = decodeToken(token);
  if (!t || !tokenAuthentic(crypto, t)) throw badRequest('checkin_token_invalid', 'token');
  return t;
}

/**
 * Checks the caller in or out with a QR token from the organiser's screen. Refuses tokens that are forged (400),
 * from a window before the previous one (409 `checkin_token_expired`), a second scan of the same purpose (409
 * `checkin_replayed`), a check-out before the check-in, and positions outside the geofence (409 with the distance).
 */
export async function scan(tx: Tx, crypto: CryptoProvider, userId: string, input: ScanInput): Promise<{ purpose: ScanPurpose; signup: SignupRow; activityId: string }> {
  const t = verifiedToken(crypto, input.token);
  const nowMs = activityClock.now();
  const w = windowState(t.window, nowMs);
  if (w === 'future') throw badRequest('checkin_token_invalid', 'token');
  if (w === 'expired') throw new AppError(409, 'checkin_token_expired', 'the code has expired; scan the current one', 'token');
  const a = await lockActivity(tx, t.activityId);
  if (a.status !== 'published' && a.status !== 'started') throw new AppError(409, 'activity_not_open', 'the activity is not under way', undefined, { status: a.status });
  const openFrom = a.startsAt.getTime() - EARLY_CHECKIN_MS;
  const openTo = t.purpose === 'in' ? a.endsAt.getTime() : a.endsAt.getTime() + LATE_CHECKOUT_MS;
  if (nowMs < openFrom || nowMs > openTo) throw new AppError(409, 'activity_not_open', 'not the time of the activity', undefined, { status: a.status });
  const [s] = await tx.select().from(activitySignups).where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.userId, userId))).limit(1);
  if (!s || s.status !== 'signed_up') throw new AppError(409, 'activity_not_signed_up', 'no place in this activity');
  if (t.purpose === 'in' ? s.checkedInAt : s.checkedOutAt) throw new AppError(409, 'checkin_replayed', 'scanned already', 'token', { purpose: t.purpose });
  if (t.purpose === 'out' && !s.checkedInAt) throw new AppError(409, 'checkout_before_checkin', 'check in first', 'token');
  if (a.geofenceM != null && a.venueLng != null && a.venueLat != null) {
    if (!input.position) throw badRequest('position_required', 'position');
    const d = Math.round(haversineMeters([input.position.lng, input.position.lat], [a.venueLng, a.venueLat]));
    if (d > a.geofenceM) throw new AppError(409, 'checkin_outside_geofence', 'too far from the venue', 'position', { distanceM: d, geofenceM: a.geofenceM });
  }
  const now = new Date(nowMs);
  const set =
    t.purpose === 'in'
      ? { checkedInAt: now }
      : { checkedOutAt: now, serviceMinutes: serviceMinutes(s.checkedInAt!, now, a.startsAt, a.endsAt) };
  const [signup] = await tx.update(activitySignups).set(set).where(eq(activitySignups.id, s.id)).returning();
  if (a.status === 'published') await tx.update(activities).set({ status: 'started', updatedAt: now }).where(eq(activities.id, a.id));
  return { purpose: t.purpose, signup: signup!, activityId: a.id };
}
