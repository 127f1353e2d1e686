import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import type { AppealRow } from './access.js';
import { appeals, appealTransitions } from './schema.js';

/**
 * Changes to a case that are not lifecycle steps (the machine does not decide them and the status stays):
 * supervision raised by hand, the reporter's anonymity, a caller's rating. Each leaves a history entry like a transition
 * (`from` = `to` = the status) with its actor, time and note, numbered in the case's sequence; the row's
 * version guards it as it guards a transition.
 */
export type HistoryCommand = 'supervise' | 'anonymity' | 'rate';

export async function writeHistoryEntry(
  tx: Tx,
  row: AppealRow,
  entry: { command: HistoryCommand; actorId: string; actorRole: string; note?: string | null; data: Record<string, unknown> },
  columns: Partial<Pick<AppealRow, 'supervision' | 'anonymous'>>,
): Promise<AppealRow> {
  const at = new Date();
  const [updated] = await tx
    .update(appeals)
    .set({ ...columns, version: row.version + 1, updatedAt: at })
    .where(and(eq(appeals.id, row.id), eq(appeals.version, row.version)))
    .returning();
  if (!updated) throw new AppError(409, 'appeal_changed', 'the case changed meanwhile');
  await tx.insert(appealTransitions).values({
    appealId: row.id,
    seq: updated.version,
    at,
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    command: entry.command,
    fromStatus: row.status,
    toStatus: row.status,
    note: entry.note ?? null,
    attachments: [],
    data: entry.data,
  });
  return updated;
}
