import { and, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { activitySignups } from './schema.js';
import type { SignupRow } from './signups.js';

export async function signupCounts(db: DbOrTx, activityId: string): Promise<{ signedUp: number; waiting: number }> {
  const rows = await db
    .select({ status: activitySignups.status, n: sql<number>`count(*)::int` })
    .from(activitySignups)
    .where(eq(activitySignups.activityId, activityId))
    .groupBy(activitySignups.status);
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { signedUp: n('signed_up'), waiting: n('waiting') };
}

/** 1 for the first on the waiting list. */
export async function waitingPosition(db: DbOrTx, s: SignupRow): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, s.activityId), eq(activitySignups.status, 'waiting'), lt(activitySignups.queueNo, s.queueNo)));
  return Number(r?.n ?? 0) + 1;
}
