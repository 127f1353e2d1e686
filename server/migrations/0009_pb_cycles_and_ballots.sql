CREATE TABLE "pb_ballot_inbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_ballots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"choices" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_cycles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"title" text NOT NULL,
	"budget_fen" bigint NOT NULL,
	"vote_type" text DEFAULT 'approval' NOT NULL,
	"points_per_voter" integer,
	"rule" text DEFAULT 'mes-add1' NOT NULL,
	"rule_increment_fen" bigint,
	"voter_basis" text DEFAULT 'register' NOT NULL,
	"phase" text DEFAULT 'draft' NOT NULL,
	"phase_dates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mix_batch" integer DEFAULT 20 NOT NULL,
	"result" jsonb,
	"counted_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_milestones" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"note" text,
	"spent_fen" bigint DEFAULT 0 NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_paper_entries" (
	"cycle_id" uuid NOT NULL,
	"sheet" text NOT NULL,
	"entry" integer NOT NULL,
	"entered_by" uuid NOT NULL,
	"choices" jsonb NOT NULL,
	"accepted_at" timestamp with time zone,
	CONSTRAINT "pb_paper_entries_cycle_id_sheet_entry_pk" PRIMARY KEY("cycle_id","sheet","entry")
);
--> statement-breakpoint
CREATE TABLE "pb_participation" (
	"cycle_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"channel" text NOT NULL,
	CONSTRAINT "pb_participation_cycle_id_voter_key_pk" PRIMARY KEY("cycle_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "pb_project_ratings" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"stars" integer NOT NULL,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pb_project_ratings_project_id_user_id_pk" PRIMARY KEY("project_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "pb_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"proposer_user_id" uuid,
	"proposer_kind" text NOT NULL,
	"unit_id" uuid,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"estimated_cost_fen" bigint NOT NULL,
	"official_cost_fen" bigint,
	"department_id" uuid,
	"feasibility" text DEFAULT 'pending' NOT NULL,
	"rejection_reason" text,
	"merged_into_id" uuid,
	"status" text DEFAULT 'proposed' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_voter_roll" (
	"cycle_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pb_voter_roll_cycle_id_user_id_pk" PRIMARY KEY("cycle_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "pb_voting_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pb_ballot_inbox_cycle_idx" ON "pb_ballot_inbox" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "pb_ballots_cycle_idx" ON "pb_ballots" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "pb_cycles_region_idx" ON "pb_cycles" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "pb_cycles_city_idx" ON "pb_cycles" USING btree ("city_id","phase");--> statement-breakpoint
CREATE INDEX "pb_milestones_project_idx" ON "pb_milestones" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_projects_number_uq" ON "pb_projects" USING btree ("cycle_id","number");--> statement-breakpoint
CREATE INDEX "pb_projects_cycle_idx" ON "pb_projects" USING btree ("cycle_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_voting_codes_hash_uq" ON "pb_voting_codes" USING btree ("cycle_id","code_hash");--> statement-breakpoint
-- Region paths compare byte-wise, as everywhere (subtree = range predicate; see 0001).
ALTER TABLE "pb_cycles" ALTER COLUMN "region_path" TYPE text COLLATE "C";
