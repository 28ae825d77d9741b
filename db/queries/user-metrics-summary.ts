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

/** Live members of the company (membership and user not soft-deleted), optionally of one status. */
const liveMembers = (companyId: string, status: string | null) => sql`
  select m.user_id, m.status, m.role, m.department
  from memberships m join users u on u.id = m.user_id and u.deleted_at is null
  where m.company_id = ${companyId} and m.deleted_at is null${status ? sql` and m.status = ${status}` : sql``}`;

/**
 * Aggregates for the summary endpoint, all scoped by company id: member counts by status, role and
 * department; activity in the window from the daily rollup; a zero-filled series for every day.
 */
export async function summarizeUserMetrics(
  db: Db,
  companyId: string,
  f: SummaryFilters,
): Promise<SummaryData> {
  const members = liveMembers(companyId, f.status);
  const inWindow = sql`
    select d.day, d.user_id, d.sessions, d.duration_seconds
    from daily_member_metrics d join (${members}) lm on lm.user_id = d.user_id
    where d.company_id = ${companyId} and d.day between ${f.dateFrom}::date and ${f.dateTo}::date`;

  const [groups, [windowRow], daily, listed] = await Promise.all([
    queryRows<{ status: string; role: string; department: string | null; n: number }>(
      db,
      sql`select status, role, department, count(*)::int as n from (${members}) lm group by 1, 2, 3`,
    ),
    queryRows<{ active_users: number; sessions: number; duration_seconds: number }>(
      db,
      sql`select count(distinct user_id)::int as active_users, coalesce(sum(sessions), 0)::int as sessions,
                 coalesce(sum(duration_seconds), 0)::float8 as duration_seconds
          from (${inWindow}) w`,
    ),
    queryRows<{ day: string; active_users: number; sessions: number; duration_seconds: number }>(
      db,
      sql`select to_char(g.day, 'YYYY-MM-DD') as day, count(distinct w.user_id)::int as active_users,
                 coalesce(sum(w.sessions), 0)::int as sessions, coalesce(sum(w.duration_seconds), 0)::float8 as duration_seconds
          from generate_series(${f.dateFrom}::date, ${f.dateTo}::date, interval '1 day') as g(day)
          left join (${inWindow}) w on w.day = g.day::date
          group by g.day order by g.day`,
    ),
    countUserMetricsQuery(db, companyId, { ...f, ordering: "-last_active" }),
  ]);
  return {
    members: groups,
    listed: listed[0]?.n ?? 0,
    window: windowRow ?? { active_users: 0, sessions: 0, duration_seconds: 0 },
    daily,
  };
}
