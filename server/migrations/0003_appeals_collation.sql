ALTER TABLE "departments" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "appeal_routing_rules" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "appeals" ALTER COLUMN "region_path" TYPE text COLLATE "C";
