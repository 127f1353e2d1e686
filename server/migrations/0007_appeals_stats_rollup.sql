-- The rollup of the appeal statistics (docs/modules/appeals-metrics.md, "Rollup"): the raw counts per Shanghai day
-- and month, read by the statistics for every bucket that no mark in appeal_stats_dirty calls stale. Triggers below
-- write a mark in the same transaction as every change that can move a count; the job appeals.stats-rollup
-- recomputes the marked buckets and deletes their marks in one transaction. Not in the Drizzle schema (triggers,
-- collations and plpgsql are not expressible there); read and written with SQL by modules/appeals/metrics/rollup/.
--
-- A Shanghai calendar day (UTC+8, no daylight saving since 1991) of an instant.
CREATE FUNCTION "shanghai_day"(timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (($1 AT TIME ZONE 'UTC') + interval '8 hours')::date $$;--> statement-breakpoint
-- Stale buckets: kind 'received' = the counts of the cases received that day; 'returns' = the return events of that
-- day. Append-only (no unique key, so writers never wait for each other); the refresh deletes what it recomputed.
CREATE TABLE "appeal_stats_dirty" (
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "appeal_stats_dirty_idx" ON "appeal_stats_dirty" ("city_id", "kind", "day");--> statement-breakpoint
-- Area counts: per bucket (span 'day' or 'month', starting at `start`) and per level 1–5 (city … grid), `key` is the
-- prefix of the case's region_path with `level` segments, or the path itself when it has fewer (a case in no grid).
CREATE TABLE "appeal_stats_area" (
	"city_id" uuid NOT NULL,
	"span" text NOT NULL,
	"start" date NOT NULL,
	"level" smallint NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"received" integer NOT NULL,
	"valid" integer NOT NULL,
	"answered" integer NOT NULL,
	"dispatched" integer NOT NULL,
	"signed" integer NOT NULL,
	"signed_on_time" integer NOT NULL,
	"completed" integer NOT NULL,
	"closed" integer NOT NULL,
	"closed_on_time" integer NOT NULL,
	"visited" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"basic" integer NOT NULL,
	"unsatisfied" integer NOT NULL,
	"visited_ever" integer NOT NULL,
	"reopened" integer NOT NULL,
	"returned" integer NOT NULL,
	"extended" integer NOT NULL,
	"repeated" integer NOT NULL,
	"overdue" integer NOT NULL,
	"supervised" integer NOT NULL,
	"open" integer NOT NULL,
	"handling_seconds" numeric NOT NULL,
	CONSTRAINT "appeal_stats_area_pk" PRIMARY KEY ("city_id", "span", "start", "level", "key")
);--> statement-breakpoint
-- Department counts: per bucket, level, region prefix with `level` segments (the scope of area readers) and department.
CREATE TABLE "appeal_stats_department" (
	"city_id" uuid NOT NULL,
	"span" text NOT NULL,
	"start" date NOT NULL,
	"level" smallint NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"department_id" uuid NOT NULL,
	"received" integer NOT NULL,
	"valid" integer NOT NULL,
	"answered" integer NOT NULL,
	"dispatched" integer NOT NULL,
	"signed" integer NOT NULL,
	"signed_on_time" integer NOT NULL,
	"completed" integer NOT NULL,
	"closed" integer NOT NULL,
	"closed_on_time" integer NOT NULL,
	"visited" integer NOT NULL,
	"satisfied" integer NOT NULL,
	"basic" integer NOT NULL,
	"unsatisfied" integer NOT NULL,
	"visited_ever" integer NOT NULL,
	"reopened" integer NOT NULL,
	"returned" integer NOT NULL,
	"extended" integer NOT NULL,
	"repeated" integer NOT NULL,
	"overdue" integer NOT NULL,
	"supervised" integer NOT NULL,
	"open" integer NOT NULL,
	"handling_seconds" numeric NOT NULL,
	CONSTRAINT "appeal_stats_department_pk" PRIMARY KEY ("city_id", "span", "start", "level", "key", "department_id")
);--> statement-breakpoint
-- Return events by the day of the transition: per bucket, level, region prefix, command and holder → next holder.
CREATE TABLE "appeal_stats_returns" (
	"city_id" uuid NOT NULL,
	"span" text NOT NULL,
	"start" date NOT NULL,
	"level" smallint NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"command" text NOT NULL,
	"from_id" uuid,
	"to_id" uuid,
	"n" integer NOT NULL
);--> statement-breakpoint
CREATE INDEX "appeal_stats_returns_idx" ON "appeal_stats_returns" ("city_id", "span", "start", "level", "key");--> statement-breakpoint
-- Cases: a statement-level trigger per event marks the receipt day of every case whose counted columns changed (old
-- and new day), of the cases it was or is merged into (their repeat count), and, when a case moves to another path
-- or city or is deleted, the days of its return events.
CREATE FUNCTION "appeal_stats_mark_cases"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO appeal_stats_dirty (city_id, kind, day)
    SELECT DISTINCT x.city_id, 'received', shanghai_day(x.received_at) FROM (
      SELECT n.city_id, n.received_at FROM new_rows n
      UNION ALL SELECT t.city_id, t.received_at FROM new_rows n JOIN appeals t ON t.id = n.merged_into_id) x;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO appeal_stats_dirty (city_id, kind, day)
    WITH changed AS (
      SELECT o.id, o.city_id AS old_city, o.received_at AS old_received, o.merged_into_id AS old_into,
             n.city_id AS new_city, n.received_at AS new_received, n.merged_into_id AS new_into,
             (o.city_id, o.region_path) IS DISTINCT FROM (n.city_id, n.region_path) AS moved
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.city_id, o.received_at, o.region_path, o.status, o.mode, o.lead_department_id, o.dispatched_at, o.accepted_at, o.accept_by, o.replied_at, o.due_by, o.closed_at, o.satisfaction, o.bounce_count, o.reopen_count, o.overdue_at, o.supervision, o.merged_into_id) IS DISTINCT FROM (n.city_id, n.received_at, n.region_path, n.status, n.mode, n.lead_department_id, n.dispatched_at, n.accepted_at, n.accept_by, n.replied_at, n.due_by, n.closed_at, n.satisfaction, n.bounce_count, n.reopen_count, n.overdue_at, n.supervision, n.merged_into_id)
    )
    SELECT DISTINCT x.city_id, x.kind, x.day FROM (
      SELECT old_city AS city_id, 'received' AS kind, shanghai_day(old_received) AS day FROM changed
      UNION ALL SELECT new_city, 'received', shanghai_day(new_received) FROM changed
      UNION ALL SELECT t.city_id, 'received', shanghai_day(t.received_at) FROM changed c JOIN appeals t ON t.id = c.old_into
      UNION ALL SELECT t.city_id, 'received', shanghai_day(t.received_at) FROM changed c JOIN appeals t ON t.id = c.new_into
      UNION ALL SELECT k.city_id, 'returns', shanghai_day(e.at) FROM changed c
        CROSS JOIN LATERAL (VALUES (c.old_city), (c.new_city)) k(city_id)
        JOIN appeal_transitions e ON e.appeal_id = c.id AND e.command IN ('requestReturn', 'approveReturn', 'rejectReturn')
        WHERE c.moved) x;
  ELSE
    INSERT INTO appeal_stats_dirty (city_id, kind, day)
    SELECT DISTINCT x.city_id, x.kind, x.day FROM (
      SELECT o.city_id, 'received' AS kind, shanghai_day(o.received_at) AS day FROM old_rows o
      UNION ALL SELECT t.city_id, 'received', shanghai_day(t.received_at) FROM old_rows o JOIN appeals t ON t.id = o.merged_into_id
      UNION ALL SELECT o.city_id, 'returns', shanghai_day(e.at) FROM old_rows o
        JOIN appeal_transitions e ON e.appeal_id = o.id AND e.command IN ('requestReturn', 'approveReturn', 'rejectReturn')) x;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "appeal_stats_cases_insert" AFTER INSERT ON "appeals" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION appeal_stats_mark_cases();--> statement-breakpoint
CREATE TRIGGER "appeal_stats_cases_update" AFTER UPDATE ON "appeals" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION appeal_stats_mark_cases();--> statement-breakpoint
CREATE TRIGGER "appeal_stats_cases_delete" AFTER DELETE ON "appeals" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION appeal_stats_mark_cases();--> statement-breakpoint
-- Transitions: an approved extension moves the extension count of the case's receipt day; a return event (asked,
-- approved, refused) the returns of its own day. Row triggers whose WHEN skips every other command without a call.
CREATE FUNCTION "appeal_stats_mark_transition"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r appeal_transitions;
BEGIN
  FOREACH r IN ARRAY ARRAY[NEW, OLD] LOOP
    CONTINUE WHEN r.appeal_id IS NULL;
    IF r.command = 'approveExtension' THEN
      INSERT INTO appeal_stats_dirty (city_id, kind, day)
      SELECT a.city_id, 'received', shanghai_day(a.received_at) FROM appeals a WHERE a.id = r.appeal_id;
    ELSIF r.command IN ('requestReturn', 'approveReturn', 'rejectReturn') THEN
      INSERT INTO appeal_stats_dirty (city_id, kind, day)
      SELECT a.city_id, 'returns', shanghai_day(r.at) FROM appeals a WHERE a.id = r.appeal_id;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "appeal_stats_transitions_insert" AFTER INSERT ON "appeal_transitions" FOR EACH ROW
  WHEN (NEW.command IN ('approveExtension', 'requestReturn', 'approveReturn', 'rejectReturn'))
  EXECUTE FUNCTION appeal_stats_mark_transition();--> statement-breakpoint
