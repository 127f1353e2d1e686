import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';
import type { PbPhase, PbProjectStatus, PbVoteType } from './lists.js';

/**
 * Micro-projects (微实事): participatory budgeting cycles. See docs/modules/pb-voting.md for the design, and in
 * particular why ballots and participation share nothing.
 */
// The phases, project statuses and ballot kinds live in lists.ts, which the web app imports too.
export { PB_PHASES, PB_PROJECT_STATUSES, PB_VOTE_TYPES, type PbPhase, type PbProjectStatus, type PbVoteType } from './lists.js';

export const pbCycles = pgTable(
  'pb_cycles',
  {
    id: idColumn(),
    cityId: cityColumn(),
    /** The community or street that runs the cycle. */
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    title: text('title').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'bigint' }).notNull(),
    voteType: text('vote_type').$type<PbVoteType>().notNull().default('approval'),
    /** Cumulative ballots: the points each voter distributes. */
    pointsPerVoter: integer('points_per_voter'),
    /** Counting rule of the counting library (greedy, mes, mes-add1 …) and, for Add1, its increment in fen. */
    rule: text('rule').notNull().default('mes-add1'),
    ruleIncrementFen: bigint('rule_increment_fen', { mode: 'bigint' }),
    /** Who may vote: residents on the cycle's roll, holders of a paper voting code, or both. */
    voterBasis: text('voter_basis').$type<'register' | 'code' | 'both'>().notNull().default('register'),
    phase: text('phase').$type<PbPhase>().notNull().default('draft'),
    /** Planned dates of each phase: { [phase]: { from, to } } as YYYY-MM-DD. */
    phaseDates: jsonb('phase_dates').$type<Record<string, { from?: string; to?: string }>>().notNull().default({}),
    /** Ballots are moved from the inbox to the ballot box in shuffled batches of at least this many (k-anonymity). */
    mixBatch: integer('mix_batch').notNull().default(20),
    /** The count: the counting library's result (selected ids are project numbers), when it ran, when it was published. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    countedAt: timestamp('counted_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('pb_cycles_region_idx').on(t.regionPath), index('pb_cycles_city_idx').on(t.cityId, t.phase)],
);

export const pbProjects = pgTable(
  'pb_projects',
  {
    id: idColumn(),
    cycleId: uuid('cycle_id').notNull(),
    /** Number within the cycle, shown to residents and used as the project id in `.pb` exports. */
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    proposerUserId: uuid('proposer_user_id'),
    proposerKind: text('proposer_kind').$type<'resident' | 'unit' | 'social_org' | 'community'>().notNull(),
    /** The unit or social organisation (公益创投) that proposes, by name; null for residents and the community. */
    proposerName: text('proposer_name'),
    unitId: uuid('unit_id'),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    estimatedCostFen: bigint('estimated_cost_fen', { mode: 'bigint' }).notNull(),
    officialCostFen: bigint('official_cost_fen', { mode: 'bigint' }),
    departmentId: uuid('department_id'),
    feasibility: text('feasibility').$type<'pending' | 'feasible' | 'infeasible'>().notNull().default('pending'),
    rejectionReason: text('rejection_reason'),
    mergedIntoId: uuid('merged_into_id'),
    status: text('status').$type<PbProjectStatus>().notNull().default('proposed'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('pb_projects_number_uq').on(t.cycleId, t.number), index('pb_projects_cycle_idx').on(t.cycleId, t.status)],
);

/** Progress of an approved project (实施): what was done, what it cost, photos; the last may mark it done. */
export const pbMilestones = pgTable(
  'pb_milestones',
  {
    id: idColumn(),
    projectId: uuid('project_id').notNull(),
    title: text('title').notNull(),
    note: text('note'),
    spentFen: bigint('spent_fen', { mode: 'bigint' }).notNull().default(sql`0`),
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('pb_milestones_project_idx').on(t.projectId, t.createdAt)],
);

/** Residents' ratings of a finished project (议评), one per resident, changeable during evaluation. */
export const pbProjectRatings = pgTable(
  'pb_project_ratings',
  {
    projectId: uuid('project_id').notNull(),
    userId: uuid('user_id').notNull(),
    stars: integer('stars').notNull(),
    comment: text('comment'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] })],
);

/** The residents verified by the community as voters of a cycle. */
export const pbVoterRoll = pgTable(
  'pb_voter_roll',
  {
    cycleId: uuid('cycle_id').notNull(),
    userId: uuid('user_id').notNull(),
    addedBy: uuid('added_by'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.userId] })],
);

