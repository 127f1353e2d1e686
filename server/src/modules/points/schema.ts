import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';

/**
 * The two points ledgers (党员积分 'party' of members, 诚信积分 'credit' of residents). See docs/modules/points.md.
 * Entries are append-only (a trigger refuses UPDATE/DELETE/TRUNCATE, see the migration) and hash-chained per
 * account; the account row is the cached balance and the chain head, locked by every posting to the account.
 */
export const pointsAccounts = pgTable(
  'points_accounts',
  {
    kind: text('kind').$type<'party' | 'credit'>().notNull(),
    userId: uuid('user_id').notNull(),
    cityId: cityColumn(),
    /** The holder's region (of their member/resident role grant), copied so rankings need no join. */
    regionPath: text('region_path').notNull().default(''),
    balance: bigint('balance', { mode: 'number' }).notNull().default(sql`0`),
    /** Number of entries of the account = seq of its last entry; head_hash = hash of that entry. */
    seq: integer('seq').notNull().default(0),
    headHash: text('head_hash').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.userId] }),
    check('points_accounts_balance_ck', sql`${t.balance} >= 0`),
    check('points_accounts_kind_ck', sql`${t.kind} in ('party','credit')`),
    index('points_accounts_region_idx').on(t.kind, t.cityId, t.regionPath),
  ],
);

export const pointsEntries = pgTable(
  'points_entries',
  {
    id: idColumn(),
    kind: text('kind').$type<'party' | 'credit'>().notNull(),
    cityId: cityColumn(),
    userId: uuid('user_id').notNull(),
    /** Position in the account's chain, 1, 2, 3 … */
    seq: integer('seq').notNull(),
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    actorId: uuid('actor_id'),
    note: text('note'),
    /** A correction: the entry it reverses (at most one correction per entry). */
    reversesId: uuid('reverses_id'),
    /** Whether the entry counts towards the yearly standing (rankings); store redemptions do not. */
    ranked: smallint('ranked').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('points_entries_key_uq').on(t.kind, t.idempotencyKey),
    uniqueIndex('points_entries_chain_uq').on(t.kind, t.userId, t.seq),
    uniqueIndex('points_entries_reverses_uq').on(t.reversesId),
    index('points_entries_source_idx').on(t.sourceType, t.sourceId),
    index('points_entries_rule_idx').on(t.kind, t.userId, t.reason, t.createdAt),
    check('points_entries_delta_ck', sql`${t.delta} <> 0`),
    check('points_entries_kind_ck', sql`${t.kind} in ('party','credit')`),
  ],
);

/** Yearly standing per account (Shanghai calendar year), kept in the posting transaction; read by the rankings. */
export const pointsYearTotals = pgTable(
  'points_year_totals',
  {
    kind: text('kind').$type<'party' | 'credit'>().notNull(),
    userId: uuid('user_id').notNull(),
    year: smallint('year').notNull(),
    cityId: cityColumn(),
    regionPath: text('region_path').notNull().default(''),
    total: bigint('total', { mode: 'number' }).notNull().default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.userId, t.year] }),
    index('points_year_totals_rank_idx').on(t.kind, t.cityId, t.year, t.regionPath, t.total),
  ],
);

/** The rules of a city: points per rule code and an optional cap per cycle (month | quarter | year). */
export const pointsRules = pgTable(
  'points_rules',
  {
    id: idColumn(),
    cityId: cityColumn(),
    kind: text('kind').$type<'party' | 'credit'>().notNull(),
    code: text('code').notNull(),
    points: integer('points').notNull(),
    cap: integer('cap'),
    cycle: text('cycle').$type<'month' | 'quarter' | 'year'>(),
    label: text('label').notNull().default(''),
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('points_rules_code_uq').on(t.cityId, t.kind, t.code),
    check('points_rules_cycle_ck', sql`${t.cycle} is null or ${t.cycle} in ('month','quarter','year')`),
    check('points_rules_points_ck', sql`${t.points} <> 0`),
    check('points_rules_cap_ck', sql`${t.cap} is null or (${t.cap} > 0 and ${t.cycle} is not null)`),
  ],
);