CREATE TRIGGER "appeal_stats_transitions_update" AFTER UPDATE ON "appeal_transitions" FOR EACH ROW
  WHEN (OLD.command IN ('approveExtension', 'requestReturn', 'approveReturn', 'rejectReturn')
     OR NEW.command IN ('approveExtension', 'requestReturn', 'approveReturn', 'rejectReturn'))
  EXECUTE FUNCTION appeal_stats_mark_transition();--> statement-breakpoint
CREATE TRIGGER "appeal_stats_transitions_delete" AFTER DELETE ON "appeal_transitions" FOR EACH ROW
  WHEN (OLD.command IN ('approveExtension', 'requestReturn', 'approveReturn', 'rejectReturn'))
  EXECUTE FUNCTION appeal_stats_mark_transition();--> statement-breakpoint
-- Lead assignments decide the department rows (receipt day) and the holders of return events (their days).
CREATE FUNCTION "appeal_stats_mark_assignment"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r appeal_assignments;
BEGIN
  FOREACH r IN ARRAY ARRAY[NEW, OLD] LOOP
    CONTINUE WHEN r.appeal_id IS NULL OR r.role <> 'lead';
    INSERT INTO appeal_stats_dirty (city_id, kind, day)
    SELECT a.city_id, 'received', shanghai_day(a.received_at) FROM appeals a WHERE a.id = r.appeal_id;
    INSERT INTO appeal_stats_dirty (city_id, kind, day)
    SELECT DISTINCT a.city_id, 'returns', shanghai_day(e.at) FROM appeals a
      JOIN appeal_transitions e ON e.appeal_id = a.id AND e.command IN ('requestReturn', 'approveReturn', 'rejectReturn')
    WHERE a.id = r.appeal_id;
  END LOOP;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "appeal_stats_assignments_insert" AFTER INSERT ON "appeal_assignments" FOR EACH ROW
  WHEN (NEW.role = 'lead') EXECUTE FUNCTION appeal_stats_mark_assignment();--> statement-breakpoint
CREATE TRIGGER "appeal_stats_assignments_update" AFTER UPDATE ON "appeal_assignments" FOR EACH ROW
  WHEN (OLD.role = 'lead' OR NEW.role = 'lead') EXECUTE FUNCTION appeal_stats_mark_assignment();--> statement-breakpoint
CREATE TRIGGER "appeal_stats_assignments_delete" AFTER DELETE ON "appeal_assignments" FOR EACH ROW
  WHEN (OLD.role = 'lead') EXECUTE FUNCTION appeal_stats_mark_assignment();--> statement-breakpoint
-- Cases that exist already: every day is stale until the job has computed it (until then it is read from the cases).
INSERT INTO "appeal_stats_dirty" ("city_id", "kind", "day")
SELECT DISTINCT "city_id", 'received', shanghai_day("received_at") FROM "appeals";--> statement-breakpoint
INSERT INTO "appeal_stats_dirty" ("city_id", "kind", "day")
SELECT DISTINCT a."city_id", 'returns', shanghai_day(e."at") FROM "appeal_transitions" e JOIN "appeals" a ON a."id" = e."appeal_id"
WHERE e."command" IN ('requestReturn', 'approveReturn', 'rejectReturn');
