import { and, eq, sql, type SQL } from "drizzle-orm";
import { jsonValue, queryRows, type Db } from "../client";
import { activitySessions, memberMetrics, memberships } from "../schema";
import { dayStart, localDay } from "./days";
import { departmentIn } from "./user-metrics";
import type { RetentionQuery } from "@/lib/contracts/user-metrics";

/** One cohort's members, and how many of them had a session in each period since. */
export type CohortRow = { cohort: string; size: number; active: Record<string, number> };

/** The first day of the period (ISO week from Monday, or month) of a date, in SQL. */
const periodOf = (day: SQL, period: RetentionQuery["period"]) =>
  sql`date_trunc(${period === "week" ? "week" : "month"}, ${day})::date`;

/** How many periods after the cohort's a period start is (0 for the cohort's own). */
const periodsBetween = (cohort: SQL, start: SQL, period: RetentionQuery["period"]) =>
  period === "week"
    ? sql`((${start} - ${cohort}) / 7)`
    : sql`((extract(year from ${start}) * 12 + extract(month from ${start}))
           - (extract(year from ${cohort}) * 12 + extract(month from ${cohort})))::int`;

/**
 * Join cohorts and their activity, in one statement scoped by company id: the listed members the
 * status, role and department filters select, by the period (of the request's zone) their
 * membership was created in, from the oldest cohort asked for; then, per cohort and period since,
 * the distinct members with a session started in it (period 0 is the whole period they joined
 * in, so a session earlier that week or month counts for it; sessions before it count for none).
 * Reads those members' sessions since their cohort began, through the (company, member, start)
 * index.
 */
export async function retentionCohorts(db: Db, companyId: string, q: RetentionQuery): Promise<CohortRow[]> {
  const joined = localDay(sql`${memberships.createdAt}`, q.timezone);
  const members = sql`
    select ${memberMetrics.userId} as user_id, ${periodOf(joined, q.period)} as cohort
    from ${memberMetrics}
    join ${memberships} on ${memberships.companyId} = ${memberMetrics.companyId}
      and ${memberships.userId} = ${memberMetrics.userId} and ${memberships.deletedAt} is null
    where ${and(
      eq(memberMetrics.companyId, companyId),
      eq(memberMetrics.listed, true),
      q.status ? eq(memberMetrics.status, q.status) : undefined,
      q.roles
        ? sql`${memberMetrics.role} = any(${sql.raw(`'{${q.roles.join(",")}}'`)}::member_role[])`
        : undefined,
      q.departments ? departmentIn(sql`${memberMetrics.department}`, q.departments) : undefined,
    )}
      and ${memberships.createdAt} >= ${dayStart(q.firstCohort, q.timezone)}`;
  const sessionPeriod = periodOf(localDay(sql`s.started_at`, q.timezone), q.period);
  const rows = await queryRows<{
    cohort: string;
    size: number;
    active: Record<string, number> | string | null;
  }>(
    db,
    sql`
    with cohort_members as materialized (${members}),
    activity as (
      select m.cohort, ${periodsBetween(sql`m.cohort`, sessionPeriod, q.period)} as k, count(distinct m.user_id)::int as n
      from cohort_members m
      join ${activitySessions} s on s.company_id = ${companyId} and s.user_id = m.user_id
        and s.started_at >= um_day_start(m.cohort, ${q.timezone}::text)
      group by 1, 2)
    select to_char(c.cohort, 'YYYY-MM-DD') as cohort, c.size,
           (select json_object_agg(a.k, a.n) from activity a where a.cohort = c.cohort) as active
    from (select cohort, count(*)::int as size from cohort_members group by cohort) c`,
  );
  return rows.map((r) => ({
    cohort: r.cohort,
    size: r.size,
    active: r.active === null ? {} : jsonValue(r.active),
  }));
}
