import { and, eq, inArray } from 'drizzle-orm';
import { AppError, badRequest } from '../../platform/errors.js';
import type { CommandContext } from '../../platform/http/command.js';
import { awardByRule } from '../points/ledger.js';
import { activityClock } from './clock.js';
import { lockActivity } from './signups.js';
import { activities, activitySignups } from './schema.js';

/** Rules paid per hour of service rather than once per attendance. */
const perHour = (rule: string) => rule.endsWith('_hour');

export interface ReviewEntry {
  userId: string;
  outcome: 'approved' | 'absent';
  /** Approved service minutes; default: the measured ones (check-in to check-out). */
  minutes?: number;
}

export interface ReviewResult {
  userId: string;
  outcome: 'approved' | 'absent';
  minutes: number | null;
  points: number;
  replayed: boolean;
}

/** The idempotency key of an activity's award: one award per member and activity, however often it is reviewed. */
export const awardKey = (activityId: string, userId: string) => `activity:${activityId}:${userId}`;

/**
 * 审核: after the end, the organiser approves service minutes or marks participants absent. Each approval awards
 * points by the activity's rule (Party points for members, credit points for residents) in the same transaction,
 * with the key `activity:<id>:<userId>`, so a repeated or concurrent review never pays twice. An approval is final.
 * Once no participant is pending the activity is `reviewed`.
 */
export async function reviewAttendance(c: CommandContext, activityId: string, entries: ReviewEntry[]) {
  const { tx } = c;
  const a = await lockActivity(tx, activityId);
  const now = new Date(activityClock.now());
  const over = a.status === 'ended' || a.status === 'reviewed' || ((a.status === 'published' || a.status === 'started') && now >= a.endsAt);
  if (!over) throw new AppError(409, 'activity_not_reviewable', 'review after the end', undefined, { status: a.status });
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.userId)) throw badRequest('validation', `participants.${i}.userId`, { detail: 'named twice' });
    seen.add(e.userId);
  });
  const rows = entries.length
    ? await tx.select().from(activitySignups).where(and(eq(activitySignups.activityId, a.id), inArray(activitySignups.userId, [...seen])))
    : [];
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  const duration = Math.floor((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000);
  const results: ReviewResult[] = [];
  for (const [i, e] of entries.entries()) {
    const s = byUser.get(e.userId);
    if (!s || s.status !== 'signed_up') throw badRequest('activity_not_participant', `participants.${i}.userId`);
    if (s.review === 'approved' && e.outcome === 'absent') throw new AppError(409, 'activity_review_final', 'approved already', `participants.${i}.outcome`);
    if (e.outcome === 'absent') {
      await tx.update(activitySignups).set({ review: 'absent', approvedMinutes: 0, reviewedBy: c.actor?.userId ?? null, reviewedAt: now }).where(eq(activitySignups.id, s.id));
      results.push({ userId: e.userId, outcome: 'absent', minutes: 0, points: 0, replayed: false });
      continue;
    }
    const minutes = s.review === 'approved' ? s.approvedMinutes! : Math.min(duration, e.minutes ?? s.serviceMinutes ?? 0);
    const award = await awardByRule(tx, {
      kind: s.ledger,
      cityId: a.cityId,
      userId: s.userId,
      rule: s.ledger === 'party' ? a.partyRule : a.creditRule,
      sourceType: 'activity',
      sourceId: a.id,
      idempotencyKey: awardKey(a.id, s.userId),
      actorUserId: c.actor?.userId ?? null,
      // Per-hour rules (service_hour, volunteer_hour) pay for the approved hours; the others once.
      quantity: perHour(s.ledger === 'party' ? a.partyRule : a.creditRule) ? minutes / 60 : 1,
    });
    if (s.review !== 'approved') {
      await tx
        .update(activitySignups)
        .set({ review: 'approved', approvedMinutes: minutes, points: award.points, pointsEntryId: award.entryId, reviewedBy: c.actor?.userId ?? null, reviewedAt: now })
        .where(eq(activitySignups.id, s.id));
    }
    const replayed = award.replayed || s.review === 'approved';
    if (!replayed) {
      await c.emit({ type: 'activity.points_awarded', subjectId: a.id, cityId: a.cityId, payload: { activityId: a.id, userId: s.userId, kind: s.ledger, points: award.points, minutes } });
    }
    results.push({ userId: e.userId, outcome: 'approved', minutes, points: replayed ? (s.points ?? award.points) : award.points, replayed });
  }
  const pending = await tx
    .select({ id: activitySignups.id })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.status, 'signed_up'), eq(activitySignups.review, 'pending')))
    .limit(1);
  const status = pending.length ? 'ended' : 'reviewed';
  const [updated] = await tx
    .update(activities)
    .set({ status, reviewedAt: status === 'reviewed' ? now : null, updatedAt: now })
    .where(eq(activities.id, a.id))
    .returning();
  return { activity: updated!, results };
}
