import type { pointsEntries } from './schema.js';

type EntryRow = typeof pointsEntries.$inferSelect;

/** An entry as the API shows it (the chain fields included, so a holder can keep receipts). */
export const presentEntry = (e: EntryRow) => ({
  id: e.id,
  kind: e.kind,
  userId: e.userId,
  seq: e.seq,
  delta: e.delta,
  reason: e.reason,
  sourceType: e.sourceType,
  sourceId: e.sourceId,
  note: e.note,
  reversesId: e.reversesId,
  actorId: e.actorId,
  createdAt: e.createdAt.toISOString(),
  hash: e.hash,
});
