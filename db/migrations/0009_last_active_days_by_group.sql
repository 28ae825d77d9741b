ALTER TABLE "company_last_active_days" DROP CONSTRAINT "company_last_active_days_company_id_day_status_pk";--> statement-breakpoint
-- Role and department join the key: the summary's breakdown of the listed members is read from
-- here instead of from every member's row. Emptied first (refilled below), so the new NOT NULL
-- column needs no default.
DELETE FROM "company_last_active_days";--> statement-breakpoint
ALTER TABLE "company_last_active_days" ADD COLUMN "role" "member_role" NOT NULL;--> statement-breakpoint
ALTER TABLE "company_last_active_days" ADD COLUMN "department" text;--> statement-breakpoint
ALTER TABLE "company_last_active_days" ADD CONSTRAINT "company_last_active_days_uq" UNIQUE NULLS NOT DISTINCT("company_id","day","status","role","department");--> statement-breakpoint
-- The rows again, now by role and department too, from the members' rows (the figures a refresh
-- writes; the day in the company's zone, as um_local_day spells it).
INSERT INTO "company_last_active_days" ("company_id", "day", "status", "role", "department", "members")
SELECT mm."company_id", (mm."last_active" AT TIME ZONE c."timezone")::date, mm."status", mm."role", mm."department", count(*)
FROM "member_metrics" mm JOIN "companies" c ON c."id" = mm."company_id"
WHERE mm."listed" AND mm."last_active" IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
