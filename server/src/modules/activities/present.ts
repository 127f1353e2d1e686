import { maskName } from '../../platform/pii/mask.js';
import type { ActivityRow, TeamRow } from './access.js';
import type { SignupRow } from './signups.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentActivity(a: ActivityRow, counts?: { signedUp: number; waiting: number }) {
  return {
    id: a.id,
    regionId: a.regionId,
    regionPath: a.regionPath,
    organiserKind: a.organiserKind,
    organiserId: a.organiserId,
    title: a.title,
    description: a.description,
    venue: a.venue,
    venuePoint: a.venueLng != null && a.venueLat != null ? { lng: a.venueLng, lat: a.venueLat } : null,
    geofenceM: a.geofenceM,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    capacity: a.capacity,
    serviceItemCode: a.serviceItemCode,
    audience: a.audience,
    partyRule: a.partyRule,
    creditRule: a.creditRule,
    status: a.status,
    cancelReason: a.cancelReason,
    publishedAt: iso(a.publishedAt),
    reviewedAt: iso(a.reviewedAt),
    createdAt: a.createdAt.toISOString(),
    ...(counts ? { signedUp: counts.signedUp, waiting: counts.waiting } : {}),
  };
}

export function presentSignup(s: SignupRow, waitingPosition?: number | null) {
  return {
    id: s.id,
    activityId: s.activityId,
    userId: s.userId,
    ledger: s.ledger,
    status: s.status,
    queueNo: s.queueNo,
    ...(waitingPosition !== undefined ? { waitingPosition } : {}),
    signedAt: s.signedAt.toISOString(),
    checkedInAt: iso(s.checkedInAt),
    checkedOutAt: iso(s.checkedOutAt),
    serviceMinutes: s.serviceMinutes,
    review: s.review,
    approvedMinutes: s.approvedMinutes,
    points: s.points,
  };
}

export const presentTeam = (t: TeamRow, members?: Array<{ userId: string; displayName: string; role: string }>) => ({
  id: t.id,
  regionId: t.regionId,
  regionPath: t.regionPath,
  name: t.name,
  createdAt: t.createdAt.toISOString(),
  ...(members ? { members } : {}),
});

/** Names on public rankings: the surname and stars (张**). */
export const rankedName = (name: string) => maskName(name);
