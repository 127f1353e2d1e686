-- Materialised paths compare byte-wise, so a subtree is the range [P, P || '~') on a btree index.
ALTER TABLE "regions" ALTER COLUMN "path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "role_grants" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "units" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "party_orgs" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "region_path" TYPE text COLLATE "C";--> statement-breakpoint
-- The audit trail is append-only for everyone, the application included.
CREATE OR REPLACE FUNCTION tongxin_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION tongxin_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION tongxin_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON "audit_chain" FOR EACH ROW EXECUTE FUNCTION tongxin_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON "audit_chain" FOR EACH STATEMENT EXECUTE FUNCTION tongxin_refuse_change();--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log", "audit_chain" FROM PUBLIC;
