import { and, eq, getTableColumns, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Services } from '../../platform/services.js';
import type { Db, Tx } from '../../platform/db/client.js';
import { Batcher, isolateFailures, type Settled } from '../../platform/db/batcher.js';
import { jsonInsert } from '../../platform/db/json-rows.js';
import { newId } from '../../platform/db/columns.js';
import { writeAuditMany, type AuditEntry } from '../../platform/audit/audit.js';
import { auditLog, auditPending } from '../../platform/audit/schema.js';
import type { DomainEvent } from '../../platform/events/bus.js';
import { events } from '../../platform/events/schema.js';
import { badRequest } from '../../platform/errors.js';
import { files } from '../../platform/files/schema.js';
import { appealCallers, appeals, appealTransitions } from './schema.js';
import type { AppealRow } from './access.js';
import { candidatePools, countLookups, rankSuggestions, type Suggestion } from './duplicates/suggest.js';

/**
 * Writing new cases. Everything intake decided — the case row in its final state, its transitions, the caller,
 * the attachments to claim, the audit entry and the event — is written atomically. Cases arriving together are
 * written together (group commit, see platform/db/batcher.ts), one multi-row insert per table for the whole
 * batch, the rows passing as one JSON parameter each (platform/db/json-rows.ts):
 *
 * - usually as ONE statement (data-modifying CTEs: atomic without BEGIN and COMMIT, one round trip per batch);
 * - in a transaction of several statements when a case of the batch claims uploaded files (each claim is checked)
 *   or when the event has subscribers (their jobs are queued with it).
 *
 * If anything in a batch fails, nothing of it is written, and each case is written again on its own, so a bad
 * case fails alone with its own error. Afterwards one query reads the candidates for the duplicate suggestions of
 * every new case of the batch (cases of the batch see each other).
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
const INSERT_CASES = { expressions: { number: NUMBER }, from: NUMBER_FROM, suffix: 'on conflict (city_id, idempotency_key) do nothing returning id, number, created_at' };

type Added = { id: string; number: string; created_at: Date | string };
const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/** Every column of a case, null: the base of a row known in memory (what intake does not set stays null). */
const NULL_ROW = Object.fromEntries(Object.keys(getTableColumns(appeals)).map((k) => [k, null])) as unknown as AppealRow;

/**
 * The stored row of a new case, from what intake wrote and what the database added (the number, the creation
 * time): reading the whole row back would cost a parse of its JSON columns per case. A test compares it with
 * the row read from the database.
 */
function writtenRow(values: PreparedIntake['appeal'], added: Added): AppealRow {
  return { ...NULL_ROW, ...values, number: added.number, createdAt: new Date(added.created_at) } as AppealRow;
}

const transitionRows = (items: PreparedIntake[]) => items.flatMap((i) => i.transitions.map((t) => ({ appealId: i.appeal.id, ...t })));
const callerRows = (items: PreparedIntake[]) => items.map((i) => ({ id: newId(), appealId: i.appeal.id, originalAppealId: i.appeal.id, ...i.caller }));
const auditRows = (items: PreparedIntake[]) =>
  items.map((i) => ({
    cityId: i.audit.cityId ?? null,
    actorId: i.audit.actorId ?? null,
    actorName: i.audit.actorName ?? null,
    action: i.audit.action,
    subjectType: i.audit.subjectType ?? null,
    subjectId: i.appeal.id,
    regionPath: i.audit.regionPath ?? null,
    ip: i.audit.ip ?? null,
    requestId: i.audit.requestId ?? null,
    result: i.audit.result,
    detail: i.audit.detail ?? {},
  }));
const eventRows = (items: PreparedIntake[]) =>
  items.map((i) => ({ type: i.event.type, cityId: i.event.cityId, actorId: i.event.actorId, subjectId: i.appeal.id, payload: i.event.payload }));

/**
 * The batch as one statement: the cases, and — for those actually inserted (a replayed key is skipped) — their
 * transitions, callers, audit entries (with the number drawn for the case), seal-queue places and events.
 */
