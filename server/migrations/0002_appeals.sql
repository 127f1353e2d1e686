CREATE TABLE "files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"owner_type" text,
	"owner_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department_members" (
	"department_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "department_members_department_id_user_id_pk" PRIMARY KEY("department_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_assignments" (
	"appeal_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"role" text NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"reply" text,
	"replied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_assignments_appeal_id_department_id_round_pk" PRIMARY KEY("appeal_id","department_id","round")
);
--> statement-breakpoint
CREATE TABLE "appeal_callers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"appeal_id" uuid NOT NULL,
	"original_appeal_id" uuid NOT NULL,
	"user_id" uuid,
	"name_enc" text,
	"phone_enc" text,
	"phone_bidx" text,
	"channel" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"visit_result" text,
	"visited_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "appeal_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"parent_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" integer NOT NULL,
	"handling" text DEFAULT 'department' NOT NULL,
	"department_code" text,
	"accept_hours" integer DEFAULT 2 NOT NULL,
	"on_site_minutes" integer,
	"working_days" integer DEFAULT 5 NOT NULL,
	"duplicate_radius_m" integer DEFAULT 250 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_categories_handling_ck" CHECK ("appeal_categories"."handling" in ('grid','joint','department')),
	CONSTRAINT "appeal_categories_limits_ck" CHECK ("appeal_categories"."accept_hours" > 0 and "appeal_categories"."working_days" > 0 and "appeal_categories"."duplicate_radius_m" > 0)
);
--> statement-breakpoint
CREATE TABLE "appeal_deadline_marks" (
	"appeal_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_deadline_marks_appeal_id_kind_deadline_pk" PRIMARY KEY("appeal_id","kind","deadline")
);
--> statement-breakpoint
CREATE TABLE "appeal_routing_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"mode" text NOT NULL,
	"lead_department_id" uuid,
	"assist_department_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_routing_rules_mode_ck" CHECK ("appeal_routing_rules"."mode" in ('grid','joint','department'))
);
--> statement-breakpoint
CREATE TABLE "appeal_transitions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "appeal_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"appeal_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"command" text NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"note" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"category_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"source_crs" text DEFAULT 'wgs84' NOT NULL,
	"grid_id" uuid,
	"region_path" text NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"reporter_user_id" uuid,
	"status" text NOT NULL,
	"mode" text,
	"lead_department_id" uuid,
	"assignee_user_id" uuid,
	"supervision" text,
	"bounce_count" integer DEFAULT 0 NOT NULL,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"merged_into_id" uuid,
	"state" jsonb NOT NULL,
	"fingerprint" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	"accept_by" timestamp with time zone,
	"on_site_by" timestamp with time zone,
	"due_by" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"satisfaction" text,
	"idempotency_key" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "files_owner_idx" ON "files" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "files_sha_idx" ON "files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "department_members_user_idx" ON "department_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_city_region_code_uq" ON "departments" USING btree ("city_id","region_id","code");--> statement-breakpoint
CREATE INDEX "departments_region_path_idx" ON "departments" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "appeal_assignments_department_idx" ON "appeal_assignments" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "appeal_callers_appeal_idx" ON "appeal_callers" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "appeal_callers_phone_idx" ON "appeal_callers" USING btree ("phone_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_categories_city_code_uq" ON "appeal_categories" USING btree ("city_id","code");--> statement-breakpoint
CREATE INDEX "appeal_categories_parent_idx" ON "appeal_categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "appeal_routing_rules_category_idx" ON "appeal_routing_rules" USING btree ("category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_transitions_seq_uq" ON "appeal_transitions" USING btree ("appeal_id","seq");--> statement-breakpoint
CREATE INDEX "appeal_transitions_at_idx" ON "appeal_transitions" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_city_number_uq" ON "appeals" USING btree ("city_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "appeals_idempotency_uq" ON "appeals" USING btree ("city_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "appeals_region_path_idx" ON "appeals" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "appeals_status_due_idx" ON "appeals" USING btree ("status","due_by");--> statement-breakpoint
CREATE INDEX "appeals_status_warn_idx" ON "appeals" USING btree ("status","warn_at");--> statement-breakpoint
CREATE INDEX "appeals_category_received_idx" ON "appeals" USING btree ("category_id","received_at");--> statement-breakpoint
CREATE INDEX "appeals_lead_department_idx" ON "appeals" USING btree ("lead_department_id","status");--> statement-breakpoint
CREATE INDEX "appeals_assignee_idx" ON "appeals" USING btree ("assignee_user_id","status");--> statement-breakpoint
CREATE INDEX "appeals_received_idx" ON "appeals" USING btree ("city_id","received_at");