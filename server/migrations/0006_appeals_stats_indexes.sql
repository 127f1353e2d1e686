-- Indexes for the appeal statistics and for intake's duplicate look-up (docs/modules/appeals-metrics.md, "Indexes";
-- measured by `npm run bench:appeals-stats` over 1,000,000 cases). Partial indexes and INCLUDE columns are not
-- expressible in the Drizzle schema, hence a custom migration.
-- Statistics by period: an index-only scan over the columns the counts read, instead of the wide rows.
CREATE INDEX IF NOT EXISTS "appeals_stats_cover_idx" ON "appeals" ("city_id", "received_at")
  INCLUDE ("id", "region_path", "status", "mode", "lead_department_id", "dispatched_at", "accepted_at", "accept_by", "replied_at",
           "due_by", "closed_at", "satisfaction", "bounce_count", "reopen_count", "overdue_at", "supervision");--> statement-breakpoint
-- Extension rate: the cases with an approved extension since the period began.
CREATE INDEX IF NOT EXISTS "appeal_transitions_extension_idx" ON "appeal_transitions" ("at") INCLUDE ("appeal_id")
  WHERE "command" = 'approveExtension';--> statement-breakpoint
-- Returns between departments: the return events of a case in order.
CREATE INDEX IF NOT EXISTS "appeal_transitions_returns_idx" ON "appeal_transitions" ("appeal_id", "seq") INCLUDE ("at", "command")
  WHERE "command" IN ('requestReturn', 'approveReturn', 'rejectReturn');--> statement-breakpoint
-- Returns between departments: the return events in a period, by transition time (also the rollup's refresh of a day).
CREATE INDEX IF NOT EXISTS "appeal_transitions_returns_at_idx" ON "appeal_transitions" ("at") INCLUDE ("appeal_id")
  WHERE "command" IN ('requestReturn', 'approveReturn', 'rejectReturn');--> statement-breakpoint
-- Repeat-appeal rate: the cases others were merged into.
CREATE INDEX IF NOT EXISTS "appeals_merged_into_idx" ON "appeals" ("merged_into_id") WHERE "status" = 'merged';--> statement-breakpoint
-- (The predicate below must keep meaning what `supervisionList` in metrics/queries.ts writes, or it goes unused.)
-- Supervision list: the listed cases sorted and counted from the index; only the page is read from the table.
CREATE INDEX IF NOT EXISTS "appeals_supervision_list_idx" ON "appeals" ("city_id", "region_path")
  INCLUDE ("id", "supervision", "overdue_at", "due_by", "received_at")
  WHERE "status" NOT IN ('closed', 'answered', 'not_accepted', 'merged')
    AND ("supervision" IS NOT NULL OR "overdue_at" IS NOT NULL OR "bounce_count" >= 2 OR "satisfaction" = 'unsatisfied');--> statement-breakpoint
-- Intake: duplicate suggestions read the cases of the category in a band of latitude, not all its cases of 90 days.
CREATE INDEX IF NOT EXISTS "appeals_duplicates_idx" ON "appeals" ("category_id", "lat", "received_at") INCLUDE ("lng");
