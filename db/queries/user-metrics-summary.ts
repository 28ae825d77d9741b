import { sql, type SQL } from "drizzle-orm";
import { jsonValue, queryRows, type Db } from "../client";
import { activitySessions, memberMetrics } from "../schema";
import { addDays } from "@/lib/format";
import { dayStart, localDay, rollupsApply, sessionSeconds } from "./days";
import { daysEndingOn, MAU_DAYS, WAU_DAYS, type DayWindow } from "@/lib/contracts/user-metrics";
import {
  countUserMetricsQuery,
  hasMemberFilters,
  listWhere,
  memberSetWhere,
  type ListFilters,
} from "./user-metrics";

export type SummaryFilters = ListFilters & { comparison?: DayWindow | null };

export type MemberGroup = { status: string; role: string; department: string | null; n: number };

export type Activity = { active_users: number; sessions: number; duration_seconds: number };
export type ActivityDay = { day: string; active_users: number; sessions: number; duration_seconds: number };

export type SummaryData = {
  /** The members the list returns for the filters, grouped. */
  members: MemberGroup[];
  /** Every live member of the company (status filter applied, window not). */
  companyMembers: MemberGroup[];
  listed: number;
  window: Activity;
  daily: ActivityDay[];
  /** Distinct actives over the 7 and 30 days ending on date_to, and those 30 days' daily actives. */
  engagement: { wau: number; mau: number; mauDaily: number[] };
  comparison: { listed: number; window: Activity; daily: ActivityDay[] } | null;
};

type ActivityRow = { active_users: number; daily: ActivityDay[] | string | null };

/** `and <column> = <status>` when the filters name a status (a column of a company-level rollup). */
const byStatus = (f: Pick<SummaryFilters, "status">, column: string) =>
  f.status ? sql` and ${sql.raw(column)} = ${f.status}` : sql``;

/**
 * Aggregates for the summary endpoint in one statement, all scoped by company id: company-wide
 * member counts by status, role and department (company-level rollups); the list's count and the
 * same breakdown over the members the list returns (read from their rows, so these follow the
 * number of members selected); the window's distinct active members and a zero-filled daily series,
 * whose sums are the window's sessions and duration; the same activity over the 7 and 30 days
 * ending on date_to (engagement) and, with a comparison, over its window. Activity comes from the
 * rollups when they answer (the status filter only, in the company's zone), else from the selected
 * members' raw sessions.
 */
