CREATE TABLE "store_item_regions" (
	"item_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	CONSTRAINT "store_item_regions_item_id_region_id_pk" PRIMARY KEY("item_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "store_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"price" integer NOT NULL,
	"stock" integer,
	"per_resident_limit" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_items_kind_ck" CHECK ("store_items"."kind" in ('goods','meal_discount','service')),
	CONSTRAINT "store_items_stock_ck" CHECK ("store_items"."stock" is null or "store_items"."stock" >= 0),
	CONSTRAINT "store_items_price_ck" CHECK ("store_items"."price" > 0),
	CONSTRAINT "store_items_limit_ck" CHECK ("store_items"."per_resident_limit" is null or "store_items"."per_resident_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE "store_merchants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"opening_hours" text DEFAULT '' NOT NULL,
	"phone_enc" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"status_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_merchants_status_ck" CHECK ("store_merchants"."status" in ('pending','approved','suspended'))
);
--> statement-breakpoint
CREATE TABLE "store_redemptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"region_path" text NOT NULL,
	"price" integer NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"code_enc" text NOT NULL,
	"code_bidx" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"entry_id" uuid NOT NULL,
	"refund_entry_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"honoured_at" timestamp with time zone,
	"honoured_by" uuid,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_redemptions_status_ck" CHECK ("store_redemptions"."status" in ('issued','honoured','cancelled'))
);
--> statement-breakpoint
CREATE INDEX "store_item_regions_path_idx" ON "store_item_regions" USING btree ("region_path");--> statement-breakpoint
CREATE INDEX "store_items_merchant_idx" ON "store_items" USING btree ("merchant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "store_merchants_user_uq" ON "store_merchants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "store_merchants_region_idx" ON "store_merchants" USING btree ("region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "store_redemptions_key_uq" ON "store_redemptions" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "store_redemptions_open_code_uq" ON "store_redemptions" USING btree ("code_bidx") WHERE status = 'issued';--> statement-breakpoint
CREATE INDEX "store_redemptions_code_idx" ON "store_redemptions" USING btree ("code_bidx");--> statement-breakpoint
CREATE INDEX "store_redemptions_user_idx" ON "store_redemptions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "store_redemptions_merchant_idx" ON "store_redemptions" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "store_redemptions_item_user_idx" ON "store_redemptions" USING btree ("item_id","user_id");--> statement-breakpoint
CREATE INDEX "store_redemptions_expiry_idx" ON "store_redemptions" USING btree ("expires_at") WHERE status = 'issued';--> statement-breakpoint
-- Byte-wise comparison for subtree ranges (docs/architecture.md, "The region tree").
ALTER TABLE "store_merchants" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "store_item_regions" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "store_redemptions" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "store_redemptions" ADD CONSTRAINT "store_redemptions_cancelled_by_ck" CHECK ("cancelled_by" is null or "cancelled_by" in ('resident','merchant','expiry'));--> statement-breakpoint
-- A redemption is honoured or cancelled, never both, and a cancelled one has its refund entry.
ALTER TABLE "store_redemptions" ADD CONSTRAINT "store_redemptions_state_ck" CHECK (
  (status = 'issued' and honoured_at is null and cancelled_at is null)
  or (status = 'honoured' and honoured_at is not null and cancelled_at is null)
  or (status = 'cancelled' and cancelled_at is not null and honoured_at is null and refund_entry_id is not null));
