import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';
import type { ActivityAudience, ActivityStatus, OrganiserKind, SignupStatus, ReviewOutcome } from './lists.js';

/**
 * Activities and volunteering (活动打卡, docs/modules/activities.md): volunteer teams, activities, sign-ups with a
 * waiting list, check-in/out by rotating QR code, review and points.
 */

/** 志愿服务队: a team with leaders and members, scoped by its region. */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: idColumn(),
    cityId: cityColumn(),
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    name: text('name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('volunteer_teams_region_idx').on(t.regionPath)],
);

export const volunteerTeamMembers = pgTable(
  'volunteer_team_members',
  {
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').$type<'leader' | 'member'>().notNull().default('member'),
    joinedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index('volunteer_team_members_user_idx').on(t.userId),
    check('volunteer_team_members_role_ck', sql`${t.role} in ('leader','member')`),
  ],
);

export const activities = pgTable(
  'activities',
  {
    id: idColumn(),
    cityId: cityColumn(),
    /** Who may see and join: people living in this region's subtree. */
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    organiserKind: text('organiser_kind').$type<OrganiserKind>().notNull(),
    /** The party_orgs row (branch), volunteer_teams row (team) or units row (unit); null for the community itself. */
    organiserId: uuid('organiser_id'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    venue: text('venue').notNull(),
    venueLng: doublePrecision('venue_lng'),
    venueLat: doublePrecision('venue_lat'),
    /** Check-in/out only within this many metres of the venue point (null: anywhere). */
    geofenceM: integer('geofence_m'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    /** Code of a service-menu item (free text until the menu exists). */
    serviceItemCode: text('service_item_code'),
    audience: text('audience').$type<ActivityAudience>().notNull().default('everyone'),
    /** Points rules of the ledgers: Party points for members, credit points for residents. */
    partyRule: text('party_rule').notNull().default('activity_attend'),
    creditRule: text('credit_rule').notNull().default('volunteer_hour'),
    status: text('status').$type<ActivityStatus>().notNull().default('draft'),
    /** Sign-up order counter: each sign-up takes the next number (under the row lock), the waiting list's order. */
    signupSeq: integer('signup_seq').notNull().default(0),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('activities_region_idx').on(t.regionPath),
    index('activities_city_idx').on(t.cityId, t.status, t.startsAt),
    check('activities_status_ck', sql`${t.status} in ('draft','published','started','ended','reviewed','cancelled')`),
    check('activities_kind_ck', sql`${t.organiserKind} in ('community','branch','team','unit')`),
    check('activities_audience_ck', sql`${t.audience} in ('members','residents','everyone')`),
    check('activities_capacity_ck', sql`${t.capacity} > 0`),
    check('activities_time_ck', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const activitySignups = pgTable(
  'activity_signups',
  {
    id: idColumn(),
    activityId: uuid('activity_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** Which ledger attendance earns on: a member's Party points or a resident's credit points. */
    ledger: text('ledger').$type<'party' | 'credit'>().notNull(),
    status: text('status').$type<SignupStatus>().notNull(),
    /** Order of sign-up within the activity (the waiting list is promoted in this order). */
    queueNo: integer('queue_no').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    /** Service minutes from check-in to check-out, rounded down to quarter hours, capped at the duration. */
    serviceMinutes: integer('service_minutes'),
    review: text('review').$type<ReviewOutcome>().notNull().default('pending'),
    approvedMinutes: integer('approved_minutes'),
    pointsEntryId: uuid('points_entry_id'),
    points: integer('points'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('activity_signups_uq').on(t.activityId, t.userId),
    index('activity_signups_queue_idx').on(t.activityId, t.status, t.queueNo),
    index('activity_signups_user_idx').on(t.userId),
    check('activity_signups_status_ck', sql`${t.status} in ('signed_up','waiting','cancelled')`),
    check('activity_signups_review_ck', sql`${t.review} in ('pending','approved','absent')`),
    check('activity_signups_ledger_ck', sql`${t.ledger} in ('party','credit')`),
  ],
);
