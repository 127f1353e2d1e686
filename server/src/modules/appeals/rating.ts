import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../platform/errors.js';
import { runCommand } from '../../platform/http/command.js';
import type { Services } from '../../platform/services.js';
import type { Tx } from '../../platform/db/client.js';
import type { AppealRow } from './access.js';
import { writeHistoryEntry } from './history-entries.js';
import { apply } from './machine.js';
import { persistTransition, storedState } from './persist.js';
import { appealCallers, appeals } from './schema.js';

export type Rating = 'satisfied' | 'basic' | 'unsatisfied';

/** A caller may rate once the handler has replied, until the return visit is made. */
const RATABLE = new Set(['replied', 'reviewed']);
const WORST: readonly Rating[] = ['unsatisfied', 'basic', 'satisfied'];

/**
 * A resident rates the handling of their own case (评价) on the H5 page. The rating is that caller's return
 * visit: it is kept on their caller record, and is in the case history with their comment. A case merged from
 * several calls is rated by each of its callers with an account; callers reached by phone are visited by the
 * dispatcher, whose result then applies to the callers who have not rated.
 *
 * When the reply has been approved (审核) and every caller of the case has rated, none of them unsatisfied, the
 * system makes the return visit itself with the least good result (`autoVisit`). An unsatisfied rating leaves
 * the visit to the dispatcher, who calls back and decides whether the handler was at fault (重办) — the machine
 * is the one place that decides, as for every other step.
 */
export async function rateCase(services: Services, req: FastifyRequest, appealId: string, input: { result: Rating; comment?: string | null }) {
  const auth = req.ctx.auth!;
  return runCommand(services, req, 'appeals.rate', async ({ tx, emit }) => {
    const [row] = await tx.select().from(appeals).where(eq(appeals.id, appealId)).for('update').limit(1);
    if (!row) throw notFound('appeal');
    if (!RATABLE.has(row.status)) throw new AppError(409, 'rating_not_open', 'the case cannot be rated now');
    const mine = await tx
      .update(appealCallers)
      .set({ visitResult: input.result, visitedAt: new Date() })
      .where(and(eq(appealCallers.appealId, row.id), eq(appealCallers.userId, auth.userId)))
      .returning({ id: appealCallers.id });
    if (mine.length === 0) throw new AppError(403, 'not_a_caller', 'only a caller of the case may rate it');
    let updated = await writeHistoryEntry(
      tx,
      row,
      { command: 'rate', actorId: auth.userId, actorRole: 'caller', note: input.comment ?? null, data: { result: input.result } },
      {},
    );
    updated = (await autoVisit(tx, services, updated)) ?? updated;
    await emit({ type: 'appeal.rated', subjectId: row.id, payload: { appealId: row.id, result: input.result } });
    return {
      value: updated,
      subjectType: 'appeal',
      subjectId: row.id,
      cityId: row.cityId,
      regionPath: row.regionPath,
      detail: { result: input.result, visited: updated.status === 'visited' },
    };
  });
}

/**
 * The system's return visit of an approved case whose callers have all rated and none is unsatisfied; null when
 * it does not apply. Called after a rating and after the reply is approved.
 */
export async function autoVisit(tx: Tx, services: Services, row: AppealRow): Promise<AppealRow | null> {
  if (row.status !== 'reviewed') return null;
  const callers = await tx.select({ result: appealCallers.visitResult }).from(appealCallers).where(eq(appealCallers.appealId, row.id));
  if (callers.length === 0 || callers.some((c) => c.result === null || c.result === 'unreachable')) return null;
  const results = callers.map((c) => c.result as Rating);
  if (results.includes('unsatisfied')) return null;
  const result = WORST.find((r) => results.includes(r))!;
  const stored = storedState(row);
  const now = Date.now();
  const next = apply(stored, { type: 'visit', result, handlerAtFault: false }, { actor: { id: 'system', kind: 'system' }, now, calendar: services.calendar, rules: stored.rules });
  return persistTransition(tx, row, next, { actorId: null, actorRole: 'system', data: { result, from: 'ratings' } });
}
