CREATE TABLE "wishes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"community_id" uuid NOT NULL,
	"posted_by" uuid NOT NULL,
	"posted_as" text NOT NULL,
	"beneficiary_user_id" uuid,
	"beneficiary_enc" text NOT NULL,
	"title" text NOT NULL,
	"story" text NOT NULL,
	"category" text NOT NULL,
	"estimated_value_fen" bigint NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"minor" boolean DEFAULT false NOT NULL,
	"hardship" boolean DEFAULT false NOT NULL,
	"public_title" text,
	"public_story" text,
	"handover_note" text,
	"deadline" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reject_reason" text,
	"cancel_reason" text,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"claimer_kind" text,
	"claimer_user_id" uuid,
	"claimer_name" text,
	"claimed_at" timestamp with time zone,
	"proof_note" text,
	"proof_photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fulfilled_at" timestamp with time zone,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"points_awarded" integer,
	"points_entry_id" uuid,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wishes_status_ck" CHECK ("wishes"."status" in ('submitted','verified','rejected','published','claimed','fulfilled','confirmed','expired','cancelled')),
	CONSTRAINT "wishes_category_ck" CHECK ("wishes"."category" in ('study','daily','companionship','medical','repair','other')),
	CONSTRAINT "wishes_value_ck" CHECK ("wishes"."estimated_value_fen" > 0),
	CONSTRAINT "wishes_claimer_ck" CHECK (("wishes"."claimer_user_id" is null) = ("wishes"."claimer_kind" is null))
);
--> statement-breakpoint
CREATE INDEX "wishes_region_idx" ON "wishes" USING btree ("region_path","status");--> statement-breakpoint
CREATE INDEX "wishes_city_status_idx" ON "wishes" USING btree ("city_id","status","deadline");--> statement-breakpoint
CREATE INDEX "wishes_posted_by_idx" ON "wishes" USING btree ("posted_by");--> statement-breakpoint
CREATE INDEX "wishes_claimer_idx" ON "wishes" USING btree ("claimer_user_id");--> statement-breakpoint
-- Subtree ranges on the path compare byte-wise (docs/architecture.md, "The region tree").
ALTER TABLE "wishes" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_posted_as_ck" CHECK ("posted_as" in ('self','community'));--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_claimer_kind_ck" CHECK ("claimer_kind" is null or "claimer_kind" in ('member','unit'));--> statement-breakpoint
-- The expiry job looks only at wishes nobody has claimed yet.
CREATE INDEX "wishes_open_deadline_idx" ON "wishes" USING btree ("deadline") WHERE "status" in ('submitted','verified','published');