export async function summarizeUserMetrics(
  db: Db,
  companyId: string,
  f: SummaryFilters,
): Promise<SummaryData> {
  // Exactly the list's rows, by the role and department member_metrics keeps for them.
  const windowGroups = sql`
    select ${memberMetrics.status} as status, ${memberMetrics.role} as role, ${memberMetrics.department} as department,
           count(*)::int as n
    from ${memberMetrics} where ${listWhere(companyId, f)}
    group by 1, 2, 3`;
  const c = f.comparison ?? null;
  const activity = activities(companyId, f, {
    main: { w: f, withDaily: true },
    mau: { w: daysEndingOn(f.dateTo, MAU_DAYS), withDaily: true },
    wau: { w: daysEndingOn(f.dateTo, WAU_DAYS), withDaily: false },
    ...(c ? { comparison: { w: c, withDaily: true } } : {}),
  });
  // The raw path hashes every member-day of its spans: room for that in memory, for this statement.
  const run = <T>(query: SQL) =>
    activity.raw
      ? db.transaction(async (tx) => {
          await tx.execute(sql.raw(`set local work_mem = '${RAW_WORK_MEM}'`));
          return queryRows<T>(tx, query);
        })
      : queryRows<T>(db, query);
  const json = (name: string) =>
    activity.parts[name] ? sql`(select row_to_json(a) from (${activity.parts[name]}) a)` : sql`null`;
  const [row] = await run<{
    members: SummaryData["members"] | string;
    company_members: SummaryData["companyMembers"] | string;
    listed: number;
    main: ActivityRow | string;
    mau: ActivityRow | string;
    wau: ActivityRow | string;
    comparison: ActivityRow | string | null;
    comparison_listed: number | null;
  }>(
    sql`
    ${activity.with}
    select
      (select coalesce(json_agg(json_build_object('status', g.status, 'role', g.role, 'department', g.department, 'n', g.members)), '[]')
       from company_member_groups g
       where g.company_id = ${companyId} and g.members > 0${byStatus(f, "g.status")}) as company_members,
      (select coalesce(json_agg(json_build_object('status', w.status, 'role', w.role, 'department', w.department, 'n', w.n)), '[]')
       from (${windowGroups}) w) as members,
      (${countUserMetricsQuery(companyId, f)}) as listed,
      ${json("main")} as main, ${json("mau")} as mau, ${json("wau")} as wau, ${json("comparison")} as comparison,
      ${c ? sql`(${countUserMetricsQuery(companyId, { ...f, ...c })})` : sql`null`} as comparison_listed`,
  );
  const main = activityOf(row!.main);
  const mau = activityOf(row!.mau);
  const comparison = row!.comparison === null ? null : activityOf(row!.comparison);
  return {
    members: jsonValue(row!.members),
    companyMembers: jsonValue(row!.company_members),
    listed: row!.listed,
    window: main.window,
    daily: main.daily,
    engagement: {
      wau: activityOf(row!.wau).window.active_users,
      mau: mau.window.active_users,
      mauDaily: mau.daily.map((d) => d.active_users),
    },
    comparison: comparison && { listed: row!.comparison_listed ?? 0, ...comparison },
  };
}

/** A window's distinct actives and daily series, with the series' sums. */
function activityOf(value: ActivityRow | string): { window: Activity; daily: ActivityDay[] } {
  const row = jsonValue(value);
  const daily = row.daily === null ? [] : jsonValue(row.daily);
  let sessions = 0;
  let duration = 0;
  for (const d of daily) {
    sessions += d.sessions;
    duration += d.duration_seconds;
  }
  return { window: { active_users: row.active_users, sessions, duration_seconds: duration }, daily };
}

type ActivityWindow = { w: DayWindow; withDaily: boolean };

/** Memory for the raw path's hash of member-days (a 90-day span of 100,000 members: ~2 million). */
const RAW_WORK_MEM = "128MB";

/** Whether a summary reads raw sessions: member filters, or a zone the rollups do not count in. */
export const readsRawSessions = (f: SummaryFilters) => hasMemberFilters(f) || !rollupsApply(f);

/**
 * The activity of the selected members over each window: from the rollups when they answer (a
 * few rows per day each); else from their raw sessions, read once for every window they overlap
 * or touch (the window, the 30 and 7 days ending on date_to, and a previous period) and once more
 * for a comparison window apart from them (a previous year). `with` holds those reads.
 */
function activities(
  companyId: string,
  f: SummaryFilters,
  windows: Record<string, ActivityWindow>,
): { with: SQL; parts: Record<string, SQL>; raw: boolean } {
  const parts: Record<string, SQL> = {};
  if (!readsRawSessions(f)) {
    for (const [name, { w, withDaily }] of Object.entries(windows))
      parts[name] = companyActivity(companyId, f, w, withDaily);
    return { with: sql``, parts, raw: false };
  }
  // Windows grouped into spans of contiguous days, each span's sessions read once.
  const spans: { from: string; to: string; names: string[] }[] = [];
  const sorted = Object.entries(windows).sort(([, a], [, b]) => (a.w.dateFrom < b.w.dateFrom ? -1 : 1));
  for (const [name, { w }] of sorted) {
    const last = spans.at(-1);
    if (last && w.dateFrom <= addDays(last.to, 1)) {
      if (w.dateTo > last.to) last.to = w.dateTo;
      last.names.push(name);
    } else spans.push({ from: w.dateFrom, to: w.dateTo, names: [name] });
  }
  const reads = spans.map((span, i) => {
    const cte = sql.raw(`s${i}`);
    for (const name of span.names) {
      const { w, withDaily } = windows[name]!;
      parts[name] = selectedActivity(cte, w, withDaily);
    }
    return sql`${cte} as materialized (${selectedSessions(companyId, f, { dateFrom: span.from, dateTo: span.to })})`;
  });
  return { with: sql`with ${sql.join(reads, sql`, `)}`, parts, raw: true };
}

