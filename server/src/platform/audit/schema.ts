import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only audit log. Triggers refuse UPDATE, DELETE and TRUNCATE (see the custom migration);
 * rows are chained by the sealer into audit_chain, which is append-only too.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    cityId: uuid('city_id'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    regionPath: text('region_path'),
    ip: text('ip'),
    requestId: text('request_id'),
    result: text('result').$type<'ok' | 'denied' | 'error'>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_log_action_idx').on(t.action, t.at),
  ],
);

/** Rows waiting to be chained: a small queue, emptied by the sealer. */
export const auditPending = pgTable('audit_pending', {
  auditId: bigint('audit_id', { mode: 'number' }).primaryKey(),
});

/** The hash chain: seq-th link = SM3(prev_hash ‖ SM3(canonical audit row)). */
export const auditChain = pgTable('audit_chain', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  auditId: bigint('audit_id', { mode: 'number' }).notNull().unique(),
  rowHash: text('row_hash').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
});
