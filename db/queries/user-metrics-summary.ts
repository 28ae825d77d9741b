import { sql, type SQL } from "drizzle-orm";
import { jsonValue, queryRows, type Db } from "../client";
import { activitySessions, memberMetrics } from "../schema";
import { addDays } from "@/lib/format";
import { sessionSeconds, utcDayStart } from "./days";
import {
  countUserMetricsQuery,
  hasMemberFilters,
  listWhere,
  memberSetWhere,
  type ListFilters,
} from "./user-metrics";

export type SummaryFilters = ListFilters;

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
 * Aggregates for the summary endpoint in one statement, all scoped by company id: company-wide
 * member counts by status, role and department (company-level rollups); the list's count and the
 * same breakdown over the members the list returns (read from their rows, so these follow the
 * number of members selected); the window's distinct active members and a zero-filled daily series,
 * whose sums are the window's sessions and duration: from the rollups for the status filter, from
 * the selected members' raw sessions when member filters apply.
 */
export async function summarizeUserMetrics(
  db: Db,
  companyId: string,
  f: SummaryFilters,
): Promise<SummaryData> {
  const byStatus = (column: string) => (f.status ? sql` and ${sql.raw(column)} = ${f.status}` : sql``);
  // Exactly the list's rows, by the role and department member_metrics keeps for them.
  const windowGroups = sql`
    select ${memberMetrics.status} as status, ${memberMetrics.role} as role, ${memberMetrics.department} as department,
           count(*)::int as n
    from ${memberMetrics} where ${listWhere(companyId, f)}
    group by 1, 2, 3`;
  const activity = hasMemberFilters(f)
    ? selectedActivity(companyId, f)
    : companyActivity(companyId, f, byStatus);
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
      (${countUserMetricsQuery(companyId, f)}) as listed,
      a.active_users, a.daily
    from (${activity}) a`,
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

const zeroFilledDaily = (f: SummaryFilters, perDay: SQL) => sql`
  (select json_agg(x order by x.day) from (
     select to_char(g.day, 'YYYY-MM-DD') as day, coalesce(d.active_users, 0)::int as active_users,
            coalesce(d.sessions, 0)::int as sessions, coalesce(d.duration_seconds, 0)::float8 as duration_seconds
     from generate_series(${f.dateFrom}::date, ${f.dateTo}::date, interval '1 day') as g(day)
     left join (${perDay}) d on d.day = g.day::date) x)`;

/**
 * The window's activity of every member the status selects, from the company-level rollups (the
 * cost follows the window's length): distinct actives are the member-days whose previous active
 * day is before the window.
 */
function companyActivity(companyId: string, f: SummaryFilters, byStatus: (column: string) => SQL) {
  return sql`select
    (select coalesce(sum(a.members), 0)::int from company_activity_gaps a
     where a.company_id = ${companyId} and a.day between ${f.dateFrom}::date and ${f.dateTo}::date
       and a.prev_day < ${f.dateFrom}::date${byStatus("a.status")}) as active_users,
    ${zeroFilledDaily(
      f,
      sql`select d.day, sum(d.active_members) as active_users, sum(d.sessions) as sessions,
                 sum(d.duration_seconds) as duration_seconds
          from company_daily_metrics d
          where d.company_id = ${companyId} and d.day between ${f.dateFrom}::date and ${f.dateTo}::date${byStatus("d.status")}
          group by d.day`,
    )} as daily`;
}

/**
 * The window's activity of the members the member filters select (search, role, department,
 * inactive_for), which no company-level rollup counts: their raw sessions started in the window,
 * read through the (company, member, start) index. The cost follows those members' sessions.
 */
function selectedActivity(companyId: string, f: SummaryFilters) {
  const sessions = sql`
    select ${activitySessions.userId} as user_id, (${activitySessions.startedAt} at time zone 'UTC')::date as day,
           ${sessionSeconds} as duration
    from ${memberMetrics}
    join ${activitySessions} on ${activitySessions.companyId} = ${memberMetrics.companyId}
      and ${activitySessions.userId} = ${memberMetrics.userId}
      and ${activitySessions.startedAt} >= ${utcDayStart(f.dateFrom)}
      and ${activitySessions.startedAt} < ${utcDayStart(addDays(f.dateTo, 1))}
    where ${memberSetWhere(companyId, f)}`;
  return sql`with s as materialized (${sessions})
    select (select count(distinct s.user_id)::int from s) as active_users,
    ${zeroFilledDaily(
      f,
      sql`select s.day, count(distinct s.user_id) as active_users, count(*) as sessions, sum(s.duration) as duration_seconds
          from s group by s.day`,
    )} as daily`;
}
