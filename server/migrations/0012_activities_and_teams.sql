CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"organiser_kind" text NOT NULL,
	"organiser_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"venue" text NOT NULL,
	"venue_lng" double precision,
	"venue_lat" double precision,
	"geofence_m" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"service_item_code" text,
	"audience" text DEFAULT 'everyone' NOT NULL,
	"party_rule" text DEFAULT 'activity_attend' NOT NULL,
	"credit_rule" text DEFAULT 'volunteer_hour' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"signup_seq" integer DEFAULT 0 NOT NULL,
	"cancel_reason" text,
	"created_by" uuid,
	"published_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_status_ck" CHECK ("activities"."status" in ('draft','published','started','ended','reviewed','cancelled')),
	CONSTRAINT "activities_kind_ck" CHECK ("activities"."organiser_kind" in ('community','branch','team','unit')),
	CONSTRAINT "activities_audience_ck" CHECK ("activities"."audience" in ('members','residents','everyone')),
	CONSTRAINT "activities_capacity_ck" CHECK ("activities"."capacity" > 0),
	CONSTRAINT "activities_time_ck" CHECK ("activities"."ends_at" > "activities"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"activity_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"ledger" text NOT NULL,
	"status" text NOT NULL,
	"queue_no" integer NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_out_at" timestamp with time zone,
	"service_minutes" integer,
	"review" text DEFAULT 'pending' NOT NULL,
	"approved_minutes" integer,
	"points_entry_id" uuid,
	"points" integer,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "activity_signups_status_ck" CHECK ("activity_signups"."status" in ('signed_up','waiting','cancelled')),
	CONSTRAINT "activity_signups_review_ck" CHECK ("activity_signups"."review" in ('pending','approved','absent')),
	CONSTRAINT "activity_signups_ledger_ck" CHECK ("activity_signups"."ledger" in ('party','credit'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id"),
	CONSTRAINT "volunteer_team_members_role_ck" CHECK ("volunteer_team_members"."role" in ('leader','member'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "activities_region_idx" ON "activities" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "activities_city_idx" ON "activities" USING btree ("city_id","status","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_signups_uq" ON "activity_signups" USING btree ("activity_id","user_id");--> statement-breakpoint
CREATE INDEX "activity_signups_queue_idx" ON "activity_signups" USING btree ("activity_id","status","queue_no");--> statement-breakpoint
CREATE INDEX "activity_signups_user_idx" ON "activity_signups" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "volunteer_team_members_user_idx" ON "volunteer_team_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "volunteer_teams_region_idx" ON "volunteer_teams" USING btree ("region_path");--> statement-breakpoint
-- Region paths compare byte-wise, as everywhere (subtree = range predicate; see 0001).
ALTER TABLE "activities" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "volunteer_teams" ALTER COLUMN "region_path" TYPE text COLLATE "C";
