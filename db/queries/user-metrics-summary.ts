import { and, eq, sql } from "drizzle-orm";
import { jsonValue, queryRows, type Db } from "../client";
import { memberMetrics, memberships } from "../schema";
import type { UserMetricsFilters } from "@/lib/contracts/user-metrics";
import { countUserMetricsQuery, joinMembership, listedInWindow } from "./user-metrics";

export type SummaryFilters = Omit<UserMetricsFilters, "ordering">;

export type MemberGroup = { status: string; role: string; department: string | null; n: number };

export type SummaryData = {
  /** The members the list returns for the filters, grouped. */
  members: MemberGroup[];
  /** Every live member of the company (status filter applied, window not). */
  companyMembers: MemberGroup[];
  listed: number;
  window: { active_users: number; sessions: number; duration_seconds: number };
  daily: { day: string; active_users: number; sessions: number; duration_seconds: number }[];
};

/**
 * Aggregates for the summary endpoint in one statement, all scoped by company id and read from the
 * company-level rollups (db/schema/metrics.ts), so the cost follows the window's length, not the
 * company's size: company-wide member counts by status, role and department; the listed members;
 * the same counts over the members the list returns (read from their rows, so these follow the
 * number of members in the window); the distinct
 * members active in the window (member-days whose previous active day is before the window); a
 * zero-filled daily series, whose sums are the window's sessions and duration.
 */
export async function summarizeUserMetrics(
  db: Db,
  companyId: string,
  f: SummaryFilters,
): Promise<SummaryData> {
  const byStatus = (column: string) => (f.status ? sql` and ${sql.raw(column)} = ${f.status}` : sql``);
  // Exactly the list's rows, with the role and department the list shows for them.
  const windowGroups = db
    .select({
      status: memberMetrics.status,
      role: memberships.role,
      department: memberships.department,
      n: sql<number>`count(*)::int`.as("n"),
    })
    .from(memberMetrics)
    .innerJoin(memberships, and(joinMembership, eq(memberships.companyId, companyId)))
    .where(listedInWindow(companyId, f))
    .groupBy(memberMetrics.status, memberships.role, memberships.department);
  const [row] = await queryRows<{
    members: SummaryData["members"] | string;
    company_members: SummaryData["companyMembers"] | string;
    listed: number;
    active_users: number;
    daily: SummaryData["daily"] | string;
  }>(
    db,
    sql`
    select
      (select coalesce(json_agg(json_build_object('status', g.status, 'role', g.role, 'department', g.department, 'n', g.members)), '[]')
       from company_member_groups g
       where g.company_id = ${companyId} and g.members > 0${byStatus("g.status")}) as company_members,
      (select coalesce(json_agg(json_build_object('status', w.status, 'role', w.role, 'department', w.department, 'n', w.n)), '[]')
       from (${windowGroups}) w) as members,
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
  const daily = jsonValue(row!.daily);
  let sessions = 0;
  let duration = 0;
  for (const d of daily) {
    sessions += d.sessions;
    duration += d.duration_seconds;
  }
  return {
    members: jsonValue(row!.members),
    companyMembers: jsonValue(row!.company_members),
    listed: row!.listed,
    window: { active_users: row!.active_users, sessions, duration_seconds: duration },
    daily,
  };
}
