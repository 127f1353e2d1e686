-- Duplicate suggestions read, for each new case, the cases of its category in a box around its point
-- (modules/appeals/duplicates/suggest.ts). With lng only INCLUDEd (0006), a bitmap scan fetched from the table every
-- case in the latitude band of the category, a number that grows with the table (measured by bench:appeals-intake:
-- intake slowed down round after round). With lng a key column the box is decided in the index, and only the cases
-- inside it are read.
DROP INDEX IF EXISTS "appeals_duplicates_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "appeals_duplicates_box_idx" ON "appeals" ("category_id", "lat", "lng", "received_at");
