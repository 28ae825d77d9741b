-- Memberships keyed by company first, like every other tenant table, so the schema can be
-- distributed by company_id (docs/deployment.md). The id stays unique on its own in practice
-- (random UUIDs); nothing refers to a membership by id alone.
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_pkey";--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_pkey" PRIMARY KEY("company_id","id");
