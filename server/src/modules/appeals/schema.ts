import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  pgSequence,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';

/**
 * The 12345-style category tree (三级分类). Each category says how its cases are handled by default and
 * in what time: accept within `acceptHours`, on site within `onSiteMinutes` (grid cases), done within
 * `workingDays` working days counted from the day after receipt.
 */
export const appealCategories = pgTable(
  'appeal_categories',
  {
    id: idColumn(),
    cityId: cityColumn(),
    parentId: uuid('parent_id'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: integer('level').notNull(),
    handling: text('handling').$type<'grid' | 'joint' | 'department'>().notNull().default('department'),
    /** Code of the department that leads by default (see routing rules for exceptions by area). */
    departmentCode: text('department_code'),
    /** Codes of the departments that assist by default on joint (联办) cases. */
    assistDepartmentCodes: jsonb('assist_department_codes').$type<string[]>().notNull().default([]),
    acceptHours: integer('accept_hours').notNull().default(2),
    onSiteMinutes: integer('on_site_minutes'),
    workingDays: integer('working_days').notNull().default(5),
    duplicateRadiusM: integer('duplicate_radius_m').notNull().default(250),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('appeal_categories_city_code_uq').on(t.cityId, t.code),
    index('appeal_categories_parent_idx').on(t.parentId),
    check('appeal_categories_handling_ck', sql`${t.handling} in ('grid','joint','department')`),
    check('appeal_categories_limits_ck', sql`${t.acceptHours} > 0 and ${t.workingDays} > 0 and ${t.duplicateRadiusM} > 0`),
  ],
);

/**
 * Routing rules: category × area → who handles it. The most specific rule wins (deepest area, then the
 * category nearest the case's own, then priority). Without a rule the category's defaults apply.
 */
export const appealRoutingRules = pgTable(
  'appeal_routing_rules',
  {
    id: idColumn(),
    cityId: cityColumn(),
    categoryId: uuid('category_id').notNull(),
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    mode: text('mode').$type<'grid' | 'joint' | 'department'>().notNull(),
    leadDepartmentId: uuid('lead_department_id'),
    assistDepartmentIds: jsonb('assist_department_ids').$type<string[]>().notNull().default([]),
    priority: integer('priority').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('appeal_routing_rules_category_idx').on(t.categoryId), check('appeal_routing_rules_mode_ck', sql`${t.mode} in ('grid','joint','department')`)],
);

/** Case numbers: one sequence, so concurrent intakes never wait on a counter row. */
export const appealNumberSeq = pgSequence('appeal_number_seq', { startWith: 1 });

export const APPEAL_CHANNELS = ['hotline', 'web', 'h5', 'patrol', 'building_leader', 'open311'] as const;
export type AppealChannel = (typeof APPEAL_CHANNELS)[number];
export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/**
 * A case (工单). `state` is the machine's whole state (machine.ts is the one place that changes it); the
 * columns beside it copy what lists, scopes, deadlines and statistics filter on.
 */
export const appeals = pgTable(
  'appeals',
  {
    id: idColumn(),
    cityId: cityColumn(),
    /** Human number, e.g. 2026-1125-000123. */
    number: text('number').notNull(),
    channel: text('channel').$type<AppealChannel>().notNull(),
    categoryId: uuid('category_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    sourceCrs: text('source_crs').notNull().default('wgs84'),
    gridId: uuid('grid_id'),
    /** The grid's path, or the city's when the point lies in no grid: scopes filter on it. */
    regionPath: text('region_path').notNull(),
    urgency: text('urgency').$type<Urgency>().notNull().default('normal'),
    anonymous: boolean('anonymous').notNull().default(false),
    reporterUserId: uuid('reporter_user_id'),
    status: text('status').notNull(),
    mode: text('mode').$type<'grid' | 'joint' | 'department'>(),
    leadDepartmentId: uuid('lead_department_id'),
    assigneeUserId: uuid('assignee_user_id'),
    supervision: text('supervision').$type<'urge' | 'supervise' | 'listed'>(),
    bounceCount: integer('bounce_count').notNull().default(0),
    reopenCount: integer('reopen_count').notNull().default(0),
    mergedIntoId: uuid('merged_into_id'),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
    /** Text fingerprint for duplicate suggestions. */
    fingerprint: jsonb('fingerprint').$type<unknown>(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    acceptBy: timestamp('accept_by', { withTimezone: true }),
    onSiteBy: timestamp('on_site_by', { withTimezone: true }),
    dueBy: timestamp('due_by', { withTimezone: true }),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    satisfaction: text('satisfaction').$type<'satisfied' | 'basic' | 'unsatisfied'>(),
    /** A client's Idempotency-Key: a retried intake returns the first case instead of a second. */
    idempotencyKey: text('idempotency_key'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('appeals_city_number_uq').on(t.cityId, t.number),
    uniqueIndex('appeals_idempotency_uq').on(t.cityId, t.idempotencyKey),
    index('appeals_region_path_idx').on(t.regionPath),
    index('appeals_status_due_idx').on(t.status, t.dueBy),
    index('appeals_status_warn_idx').on(t.status, t.warnAt),
    index('appeals_category_received_idx').on(t.categoryId, t.receivedAt),
    index('appeals_lead_department_idx').on(t.leadDepartmentId, t.status),
    index('appeals_assignee_idx').on(t.assigneeUserId, t.status),
    index('appeals_received_idx').on(t.cityId, t.receivedAt),
  ],
);

/** Every accepted transition of a case: who, when, from which state to which, note and attachments. */
export const appealTransitions = pgTable(
  'appeal_transitions',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    appealId: uuid('appeal_id').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    command: text('command').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    attachments: jsonb('attachments').$type<string[]>().notNull().default([]),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('appeal_transitions_seq_uq').on(t.appealId, t.seq), index('appeal_transitions_at_idx').on(t.at)],
);

/** Everyone who called about the case (merging keeps every caller; each gets the return visit). */
export const appealCallers = pgTable(
  'appeal_callers',
  {
    id: idColumn(),
    appealId: uuid('appeal_id').notNull(),
    /** The case the caller first reached (differs from appeal_id after a merge). */
    originalAppealId: uuid('original_appeal_id').notNull(),
    userId: uuid('user_id'),
    nameEnc: text('name_enc'),
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    channel: text('channel').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    visitResult: text('visit_result').$type<'satisfied' | 'basic' | 'unsatisfied' | 'unreachable'>(),
    visitedAt: timestamp('visited_at', { withTimezone: true }),
  },
  (t) => [index('appeal_callers_appeal_idx').on(t.appealId), index('appeal_callers_phone_idx').on(t.phoneBidx)],
);

/** Departments on a case: the lead (首接负责) and the assisting ones, each with its reply. */
export const appealAssignments = pgTable(
  'appeal_assignments',
  {
    appealId: uuid('appeal_id').notNull(),
    departmentId: uuid('department_id').notNull(),
    role: text('role').$type<'lead' | 'assist'>().notNull(),
    round: integer('round').notNull().default(0),
    reply: text('reply'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.departmentId, t.round] }), index('appeal_assignments_department_idx').on(t.departmentId)],
);

/**
 * Deadline marks (yellow warning, red overdue). The key (case, kind, deadline) is unique: however many
 * processes sweep, each mark for each deadline is written, and its event emitted, once.
 */
export const appealDeadlineMarks = pgTable(
  'appeal_deadline_marks',
  {
    appealId: uuid('appeal_id').notNull(),
    kind: text('kind').$type<'warning' | 'overdue'>().notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.kind, t.deadline] })],
);
