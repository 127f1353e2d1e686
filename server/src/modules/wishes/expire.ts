import { and, inArray, lt } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { writeAudit } from '../../platform/audit/audit.js';
import { applyToWish } from './commands.js';
import { wishes } from './schema.js';

/**
 * The expiry job (`wishes.expire`, every minute): wishes still submitted, verified or published after their
 * deadline become `expired` through the machine (part `system`), each with an audit entry. A claimed wish is not
 * expired: its claimer is delivering it.
 */
export async function expireWishes(tx: Tx, now = new Date(), limit = 500): Promise<number> {
  const due = await tx
    .select({ id: wishes.id })
    .from(wishes)
    .where(and(inArray(wishes.status, ['submitted', 'verified', 'published']), lt(wishes.deadline, now)))
    .limit(limit);
  for (const { id } of due) {
    const { before, after } = await applyToWish(tx, null, id, 'expire', () => ({}), ['system']);
    await writeAudit(tx, {
      cityId: after.cityId,
      actorId: null,
      actorName: null,
      action: 'wishes.expire',
      subjectType: 'wish',
      subjectId: after.id,
      regionPath: after.regionPath,
      ip: null,
      requestId: null,
      result: 'ok',
      detail: { from: before.status, to: after.status },
    });
  }
  return due.length;
}
