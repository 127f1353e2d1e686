CREATE TABLE "pb_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"author_user_id" uuid NOT NULL,
	"author_part" text NOT NULL,
	"body" text NOT NULL,
	"amendment" jsonb,
	"amendment_status" text,
	"answer" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"title" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text,
	"attendees" integer,
	"minutes" text NOT NULL,
	"project_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"project_id" uuid,
	"author_user_id" uuid NOT NULL,
	"body" text NOT NULL,
	"answer" text,
	"upheld" boolean,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pb_projects" ADD COLUMN "proposer_name" text;--> statement-breakpoint
CREATE INDEX "pb_comments_project_idx" ON "pb_comments" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "pb_comments_cycle_idx" ON "pb_comments" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "pb_meetings_cycle_idx" ON "pb_meetings" USING btree ("cycle_id","held_at");--> statement-breakpoint
CREATE INDEX "pb_objections_cycle_idx" ON "pb_objections" USING btree ("cycle_id","created_at");