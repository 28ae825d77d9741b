import { sql } from "drizzle-orm";
import { jsonValue, queryRows, type Db } from "../client";
import { activitySessions } from "../schema";
import { addDays } from "@/lib/format";
import { dayStart, localDay, sessionSeconds } from "./days";

/** How many of a member's sessions the detail lists. */
export const RECENT_SESSIONS = 20;

export type MemberDay = { day: string; sessions: number; duration_seconds: number };
/** Times as epoch seconds; the duration rounded to whole seconds, as the rollups count it. */
export type MemberSession = { id: string; started_at: number; ended_at: number; duration_seconds: number };

export type MemberActivity = { daily: MemberDay[]; recent: MemberSession[] };

/**
 * One member's raw sessions in one company, in one statement: a zero-filled series of the window's
 * days in the request's zone (a session counts on the day it started there, as in the summary; durations summed per
 * session rounded, as the rollups sum them) and their latest sessions, newest first. Both read
 * `activity_sessions` through its (company_id, user_id, started_at) index, company first; the
 * series aggregates the window's sessions once before the days are joined to it.
 */
export async function memberActivity(
  db: Db,
  companyId: string,
  userId: string,
  window: { dateFrom: string; dateTo: string; timezone: string },
): Promise<MemberActivity> {
  const [row] = await queryRows<{ daily: MemberDay[] | string; recent: MemberSession[] | string }>(
    db,
    sql`
    select
      (select json_agg(x order by x.day) from (
         select to_char(g.day, 'YYYY-MM-DD') as day, coalesce(a.sessions, 0)::int as sessions,
                coalesce(a.duration_seconds, 0)::float8 as duration_seconds
         from generate_series(${window.dateFrom}::date, ${window.dateTo}::date, interval '1 day') as g(day)
         left join (
           select ${localDay(sql`${activitySessions.startedAt}`, window.timezone)} as day, count(*) as sessions,
                  sum(${sessionSeconds}) as duration_seconds
           from ${activitySessions}
           where ${activitySessions.companyId} = ${companyId} and ${activitySessions.userId} = ${userId}
             and ${activitySessions.startedAt} >= ${dayStart(window.dateFrom, window.timezone)}
             and ${activitySessions.startedAt} < ${dayStart(addDays(window.dateTo, 1), window.timezone)}
           group by 1) a on a.day = g.day::date) x) as daily,
      (select coalesce(json_agg(r order by r.started_at desc, r.id desc), '[]') from (
         select ${activitySessions.id} as id, extract(epoch from ${activitySessions.startedAt})::float8 as started_at,
                extract(epoch from ${activitySessions.endedAt})::float8 as ended_at, ${sessionSeconds}::float8 as duration_seconds
         from ${activitySessions}
         where ${activitySessions.companyId} = ${companyId} and ${activitySessions.userId} = ${userId}
         order by ${activitySessions.startedAt} desc, ${activitySessions.id} desc
         limit ${RECENT_SESSIONS}) r) as recent`,
  );
  return { daily: jsonValue(row!.daily), recent: jsonValue(row!.recent) };
}
