CREATE TABLE "company_member_days" (
	"company_id" uuid NOT NULL,
	"day" date NOT NULL,
	"chunk" bigserial NOT NULL,
	"entries" "bytea" NOT NULL,
	CONSTRAINT "company_member_days_company_id_day_chunk_pk" PRIMARY KEY("company_id","day","chunk")
);
--> statement-breakpoint
CREATE TABLE "company_member_numbers" (
	"company_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"no" integer NOT NULL,
	CONSTRAINT "company_member_numbers_company_id_user_id_pk" PRIMARY KEY("company_id","user_id"),
	CONSTRAINT "company_member_numbers_no_uq" UNIQUE("company_id","no")
);
--> statement-breakpoint
CREATE TABLE "company_quarter_metrics" (
	"company_id" uuid NOT NULL,
	"day" date NOT NULL,
	"quarter" smallint NOT NULL,
	"status" "member_status" NOT NULL,
	"sessions" integer NOT NULL,
	"duration_seconds" bigint NOT NULL,
	CONSTRAINT "company_quarter_metrics_company_id_day_quarter_status_pk" PRIMARY KEY("company_id","day","quarter","status")
);
--> statement-breakpoint
ALTER TABLE "member_metrics" ADD COLUMN "log_no" integer;--> statement-breakpoint
ALTER TABLE "company_member_days" ADD CONSTRAINT "company_member_days_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_member_numbers" ADD CONSTRAINT "company_member_numbers_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_member_numbers" ADD CONSTRAINT "company_member_numbers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_quarter_metrics" ADD CONSTRAINT "company_quarter_metrics_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_metrics_log_idx" ON "member_metrics" USING btree ("company_id","status","log_no") WHERE "member_metrics"."listed" and "member_metrics"."log_no" is not null;--> statement-breakpoint
-- Rewritten by every refresh and appended to by every batch, read on the request path: autovacuum
-- keeps their statistics and visibility map current, as for the other rollups (migration 0003).
ALTER TABLE "company_quarter_metrics" SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "company_member_days" SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "company_member_numbers" SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.05);