/** One-time voting codes handed out on paper: only an HMAC of each code is kept. */
export const pbVotingCodes = pgTable(
  'pb_voting_codes',
  {
    id: idColumn(),
    cycleId: uuid('cycle_id').notNull(),
    codeHash: text('code_hash').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pb_voting_codes_hash_uq').on(t.cycleId, t.codeHash)],
);

/**
 * THAT someone voted (never how): one row per voter and cycle, enforced by the primary key. `voter_key` is an HMAC
 * of the user id or of the voting code, per cycle.
 */
export const pbParticipation = pgTable(
  'pb_participation',
  {
    cycleId: uuid('cycle_id').notNull(),
    voterKey: text('voter_key').notNull(),
    channel: text('channel').$type<'online' | 'paper'>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.voterKey] })],
);

/**
 * Paper ballots from the box (投票箱), each sheet entered twice by two different officials; a sheet whose entries
 * match — or whose mismatch a third official resolved (entry 3) — becomes a ballot through the inbox. The sheet
 * number is the one written on the paper; nothing here names the voter.
 */
export const pbPaperEntries = pgTable(
  'pb_paper_entries',
  {
    cycleId: uuid('cycle_id').notNull(),
    sheet: text('sheet').notNull(),
    /** 1 and 2: the two entries; 3: the resolution of a mismatch. */
    entry: integer('entry').notNull(),
    enteredBy: uuid('entered_by').notNull(),
    choices: jsonb('choices').$type<{ projects: number[]; points?: number[] }>().notNull(),
    /** Set when the sheet became a ballot (on the matching second entry, or the resolution). */
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.sheet, t.entry] })],
);

/** Ballots just cast, encrypted, until the mixing job moves them to the ballot box (no voter, no time). */
export const pbBallotInbox = pgTable(
  'pb_ballot_inbox',
  {
    id: uuid('id').primaryKey(),
    cycleId: uuid('cycle_id').notNull(),
    sealed: text('sealed').notNull(),
  },
  (t) => [index('pb_ballot_inbox_cycle_idx').on(t.cycleId)],
);

/** The ballot box: what was chosen, with a random id and nothing that points to a voter or a moment. */
export const pbBallots = pgTable(
  'pb_ballots',
  {
    id: uuid('id').primaryKey(),
    cycleId: uuid('cycle_id').notNull(),
    /** { projects: [project numbers], points?: [points per project] } */
    choices: jsonb('choices').$type<{ projects: number[]; points?: number[] }>().notNull(),
  },
  (t) => [index('pb_ballots_cycle_idx').on(t.cycleId)],
);

/**
 * Deliberation (商议): comments on a proposal, some carrying an amendment (a new title, description or estimated
 * cost) that the organisers accept — which changes the proposal — or reject with an answer.
 */
export const pbComments = pgTable(
  'pb_comments',
  {
    id: idColumn(),
    cycleId: uuid('cycle_id').notNull(),
    projectId: uuid('project_id').notNull(),
    authorUserId: uuid('author_user_id').notNull(),
    /** The author's part in the cycle when writing (resident, unit, organiser, department). */
    authorPart: text('author_part').notNull(),
    body: text('body').notNull(),
    amendment: jsonb('amendment').$type<{ title?: string; description?: string; estimatedCostFen?: string }>(),
    amendmentStatus: text('amendment_status').$type<'pending' | 'accepted' | 'rejected'>(),
    answer: text('answer'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('pb_comments_project_idx').on(t.projectId, t.createdAt), index('pb_comments_cycle_idx').on(t.cycleId)],
);

/** Deliberation meetings (议事会) linked to a cycle and the proposals they discussed, with their minutes. */
export const pbMeetings = pgTable(
  'pb_meetings',
  {
    id: idColumn(),
    cycleId: uuid('cycle_id').notNull(),
    title: text('title').notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    place: text('place'),
    attendees: integer('attendees'),
    minutes: text('minutes').notNull(),
    projectIds: jsonb('project_ids').$type<string[]>().notNull().default([]),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('pb_meetings_cycle_idx').on(t.cycleId, t.heldAt)],
);

/** Objections (异议) raised during publicity (公示), each answered by the organisers before approval. */
export const pbObjections = pgTable(
  'pb_objections',
  {
    id: idColumn(),
    cycleId: uuid('cycle_id').notNull(),
    projectId: uuid('project_id'),
    authorUserId: uuid('author_user_id').notNull(),
    body: text('body').notNull(),
    answer: text('answer'),
    upheld: boolean('upheld'),
    answeredBy: uuid('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('pb_objections_cycle_idx').on(t.cycleId, t.createdAt)],
);
