import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';

/** 正式 / 预备 */
export const MEMBER_STANDINGS = ['formal', 'probationary'] as const;
export type MemberStanding = (typeof MEMBER_STANDINGS)[number];
/** 在职 / 退休 / 流动 / 候鸟 */
export const MEMBER_KINDS = ['employed', 'retired', 'mobile', 'seasonal'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
/** Hardship flags of a household (sensitive: shown only to the roles that serve the household). */
export const HARDSHIP_FLAGS = ['hardship', 'elderly_alone', 'disabled', 'low_income', 'left_behind_child', 'serious_illness', 'special_care'] as const;
export type HardshipFlag = (typeof HARDSHIP_FLAGS)[number];
export const REPORT_KINDS = ['member', 'unit'] as const;
export const REPORT_STATUSES = ['reported', 'approved', 'rejected', 'superseded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * Party members (党员). ID and phone numbers are stored only encrypted with a blind index (as users' are).
 * `region_path` is where the member sits for scope checks: the residence building or grid once known, else the
 * region of their Party organisation, else that of their work unit.
 */
export const partyMembers = pgTable(
  'party_members',
  {
    id: idColumn(),
    cityId: cityColumn(),
    userId: uuid('user_id'),
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberBidx: text('id_number_bidx').notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    gender: text('gender').$type<'M' | 'F'>().notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    standing: text('standing').$type<MemberStanding>().notNull(),
    joinDate: date('join_date', { mode: 'string' }).notNull(),
    orgId: uuid('org_id'),
    unitId: uuid('unit_id'),
    kind: text('kind').$type<MemberKind>().notNull(),
    address: text('address'),
    buildingId: uuid('building_id'),
    gridId: uuid('grid_id'),
    /** 兼合式党支部: the branch of the community the member reported to (set on approval). */
    branchOrgId: uuid('branch_org_id'),
    regionPath: text('region_path').notNull(),
    skills: jsonb('skills').$type<string[]>().notNull().default([]),
    version: integer('version').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('party_members_city_id_number_uq').on(t.cityId, t.idNumberBidx),
    uniqueIndex('party_members_user_uq').on(t.userId),
    index('party_members_region_path_idx').on(t.regionPath),
    index('party_members_unit_idx').on(t.unitId),
    index('party_members_phone_bidx_idx').on(t.phoneBidx),
    check('party_members_standing_ck', sql`${t.standing} in ('formal','probationary')`),
    check('party_members_kind_ck', sql`${t.kind} in ('employed','retired','mobile','seasonal')`),
    check('party_members_gender_ck', sql`${t.gender} in ('M','F')`),
  ],
);

/** Households (户) in a building. `hardship` is sensitive (see presenters). */
export const households = pgTable(
  'households',
  {
    id: idColumn(),
    cityId: cityColumn(),
    buildingId: uuid('building_id').notNull(),
    regionPath: text('region_path').notNull(),
    address: text('address').notNull(),
    hardship: jsonb('hardship').$type<HardshipFlag[]>().notNull().default([]),
    note: text('note'),
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('households_region_path_idx').on(t.regionPath), index('households_building_idx').on(t.buildingId)],
);

/** The people of a household (residents); optionally an account. */
export const householdResidents = pgTable(
  'household_residents',
  {
    id: idColumn(),
    householdId: uuid('household_id').notNull(),
    name: text('name').notNull(),
    /** 户主 head, 配偶 spouse, 子女 child, 父母 parent, other. */
    relation: text('relation').notNull().default('other'),
    birthYear: integer('birth_year'),
    userId: uuid('user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('household_residents_household_idx').on(t.householdId)],
);

/**
 * Dual reporting (双报到): a member reports to the community where they live, or a unit to the community where it
 * sits. reported → approved | rejected; an approved report becomes `superseded` when a later one is approved
 * (moving house). `region_path` is the community's.
 */
export const dualReports = pgTable(
  'dual_reports',
  {
    id: idColumn(),
    cityId: cityColumn(),
    kind: text('kind').$type<'member' | 'unit'>().notNull(),
    memberId: uuid('member_id'),
    unitId: uuid('unit_id'),
    communityId: uuid('community_id').notNull(),
    regionPath: text('region_path').notNull(),
    /** online: by the member or the unit itself; offline: entered by the community. */
    channel: text('channel').$type<'online' | 'offline'>().notNull(),
    address: text('address'),
    buildingId: uuid('building_id'),
    gridId: uuid('grid_id'),
    branchOrgId: uuid('branch_org_id'),
    status: text('status').$type<ReportStatus>().notNull().default('reported'),
    reason: text('reason'),
    reportedBy: uuid('reported_by'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('dual_reports_region_path_idx').on(t.regionPath, t.status),
    index('dual_reports_member_idx').on(t.memberId),
    index('dual_reports_unit_idx').on(t.unitId),
    // One open report at a time per member and per unit.
    uniqueIndex('dual_reports_member_open_uq').on(t.memberId).where(sql`status = 'reported' and member_id is not null`),
    uniqueIndex('dual_reports_unit_open_uq').on(t.unitId).where(sql`status = 'reported' and kind = 'unit'`),
    check('dual_reports_kind_ck', sql`(${t.kind} = 'member' and ${t.memberId} is not null) or (${t.kind} = 'unit' and ${t.unitId} is not null)`),
    check('dual_reports_status_ck', sql`${t.status} in ('reported','approved','rejected','superseded')`),
    check('dual_reports_channel_ck', sql`${t.channel} in ('online','offline')`),
  ],
);

/** Service menu (服务菜单): categories and their items, per city (Yongchun: 8 categories, 45 items). */
export const serviceCategories = pgTable(
  'service_categories',
  {
    id: idColumn(),
    cityId: cityColumn(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('service_categories_city_code_uq').on(t.cityId, t.code)],
);

export const serviceItems = pgTable(
  'service_items',
  {
    id: idColumn(),
    cityId: cityColumn(),
    categoryId: uuid('category_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('service_items_city_code_uq').on(t.cityId, t.code), index('service_items_category_idx').on(t.categoryId)],
);

/** The items a member offers. */
export const memberServiceItems = pgTable(
  'member_service_items',
  {
    memberId: uuid('member_id').notNull(),
    itemId: uuid('item_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.itemId] }), index('member_service_items_item_idx').on(t.itemId)],
);

/** Per-city settings of the register: households each member should be linked to (1+10). */
export const memberSettings = pgTable('member_settings', {
  cityId: uuid('city_id').primaryKey(),
  minHouseholds: integer('min_households').notNull().default(10),
  updatedAt: updatedAt(),
});

/** 1+10 links: a member ↔ a household they look after. */
export const memberHouseholds = pgTable(
  'member_households',
  {
    memberId: uuid('member_id').notNull(),
    householdId: uuid('household_id').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.householdId] }), index('member_households_household_idx').on(t.householdId)],
);

/** 四必访 (hardship, illness, abnormal family, dispute) and other visits. */
export const VISIT_TYPES = ['hardship', 'illness', 'abnormal_family', 'dispute', 'routine', 'service'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];
export const MUST_VISIT_TYPES: readonly VisitType[] = ['hardship', 'illness', 'abnormal_family', 'dispute'];

/** Visits of a member to a household. A follow-up may become an appeal (`appeal_id`). */
export const memberVisits = pgTable(
  'member_visits',
  {
    id: idColumn(),
    cityId: cityColumn(),
    memberId: uuid('member_id').notNull(),
    householdId: uuid('household_id').notNull(),
    regionPath: text('region_path').notNull(),
    type: text('type').$type<VisitType>().notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    note: text('note'),
    followUp: text('follow_up'),
    /** none | open | appeal (sent to the appeals intake) | done */
    followUpStatus: text('follow_up_status').$type<'none' | 'open' | 'appeal' | 'done'>().notNull().default('none'),
    appealId: uuid('appeal_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('member_visits_member_idx').on(t.memberId, t.visitedOn),
    index('member_visits_region_path_idx').on(t.regionPath),
    check('member_visits_type_ck', sql`${t.type} in ('hardship','illness','abnormal_family','dispute','routine','service')`),
    check('member_visits_follow_up_ck', sql`${t.followUpStatus} in ('none','open','appeal','done')`),
  ],
);
