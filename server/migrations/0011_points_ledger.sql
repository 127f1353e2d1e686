CREATE TABLE "points_accounts" (
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"region_path" text DEFAULT '' NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"head_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_accounts_kind_user_id_pk" PRIMARY KEY("kind","user_id"),
	CONSTRAINT "points_accounts_balance_ck" CHECK ("points_accounts"."balance" >= 0),
	CONSTRAINT "points_accounts_kind_ck" CHECK ("points_accounts"."kind" in ('party','credit'))
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"city_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"actor_id" uuid,
	"note" text,
	"reverses_id" uuid,
	"ranked" smallint DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "points_entries_delta_ck" CHECK ("points_entries"."delta" <> 0),
	CONSTRAINT "points_entries_kind_ck" CHECK ("points_entries"."kind" in ('party','credit'))
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"points" integer NOT NULL,
	"cap" integer,
	"cycle" text,
	"label" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_rules_cycle_ck" CHECK ("points_rules"."cycle" is null or "points_rules"."cycle" in ('month','quarter','year')),
	CONSTRAINT "points_rules_points_ck" CHECK ("points_rules"."points" <> 0),
	CONSTRAINT "points_rules_cap_ck" CHECK ("points_rules"."cap" is null or ("points_rules"."cap" > 0 and "points_rules"."cycle" is not null))
);
--> statement-breakpoint
CREATE TABLE "points_year_totals" (
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"city_id" uuid NOT NULL,
	"region_path" text DEFAULT '' NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "points_year_totals_kind_user_id_year_pk" PRIMARY KEY("kind","user_id","year")
);
--> statement-breakpoint
CREATE INDEX "points_accounts_region_idx" ON "points_accounts" USING btree ("kind","city_id","region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "points_entries_key_uq" ON "points_entries" USING btree ("kind","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "points_entries_chain_uq" ON "points_entries" USING btree ("kind","user_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "points_entries_reverses_uq" ON "points_entries" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "points_entries_source_idx" ON "points_entries" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "points_entries_rule_idx" ON "points_entries" USING btree ("kind","user_id","reason","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "points_rules_code_uq" ON "points_rules" USING btree ("city_id","kind","code");--> statement-breakpoint
CREATE INDEX "points_year_totals_rank_idx" ON "points_year_totals" USING btree ("kind","city_id","year","region_path","total");--> statement-breakpoint
-- Materialised paths compare byte-wise (subtree = [P, P || '~')).
ALTER TABLE "points_accounts" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "points_year_totals" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
-- Ledger entries are append-only: corrections are reversing entries (docs/modules/points.md).
CREATE FUNCTION points_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points entries are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER points_entries_append_only BEFORE UPDATE OR DELETE ON "points_entries" FOR EACH ROW EXECUTE FUNCTION points_refuse_change();--> statement-breakpoint
CREATE TRIGGER points_entries_no_truncate BEFORE TRUNCATE ON "points_entries" FOR EACH STATEMENT EXECUTE FUNCTION points_refuse_change();
