import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { auditLog, auditPending } from './schema.js';
import { jsonInsert } from '../db/json-rows.js';
import { GENESIS_HASH, canonicalJson, sm3 } from './canonical.js';

export interface AuditEntry {
  cityId?: string | null;
  actorId?: string | null;
  actorName?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  regionPath?: string | null;
  ip?: string | null;
  requestId?: string | null;
  result: 'ok' | 'denied' | 'error';
  /** Never personal data: ids, field names, codes. */
  detail?: Record<string, unknown> | null;
}

/** Appends one audit row (and queues it for sealing) inside the caller's transaction. */
export async function writeAudit(tx: DbOrTx, entry: AuditEntry): Promise<number> {
  const [row] = await tx.insert(auditLog).values(auditRow(entry)).returning({ id: auditLog.id });
  await tx.insert(auditPending).values({ auditId: row!.id });
  return row!.id;
}

/** The columns of an entry's row. */
function auditRow(entry: AuditEntry) {
  return {
    cityId: entry.cityId ?? null,
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    regionPath: entry.regionPath ?? null,
    ip: entry.ip ?? null,
    requestId: entry.requestId ?? null,
    result: entry.result,
    detail: entry.detail ?? null,
  };
}

/** Several entries in one statement (group commit): the log rows and their places in the seal queue. */
export async function writeAuditMany(tx: DbOrTx, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map(auditRow);
  await tx.execute(sql`with written as (${jsonInsert(auditLog, rows, { suffix: 'returning id' })})
    insert into audit_pending (audit_id) select id from written`);
}

interface AuditRow {
  id: number;
  at: Date | string;
  city_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  region_path: string | null;
  ip: string | null;
  request_id: string | null;
  result: string;
  detail: unknown;
}

/** SM3 of the canonical form of an audit row: every column takes part. */
export function hashAuditRow(r: AuditRow): string {
  const at = r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString();
  return sm3(
    canonicalJson({
      id: Number(r.id),
      at,
      cityId: r.city_id,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      regionPath: r.region_path,
      ip: r.ip,
      requestId: r.request_id,
      result: r.result,
      detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
    }),
  );
}

const SEAL_LOCK = 727274002;
const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

/** Chains up to `batch` pending audit rows inside the caller's transaction; -1 when another sealer holds the lock. */
export async function sealBatch(tx: DbOrTx, batch = 2000): Promise<number> {
  const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as ok`));
  if (!lock?.ok) return -1;
  const pending = rowsOf<{ audit_id: number }>(
    await tx.execute(
      sql`delete from audit_pending where audit_id in (select audit_id from audit_pending order by audit_id limit ${batch}) returning audit_id`,
    ),
  );
  if (pending.length === 0) return 0;
  const ids = pending.map((p) => Number(p.audit_id)).sort((a, b) => a - b);
  const rows = rowsOf<AuditRow>(
    await tx.execute(sql`select * from audit_log where id = any(${sql.raw(`ARRAY[${ids.join(',')}]::bigint[]`)}) order by id`),
  );
  const [last] = rowsOf<{ seq: number; hash: string }>(await tx.execute(sql`select seq, hash from audit_chain order by seq desc limit 1`));
  let seq = last ? Number(last.seq) : 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const values: string[] = [];
  for (const r of rows) {
    seq += 1;
    const rowHash = hashAuditRow(r);
    const hash = sm3(prev + rowHash);
    values.push(`(${seq},${Number(r.id)},'${rowHash}','${prev}','${hash}')`);
    prev = hash;
  }
  if (values.length > 0) {
    await tx.execute(sql.raw(`insert into audit_chain (seq, audit_id, row_hash, prev_hash, hash) values ${values.join(',')}`));
  }
  return rows.length;
}

/**
 * Chains all pending audit rows, batch by batch, each under an advisory lock so one sealer runs at a
 * time across processes. Returns how many rows it sealed.
 */
export async function sealAudit(db: Db, batch = 2000): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction((tx) => sealBatch(tx, batch));
    if (sealed <= 0) return total;
    total += sealed;
    if (sealed < batch) return total;
  }
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first chain position that does not verify, or null. */
  brokenAt: number | null;
  problem: 'row_altered' | 'row_deleted' | 'link_broken' | 'unchained_rows' | null;
  pending: number;
}

/** Recomputes the whole chain from the audit rows as they are now. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let checked = 0;
  let after = 0;
  for (;;) {
    const page = rowsOf<AuditRow & { seq: number; c_audit_id: number; row_hash: string; prev_hash: string; hash: string; present: number | null }>(
      await db.execute(sql`
        select c.seq, c.audit_id as c_audit_id, c.row_hash, c.prev_hash, c.hash, a.id as present, a.*
        from audit_chain c left join audit_log a on a.id = c.audit_id
        where c.seq > ${after} order by c.seq limit ${pageSize}`),
    );
    if (page.length === 0) break;
    for (const r of page) {
      const seq = Number(r.seq);
      if (r.present === null) return { ok: false, checked, brokenAt: seq, problem: 'row_deleted', pending: 0 };
      if (r.prev_hash !== prev || sm3(prev + r.row_hash) !== r.hash) {
        return { ok: false, checked, brokenAt: seq, problem: 'link_broken', pending: 0 };
      }
      if (hashAuditRow({ ...r, id: Number(r.c_audit_id) }) !== r.row_hash) {
        return { ok: false, checked, brokenAt: seq, problem: 'row_altered', pending: 0 };
      }
      prev = r.hash;
      checked += 1;
      after = seq;
    }
  }
  const [counts] = rowsOf<{ total: number; pending: number }>(
    await db.execute(sql`select (select count(*) from audit_log)::int as total, (select count(*) from audit_pending)::int as pending`),
  );
  const total = Number(counts?.total ?? 0);
  const pending = Number(counts?.pending ?? 0);
  if (total !== checked + pending) {
    return { ok: false, checked, brokenAt: null, problem: total < checked + pending ? 'row_deleted' : 'unchained_rows', pending };
  }
  return { ok: true, checked, brokenAt: null, problem: null, pending };
}
