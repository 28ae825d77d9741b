import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../client";

export type RefreshResult = {
  company_id: string;
  members: number;
  daily_rows: number;
  sessions: number;
  duration_ms: number;
  refreshed_at: string;
};

/**
 * Recomputes one company's per-member and daily rollups from its raw sessions, in one transaction
 * under a per-company advisory lock: concurrent refreshes run one after the other, readers see the
 * previous rollup until commit, and a refresh that dies halfway leaves the previous rollup intact.
 * Every statement is scoped by company id, so one company's refresh never touches another's rows.
 */
export async function refreshCompanyMetrics(
  db: Db,
  companyId: string,
  now = new Date(),
): Promise<RefreshResult> {
  const started = performance.now();
  const lockKey = `member_metrics:${companyId}`;
  const counts = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`);
    await tx.execute(sql`delete from member_metrics where company_id = ${companyId}`);
    const members = await queryRows<{ n: number; sessions: number }>(
      tx,
      sql`
      with inserted as (
        insert into member_metrics (company_id, user_id, last_active, last_session_started_at, total_sessions,
                                    total_duration_seconds, avg_session_seconds, refreshed_at)
        select m.company_id, m.user_id, s.last_active, s.last_started,
               coalesce(s.total, 0), coalesce(s.duration, 0),
               coalesce(round(s.duration::numeric / nullif(s.total, 0)), 0), ${now.toISOString()}::timestamptz
        from memberships m
        left join (
          select user_id,
                 max(ended_at) as last_active,
                 max(started_at) as last_started,
                 count(*)::int as total,
                 sum(extract(epoch from ended_at - started_at))::bigint as duration
          from activity_sessions
          where company_id = ${companyId}
          group by user_id
        ) s on s.user_id = m.user_id
        where m.company_id = ${companyId} and m.deleted_at is null
        returning total_sessions
      )
      select count(*)::int as n, coalesce(sum(total_sessions), 0)::int as sessions from inserted`,
    );
    await tx.execute(sql`delete from daily_member_metrics where company_id = ${companyId}`);
    const daily = await queryRows<{ n: number }>(
      tx,
      sql`
      with inserted as (
        insert into daily_member_metrics (company_id, day, user_id, sessions, duration_seconds)
        select company_id, (started_at at time zone 'UTC')::date, user_id, count(*),
               sum(extract(epoch from ended_at - started_at))::bigint
        from activity_sessions
        where company_id = ${companyId}
        group by company_id, (started_at at time zone 'UTC')::date, user_id
        returning 1
      )
      select count(*)::int as n from inserted`,
    );
    return { members: members[0]?.n ?? 0, sessions: members[0]?.sessions ?? 0, daily: daily[0]?.n ?? 0 };
  });
  return {
    company_id: companyId,
    members: counts.members,
    daily_rows: counts.daily,
    sessions: counts.sessions,
    duration_ms: Math.round(performance.now() - started),
    refreshed_at: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}
