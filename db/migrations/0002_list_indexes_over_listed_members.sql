DROP INDEX "member_metrics_company_last_active_idx";--> statement-breakpoint
DROP INDEX "member_metrics_company_total_sessions_idx";--> statement-breakpoint
DROP INDEX "member_metrics_company_status_last_active_idx";--> statement-breakpoint
CREATE INDEX "member_metrics_list_last_active_idx" ON "member_metrics" USING btree ("company_id","last_active","user_id","status") WHERE "member_metrics"."listed";--> statement-breakpoint
CREATE INDEX "member_metrics_list_total_sessions_idx" ON "member_metrics" USING btree ("company_id","total_sessions","user_id","last_active","status") WHERE "member_metrics"."listed";--> statement-breakpoint
CREATE INDEX "member_metrics_list_status_last_active_idx" ON "member_metrics" USING btree ("company_id","status","last_active","user_id") WHERE "member_metrics"."listed";