const zeroFilledDaily = (w: DayWindow, perDay: SQL) => sql`
  (select json_agg(x order by x.day) from (
     select to_char(g.day, 'YYYY-MM-DD') as day, coalesce(d.active_users, 0)::int as active_users,
            coalesce(d.sessions, 0)::int as sessions, coalesce(d.duration_seconds, 0)::float8 as duration_seconds
     from generate_series(${w.dateFrom}::date, ${w.dateTo}::date, interval '1 day') as g(day)
     left join (${perDay}) d on d.day = g.day::date) x)`;

/**
 * The window's activity of every member the status selects, from the company-level rollups (the
 * cost follows the window's length): distinct actives are the member-days whose previous active
 * day is before the window. Days of the company's zone, the rollups' own.
 */
function companyActivity(companyId: string, f: SummaryFilters, w: DayWindow, withDaily: boolean) {
  return sql`select
    (select coalesce(sum(a.members), 0)::int from company_activity_gaps a
     where a.company_id = ${companyId} and a.day between ${w.dateFrom}::date and ${w.dateTo}::date
       and a.prev_day < ${w.dateFrom}::date${byStatus(f, "a.status")}) as active_users,
    ${
      withDaily
        ? zeroFilledDaily(
            w,
            sql`select d.day, sum(d.active_members) as active_users, sum(d.sessions) as sessions,
                 sum(d.duration_seconds) as duration_seconds
          from company_daily_metrics d
          where d.company_id = ${companyId} and d.day between ${w.dateFrom}::date and ${w.dateTo}::date${byStatus(f, "d.status")}
          group by d.day`,
          )
        : sql`null`
    } as daily`;
}

/**
 * The member-days of a span of days (of the request's zone): the raw sessions of the members the
 * filters select, read through the (company, member, start) index: for the member filters (search, role,
 * department, inactive_for), which no company-level rollup counts, and for a zone other than the
 * company's, whose days the rollups do not split at. The cost follows those members' sessions.
 */
function selectedSessions(companyId: string, f: SummaryFilters, span: DayWindow) {
  // One row per member and day: each day's actives are then a plain count, and a window's a
  // count of members, both hashed, never sorted.
  return sql`
    select ${activitySessions.userId} as user_id, ${localDay(sql`${activitySessions.startedAt}`, f.timezone)} as day,
           count(*)::int as sessions, sum(${sessionSeconds}) as duration
    from ${memberMetrics}
    join ${activitySessions} on ${activitySessions.companyId} = ${memberMetrics.companyId}
      and ${activitySessions.userId} = ${memberMetrics.userId}
      and ${activitySessions.startedAt} >= ${dayStart(span.dateFrom, f.timezone)}
      and ${activitySessions.startedAt} < ${dayStart(addDays(span.dateTo, 1), f.timezone)}
    where ${memberSetWhere(companyId, f)}
    group by 1, 2`;
}

/** A window's activity from the member-days read into `cte` (a span holding the window). */
function selectedActivity(cte: SQL, w: DayWindow, withDaily: boolean) {
  const inWindow = sql`s.day between ${w.dateFrom}::date and ${w.dateTo}::date`;
  return sql`select (select count(*)::int from (select s.user_id from ${cte} s where ${inWindow} group by s.user_id) u) as active_users,
    ${
      withDaily
        ? zeroFilledDaily(
            w,
            sql`select s.day, count(*) as active_users, sum(s.sessions) as sessions, sum(s.duration) as duration_seconds
          from ${cte} s where ${inWindow} group by s.day`,
          )
        : sql`null`
    } as daily`;
}
