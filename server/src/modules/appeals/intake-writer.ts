import { and, eq, getTableColumns, inArray, isNull, or } from 'drizzle-orm';
import type { Services } from '../../platform/services.js';
import type { Tx } from '../../platform/db/client.js';
import { Batcher, isolateFailures, type Settled } from '../../platform/db/batcher.js';
import { jsonInsert } from '../../platform/db/json-rows.js';
import { newId } from '../../platform/db/columns.js';
import { writeAuditMany, type AuditEntry } from '../../platform/audit/audit.js';
import type { DomainEvent } from '../../platform/events/bus.js';
import { badRequest } from '../../platform/errors.js';
import { files } from '../../platform/files/schema.js';
import { appealCallers, appeals, appealTransitions } from './schema.js';
import type { AppealRow } from './access.js';
import { candidatePools, countLookups, rankSuggestions, type PoolRow, type Suggestion } from './duplicates/suggest.js';

/**
 * Writing new cases. Everything intake decided — the case row in its final state, its transitions, the caller,
 * the attachments to claim, the audit entry and the event — is written in one transaction, which then reads the
 * candidates for each new case's duplicate suggestions. Cases arriving
 * together share that transaction (group commit, see platform/db/batcher.ts): one multi-row statement per
 * table for the whole batch, so a busy hotline costs the database a handful of statements per batch instead of
 * seven per case. If anything in a batch fails, the batch is rolled back and each case is written again on its
 * own, so a bad case fails alone and no case is half-written.
 *
 * Idempotency: the insert skips a case whose (city, reporter-scoped Idempotency-Key) already exists — also one
 * being written by another transaction at the same moment, which the unique index makes it wait for — and such
 * a case is answered with the stored one (`replayed`), with nothing else written.
 */
export interface PreparedIntake {
  /** Column values, every column intake sets; `number` is the prefix (Shanghai date and a dash), the digits come from the sequence. */
  appeal: typeof appeals.$inferInsert & { id: string; cityId: string; number: string; idempotencyKey: string | null };
  transitions: Array<Omit<typeof appealTransitions.$inferInsert, 'appealId'>>;
  caller: Omit<typeof appealCallers.$inferInsert, 'appealId' | 'originalAppealId'>;
  /** Uploaded files to attach: must be the reporter's own and not yet attached to anything. */
  attachments: { ids: string[]; uploadedBy: string } | null;
  audit: Omit<AuditEntry, 'subjectId'>;
  event: Omit<DomainEvent, 'id' | 'at' | 'subjectId'>;
  /** The category's radius for duplicate suggestions, in metres. */
  duplicateRadius: number;
}

/** A new case with its duplicate suggestions, or the first case of a replayed key (no suggestions). */
export type WrittenIntake = { appeal: AppealRow; created: true; duplicates: Suggestion[] } | { appeal: AppealRow; created: false; duplicates: [] };

/** The case number: the prefix given (the Shanghai date and a dash) and the next of the sequence, 6 digits at least. */
const NUMBER = `r.number || (case when s.n < 1000000 then lpad(s.n::text, 6, '0') else s.n::text end)`;
/** Drawn once per row: the subquery refers to the row, so it cannot be computed once for all. */
const NUMBER_FROM = `cross join lateral (select nextval('appeal_number_seq') as n where r.id is not null) s`;

const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/** Every column of a case, null: the base of a row known in memory (what intake does not set stays null). */
const NULL_ROW = Object.fromEntries(Object.keys(getTableColumns(appeals)).map((k) => [k, null])) as unknown as AppealRow;

/**
 * The stored row of a new case, from what intake wrote and what the database added (the number, the creation
 * time): reading the whole row back would cost a parse of its JSON columns per case. A test compares it with
 * the row read from the database.
 */
function writtenRow(values: PreparedIntake['appeal'], added: { number: string; created_at: Date | string }): AppealRow {
  return { ...NULL_ROW, ...values, number: added.number, createdAt: new Date(added.created_at) } as AppealRow;
}

