CREATE TABLE "open311_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"city_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "open311_keys_hash_uq" ON "open311_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "open311_keys_city_idx" ON "open311_keys" USING btree ("city_id");