async function writeInOneStatement(db: Db, items: PreparedIntake[]): Promise<Added[]> {
  const ofNew = 'where r.appeal_id in (select id from a)';
  const res = await db.execute(sql`
    with a as (${jsonInsert(appeals, items.map((i) => i.appeal), INSERT_CASES)}),
    t as (${jsonInsert(appealTransitions, transitionRows(items), { suffix: ofNew })}),
    c as (${jsonInsert(appealCallers, callerRows(items), { suffix: ofNew })}),
    l as (${jsonInsert(auditLog, auditRows(items), {
      expressions: { detail: `jsonb_build_object('number', a.number) || r.detail` },
      from: 'join a on a.id::text = r.subject_id',
      suffix: 'returning id',
    })}),
    p as (insert into ${auditPending} (audit_id) select id from l),
    e as (${jsonInsert(events, eventRows(items), { suffix: 'where r.subject_id in (select id::text from a)' })})
    select id, number, created_at from a`);
  return rowsOf<Added>(res);
}

/** The batch as a transaction of several statements: claims of uploaded files are checked, subscribers' jobs queued. */
async function writeInTransaction(tx: Tx, services: Services, items: PreparedIntake[]): Promise<Added[]> {
  const added = rowsOf<Added>(await tx.execute(jsonInsert(appeals, items.map((i) => i.appeal), INSERT_CASES)));
  const ids = new Set(added.map((r) => r.id));
  const fresh = items.filter((i) => ids.has(i.appeal.id));
  if (!fresh.length) return added;
  const number = new Map(added.map((r) => [r.id, r.number]));
  await tx.execute(jsonInsert(appealTransitions, transitionRows(fresh)));
  await tx.execute(jsonInsert(appealCallers, callerRows(fresh)));
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
    fresh.map((i) => ({ ...i.audit, subjectId: i.appeal.id, detail: { number: number.get(i.appeal.id)!, ...i.audit.detail } })),
  );
  await services.events.emitMany(
    tx,
    fresh.map((i) => ({ ...i.event, subjectId: i.appeal.id })),
  );
  return added;
}

/** The batch, atomically: for each item its new row, or null when its key had been used already. */
async function writeBatch(services: Services, items: PreparedIntake[]): Promise<Array<AppealRow | null>> {
  const { db } = services.database;
  const simple = items.every((i) => !i.attachments?.ids.length && !services.events.hasSubscribers(i.event.type));
  const added = simple ? await writeInOneStatement(db, items) : await db.transaction((tx) => writeInTransaction(tx, services, items));
  const byId = new Map(added.map((r) => [r.id, r]));
  return items.map((i) => {
    const a = byId.get(i.appeal.id);
    return a ? writtenRow(i.appeal, a) : null;
  });
}

/**
 * Writes the batch (each item alone if the batch fails), reads the first case of every replay, and the candidates
 * for the duplicate suggestions of the new cases (a failure there costs the suggestions, never the cases).
 */
async function handleBatch(services: Services, items: PreparedIntake[]): Promise<Array<Settled<WrittenIntake>>> {
  const settled = await isolateFailures(items, (batch) => writeBatch(services, batch));
  const rowOf = (k: number) => (settled[k]!.ok ? (settled[k] as { value: AppealRow | null }).value : null);
  const replays = items.filter((_, k) => settled[k]!.ok && rowOf(k) === null);
  const existing = new Map<string, AppealRow>();
  if (replays.length) {
    const rows = await services.database.db
      .select()
      .from(appeals)
      .where(or(...replays.map((i) => and(eq(appeals.cityId, i.appeal.cityId), eq(appeals.idempotencyKey, i.appeal.idempotencyKey!)))));
    for (const r of rows) existing.set(`${r.cityId} ${r.idempotencyKey}`, r);
  }
  const created = items.map((i, k) => ({ i, row: rowOf(k) })).filter((x): x is { i: PreparedIntake; row: AppealRow } => x.row !== null);
  const suggestions = new Map<string, Suggestion[]>();
  try {
    const pools = await candidatePools(
      services.database.db,
      created.map((x) => ({ appeal: x.row, radius: x.i.duplicateRadius })),
    );
    countLookups(pools);
    created.forEach((x, k) => suggestions.set(x.row.id, rankSuggestions({ appeal: x.row, radius: x.i.duplicateRadius }, pools[k]!)));
  } catch (err) {
    services.log.warn({ err }, 'duplicate suggestions failed for a batch of new cases');
  }
  return items.map((i, k): Settled<WrittenIntake> => {
    const s = settled[k]!;
    if (!s.ok) return s;
    const row = rowOf(k);
    if (row) return { ok: true, value: { appeal: row, created: true, duplicates: suggestions.get(row.id) ?? [] } };
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
