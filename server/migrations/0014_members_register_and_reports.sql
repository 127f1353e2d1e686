CREATE TABLE "dual_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"member_id" uuid,
	"unit_id" uuid,
	"community_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"channel" text NOT NULL,
	"address" text,
	"building_id" uuid,
	"grid_id" uuid,
	"branch_org_id" uuid,
	"status" text DEFAULT 'reported' NOT NULL,
	"reason" text,
	"reported_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dual_reports_kind_ck" CHECK (("dual_reports"."kind" = 'member' and "dual_reports"."member_id" is not null) or ("dual_reports"."kind" = 'unit' and "dual_reports"."unit_id" is not null)),
	CONSTRAINT "dual_reports_status_ck" CHECK ("dual_reports"."status" in ('reported','approved','rejected','superseded')),
	CONSTRAINT "dual_reports_channel_ck" CHECK ("dual_reports"."channel" in ('online','offline'))
);
--> statement-breakpoint
CREATE TABLE "household_residents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relation" text DEFAULT 'other' NOT NULL,
	"birth_year" integer,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"address" text NOT NULL,
	"hardship" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_households" (
	"member_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_households_member_id_household_id_pk" PRIMARY KEY("member_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "member_service_items" (
	"member_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_service_items_member_id_item_id_pk" PRIMARY KEY("member_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "member_settings" (
	"city_id" uuid PRIMARY KEY NOT NULL,
	"min_households" integer DEFAULT 10 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"type" text NOT NULL,
	"visited_on" date NOT NULL,
	"note" text,
	"follow_up" text,
	"follow_up_status" text DEFAULT 'none' NOT NULL,
	"appeal_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_visits_type_ck" CHECK ("member_visits"."type" in ('hardship','illness','abnormal_family','dispute','routine','service')),
	CONSTRAINT "member_visits_follow_up_ck" CHECK ("member_visits"."follow_up_status" in ('none','open','appeal','done'))
);
--> statement-breakpoint
CREATE TABLE "party_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_bidx" text NOT NULL,
	"phone_enc" text,
	"phone_bidx" text,
	"gender" text NOT NULL,
	"birth_date" date NOT NULL,
	"standing" text NOT NULL,
	"join_date" date NOT NULL,
	"org_id" uuid,
	"unit_id" uuid,
	"kind" text NOT NULL,
	"address" text,
	"building_id" uuid,
	"grid_id" uuid,
	"branch_org_id" uuid,
	"region_path" text NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_members_standing_ck" CHECK ("party_members"."standing" in ('formal','probationary')),
	CONSTRAINT "party_members_kind_ck" CHECK ("party_members"."kind" in ('employed','retired','mobile','seasonal')),
	CONSTRAINT "party_members_gender_ck" CHECK ("party_members"."gender" in ('M','F'))
);
--> statement-breakpoint
CREATE TABLE "service_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dual_reports_region_path_idx" ON "dual_reports" USING btree ("region_path","status");--> statement-breakpoint
CREATE INDEX "dual_reports_member_idx" ON "dual_reports" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "dual_reports_unit_idx" ON "dual_reports" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dual_reports_member_open_uq" ON "dual_reports" USING btree ("member_id") WHERE status = 'reported' and member_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "dual_reports_unit_open_uq" ON "dual_reports" USING btree ("unit_id") WHERE status = 'reported' and kind = 'unit';--> statement-breakpoint
CREATE INDEX "household_residents_household_idx" ON "household_residents" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "households_region_path_idx" ON "households" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "households_building_idx" ON "households" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "member_households_household_idx" ON "member_households" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "member_service_items_item_idx" ON "member_service_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "member_visits_member_idx" ON "member_visits" USING btree ("member_id","visited_on");--> statement-breakpoint
CREATE INDEX "member_visits_region_path_idx" ON "member_visits" USING btree ("region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "party_members_city_id_number_uq" ON "party_members" USING btree ("city_id","id_number_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "party_members_user_uq" ON "party_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "party_members_region_path_idx" ON "party_members" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "party_members_unit_idx" ON "party_members" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "party_members_phone_bidx_idx" ON "party_members" USING btree ("phone_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "service_categories_city_code_uq" ON "service_categories" USING btree ("city_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_city_code_uq" ON "service_items" USING btree ("city_id","code");--> statement-breakpoint
CREATE INDEX "service_items_category_idx" ON "service_items" USING btree ("category_id");--> statement-breakpoint
-- Region paths compare byte-wise, as everywhere (subtree = range predicate; see 0001).
ALTER TABLE "party_members" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "households" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "dual_reports" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "member_visits" ALTER COLUMN "region_path" TYPE text COLLATE "C";
