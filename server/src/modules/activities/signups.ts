import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../platform/errors.js';
import type { Tx } from '../../platform/db/client.js';
import type { AuthState } from '../../platform/http/context.js';
import { activityClock } from './clock.js';
import { participantLedger } from './access.js';
import { activities, activitySignups } from './schema.js';

export type SignupRow = typeof activitySignups.$inferSelect;

/** Locks the activity row: every sign-up, cancellation, check-in and review of one activity runs one after another. */
export async function lockActivity(tx: Tx, id: string) {
  const [a] = await tx.select().from(activities).where(eq(activities.id, id)).for('update');
  if (!a) throw notFound('activity');
  return a;
}

/**
 * Signs the caller up: a place while fewer than `capacity` are signed up, else the waiting list. Serialised by the
 * activity row lock, so 100 concurrent sign-ups for 20 places give exactly 20 places and 80 waiting.
 */
export async function signUp(tx: Tx, auth: AuthState, activityId: string): Promise<SignupRow> {
  const a = await lockActivity(tx, activityId);
  const now = new Date(activityClock.now());
  if ((a.status !== 'published' && a.status !== 'started') || now >= a.endsAt) {
    throw new AppError(409, 'activity_not_open', 'the activity takes no sign-ups', undefined, { status: a.status });
  }
  const ledger = participantLedger(auth, a);
  if (!ledger) throw new AppError(403, 'out_of_scope');
  const [mine] = await tx.select().from(activitySignups).where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.userId, auth.userId))).limit(1);
  if (mine && mine.status !== 'cancelled') throw new AppError(409, 'activity_already_signed_up', 'already signed up', undefined, { status: mine.status });
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.status, 'signed_up')))) as [{ n: number }];
  const status = Number(n) < a.capacity ? 'signed_up' : 'waiting';
  const queueNo = a.signupSeq + 1;
  await tx.update(activities).set({ signupSeq: queueNo }).where(eq(activities.id, a.id));
  const values = { ledger, status, queueNo, signedAt: now, cancelledAt: null } as const;
  const [row] = mine
    ? await tx.update(activitySignups).set(values).where(eq(activitySignups.id, mine.id)).returning()
    : await tx.insert(activitySignups).values({ activityId: a.id, userId: auth.userId, ...values }).returning();
  return row!;
}

/**
 * Cancels the caller's sign-up. A freed place goes to the first on the waiting list (sign-up order); returns the
 * promoted sign-up, if any.
 */
export async function cancelSignup(tx: Tx, userId: string, activityId: string): Promise<{ cancelled: SignupRow; promoted: SignupRow | null }> {
  const a = await lockActivity(tx, activityId);
  if (a.status !== 'published' && a.status !== 'started') {
    throw new AppError(409, 'activity_not_open', 'the activity takes no sign-ups', undefined, { status: a.status });
  }
  const [mine] = await tx.select().from(activitySignups).where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.userId, userId))).limit(1);
  if (!mine || mine.status === 'cancelled') throw notFound('activity_signup');
  if (mine.checkedInAt) throw new AppError(409, 'activity_checked_in', 'checked in already');
  const [cancelled] = await tx
    .update(activitySignups)
    .set({ status: 'cancelled', cancelledAt: new Date(activityClock.now()) })
    .where(eq(activitySignups.id, mine.id))
    .returning();
  let promoted: SignupRow | null = null;
  if (mine.status === 'signed_up') {
    const [next] = await tx
      .select()
      .from(activitySignups)
      .where(and(eq(activitySignups.activityId, a.id), eq(activitySignups.status, 'waiting')))
      .orderBy(asc(activitySignups.queueNo))
      .limit(1);
    if (next) promoted = (await tx.update(activitySignups).set({ status: 'signed_up' }).where(eq(activitySignups.id, next.id)).returning())[0] ?? null;
  }
  return { cancelled: cancelled!, promoted };
}