async function writeAll(tx: Tx, services: Services, items: PreparedIntake[]): Promise<Map<string, { row: AppealRow; pool: PoolRow[] }>> {
  const values = new Map(items.map((i) => [i.appeal.id, i.appeal]));
  const inserted = rowsOf<{ id: string; number: string; created_at: Date | string }>(
    await tx.execute(
      jsonInsert(
        appeals,
        items.map((i) => i.appeal),
        {
          expressions: { number: NUMBER },
          from: NUMBER_FROM,
          suffix: 'on conflict (city_id, idempotency_key) do nothing returning id, number, created_at',
        },
      ),
    ),
  );
  const byId = new Map(inserted.map((r) => [r.id, writtenRow(values.get(r.id)!, r)]));
  const fresh = items.filter((i) => byId.has(i.appeal.id));
  if (!fresh.length) return new Map();
  await tx.execute(
    jsonInsert(
      appealTransitions,
      fresh.flatMap((i) => i.transitions.map((t) => ({ appealId: i.appeal.id, ...t }))),
    ),
  );
  await tx.execute(
    jsonInsert(
      appealCallers,
      fresh.map((i) => ({ id: newId(), appealId: i.appeal.id, originalAppealId: i.appeal.id, ...i.caller })),
    ),
  );
  for (const i of fresh) {
    if (!i.attachments?.ids.length) continue;
    const claimed = await tx
      .update(files)
      .set({ ownerType: 'appeal', ownerId: i.appeal.id })
      .where(and(inArray(files.id, i.attachments.ids), eq(files.uploadedBy, i.attachments.uploadedBy), isNull(files.ownerId)))
      .returning({ id: files.id });
    if (claimed.length !== i.attachments.ids.length) throw badRequest('attachment_invalid', 'attachments');
  }
  await writeAuditMany(
    tx,
    fresh.map((i) => ({ ...i.audit, subjectId: i.appeal.id, detail: { number: byId.get(i.appeal.id)!.number, ...i.audit.detail } })),
  );
  await services.events.emitMany(
    tx,
    fresh.map((i) => ({ ...i.event, subjectId: i.appeal.id })),
  );
  // The candidates for duplicate suggestions, in the same round: cases filed in this batch see each other too.
  const pools = await candidatePools(
    tx,
    fresh.map((i) => ({ appeal: byId.get(i.appeal.id)!, radius: i.duplicateRadius })),
  );
  countLookups(pools);
  return new Map(fresh.map((i, k) => [i.appeal.id, { row: byId.get(i.appeal.id)!, pool: pools[k]! }]));
}

/** The batch in one transaction: for each item its new row and candidates, or null when its key had been used already. */
async function writeBatch(services: Services, items: PreparedIntake[]): Promise<Array<{ row: AppealRow; pool: PoolRow[] } | null>> {
  const written = await services.database.db.transaction((tx) => writeAll(tx, services, items));
  return items.map((i) => written.get(i.appeal.id) ?? null);
}

/** Writes the batch (each item alone if the batch fails), then reads the first case of every replay. */
async function handleBatch(services: Services, items: PreparedIntake[]): Promise<Array<Settled<WrittenIntake>>> {
  const settled = await isolateFailures(items, (batch) => writeBatch(services, batch));
  const replays = items.filter((_, k) => settled[k]!.ok && (settled[k] as { value: unknown }).value === null);
  const existing = new Map<string, AppealRow>();
  if (replays.length) {
    const rows = await services.database.db
      .select()
      .from(appeals)
      .where(or(...replays.map((i) => and(eq(appeals.cityId, i.appeal.cityId), eq(appeals.idempotencyKey, i.appeal.idempotencyKey!)))));
    for (const r of rows) existing.set(`${r.cityId} ${r.idempotencyKey}`, r);
  }
  return items.map((i, k): Settled<WrittenIntake> => {
    const s = settled[k]!;
    if (!s.ok) return s;
    if (s.value) {
      const duplicates = rankSuggestions({ appeal: s.value.row, radius: i.duplicateRadius }, s.value.pool);
      return { ok: true, value: { appeal: s.value.row, created: true, duplicates } };
    }
    // Skipped only on a key conflict, so the first case exists (cases are never deleted).
    const first = existing.get(`${i.appeal.cityId} ${i.appeal.idempotencyKey}`);
    return first ? { ok: true, value: { appeal: first, created: false, duplicates: [] } } : { ok: false, error: new Error('an intake was skipped but its first case was not found') };
  });
}

const writers = new WeakMap<Services, Batcher<PreparedIntake, WrittenIntake>>();

function writer(services: Services) {
  let w = writers.get(services);
  if (!w) {
    w = new Batcher((items) => handleBatch(services, items), { maxBatch: 64, inFlight: 1 });
    writers.set(services, w);
  }
  return w;
}

/** Writes one prepared case, together with whatever other cases this process is writing at the moment. */
export function writeIntake(services: Services, item: PreparedIntake): Promise<WrittenIntake> {
  return writer(services).submit(item);
}

/** How this process's intakes were grouped so far: batches, cases, the largest batch. */
export const intakeBatchStats = (services: Services) => ({ ...writer(services).stats });
