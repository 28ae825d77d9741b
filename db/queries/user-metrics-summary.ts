import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../client";
import type { UserMetricsFilters } from "@/lib/validation/user-metrics";
import { countUserMetricsQuery } from "./user-metrics";

export type SummaryFilters = Omit<UserMetricsFilters, "ordering">;

export type SummaryData = {
  members: { status: string; role: string; department: string | null; n: number }[];
  listed: number;
  window: { active_users: number; sessions: number; duration_seconds: number };
  daily: { day: string; active_users: number; sessions: number; duration_seconds: number }[];
};

/**
 * Aggregates for the summary endpoint in one statement, all scoped by company id and read from the
 * company-level rollups (db/schema/metrics.ts), so the cost follows the window's length, not the
 * company's size: member counts by status, role and department; the listed members; the distinct
 * members active in the window (member-days whose previous active day is before the window); a
 * zero-filled daily series, whose sums are the window's sessions and duration.
 */
export async function summarizeUserMetrics(
  db: Db,
  companyId: string,
  f: SummaryFilters,
): Promise<SummaryData> {
  const byStatus = (column: string) => (f.status ? sql` and ${sql.raw(column)} = ${f.status}` : sql``);
  const [row] = await queryRows<{
    members: SummaryData["members"] | string;
    listed: number;
    active_users: number;
    daily: SummaryData["daily"] | string;
  }>(
    db,
    sql`
    select
      (select coalesce(json_agg(json_build_object('status', g.status, 'role', g.role, 'department', g.department, 'n', g.members)), '[]')
       from company_member_groups g
       where g.company_id = ${companyId} and g.members > 0${byStatus("g.status")}) as members,
      (${countUserMetricsQuery(db, companyId, f)}) as listed,
      (select coalesce(sum(a.members), 0)::int from company_activity_gaps a
       where a.company_id = ${companyId} and a.day between ${f.dateFrom}::date and ${f.dateTo}::date
         and a.prev_day < ${f.dateFrom}::date${byStatus("a.status")}) as active_users,
      (select json_agg(x order by x.day) from (
         select to_char(g.day, 'YYYY-MM-DD') as day, coalesce(sum(d.active_members), 0)::int as active_users,
                coalesce(sum(d.sessions), 0)::int as sessions, coalesce(sum(d.duration_seconds), 0)::float8 as duration_seconds
         from generate_series(${f.dateFrom}::date, ${f.dateTo}::date, interval '1 day') as g(day)
         left join company_daily_metrics d
           on d.company_id = ${companyId} and d.day = g.day::date${byStatus("d.status")}
         group by g.day) x) as daily`,
  );
  const parse = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
  const daily = parse(row!.daily);
  let sessions = 0;
  let duration = 0;
  for (const d of daily) {
    sessions += d.sessions;
    duration += d.duration_seconds;
  }
  return {
    members: parse(row!.members),
    listed: row!.listed,
    window: { active_users: row!.active_users, sessions, duration_seconds: duration },
    daily,
  };
}
