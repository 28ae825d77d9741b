import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db, type Tx } from "../client";

export type RefreshResult = {
  company_id: string;
  members: number;
  daily_rows: number;
  sessions: number;
  duration_ms: number;
  refreshed_at: string;
};

/**
 * Serialises every writer of one company's rollups (full refresh, ingestion) for the rest of the
 * transaction: they run one after the other and can never double-count.
 */
export async function lockCompanyRollups(tx: Tx, companyId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`member_metrics:${companyId}`}, 0))`);
}

/** A PostgreSQL array literal of uuids or days (both validated before they get here). */
const pgArray = (values: string[]) => `{${values.join(",")}}`;

/** `and user_id = any(…)` when only some members are recomputed: one array parameter, index-friendly. */
const onlyUsers = (column: SQL, userIds: string[] | null) =>
  userIds ? sql` and ${column} = any(${pgArray(userIds)}::uuid[])` : sql``;

/**
 * Rewrites the per-member rollup rows of a company (or of some of its members) from raw sessions:
 * last_active, last session start, all-time session count, total and mean duration. Members
 * without sessions get a row with zeros. Returns how many rows and sessions it wrote.
 */
async function rewriteMemberRows(tx: Tx, companyId: string, userIds: string[] | null, now: Date) {
  await tx.execute(
    sql`delete from member_metrics where company_id = ${companyId}${onlyUsers(sql`user_id`, userIds)}`,
  );
  const [row] = await queryRows<{ n: number; sessions: number }>(
    tx,
    sql`
    with inserted as (
      insert into member_metrics (company_id, user_id, last_active, last_session_started_at, total_sessions,
                                  total_duration_seconds, avg_session_seconds, refreshed_at)
      select m.company_id, m.user_id, s.last_active, s.last_started, coalesce(s.total, 0), coalesce(s.duration, 0),
             coalesce(round(s.duration::numeric / nullif(s.total, 0)), 0), ${now.toISOString()}::timestamptz
      from memberships m
      left join (
        select user_id, max(ended_at) as last_active, max(started_at) as last_started, count(*)::int as total,
               sum(extract(epoch from ended_at - started_at))::bigint as duration
        from activity_sessions
        where company_id = ${companyId}${onlyUsers(sql`user_id`, userIds)}
        group by user_id
      ) s on s.user_id = m.user_id
      where m.company_id = ${companyId} and m.deleted_at is null${onlyUsers(sql`m.user_id`, userIds)}
      returning total_sessions
    )
    select count(*)::int as n, coalesce(sum(total_sessions), 0)::int as sessions from inserted`,
  );
  return { members: row?.n ?? 0, sessions: row?.sessions ?? 0 };
}

/**
 * Rewrites daily rollup rows (UTC day of each session's start) for a whole company, or only for the
 * given (member, day) pairs.
 */
async function rewriteDailyRows(tx: Tx, companyId: string, pairs: { userId: string; day: string }[] | null) {
  // The (member, day) pairs as two parallel arrays, joined with unnest so every step uses an index.
  const users = pairs ? pgArray(pairs.map((p) => p.userId)) : null;
  const days = pairs ? pgArray(pairs.map((p) => p.day)) : null;
  if (pairs) {
    await tx.execute(sql`
      delete from daily_member_metrics d
      using unnest(${users}::uuid[], ${days}::date[]) as p(user_id, day)
      where d.company_id = ${companyId} and d.user_id = p.user_id and d.day = p.day`);
  } else {
    await tx.execute(sql`delete from daily_member_metrics where company_id = ${companyId}`);
  }
  const source = pairs
    ? sql`activity_sessions s
          join unnest(${users}::uuid[], ${days}::date[]) as p(user_id, day)
            on s.user_id = p.user_id
           and s.started_at >= (p.day::timestamp at time zone 'UTC')
           and s.started_at < ((p.day + 1)::timestamp at time zone 'UTC')`
    : sql`activity_sessions s`;
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`
    with inserted as (
      insert into daily_member_metrics (company_id, day, user_id, sessions, duration_seconds)
      select s.company_id, (s.started_at at time zone 'UTC')::date, s.user_id, count(*),
             sum(extract(epoch from s.ended_at - s.started_at))::bigint
      from ${source}
      where s.company_id = ${companyId}
      group by s.company_id, (s.started_at at time zone 'UTC')::date, s.user_id
      returning 1
    )
    select count(*)::int as n from inserted`,
  );
  return row?.n ?? 0;
}

/**
 * Recomputes one company's per-member and daily rollups from its raw sessions, in one transaction
 * under the company's advisory lock: concurrent refreshes run one after the other, readers see the
 * previous rollup until commit, and a refresh that dies halfway leaves the previous rollup intact.
 * Every statement is scoped by company id, so one company's refresh never touches another's rows.
 */
export async function refreshCompanyMetrics(
  db: Db,
  companyId: string,
  now = new Date(),
): Promise<RefreshResult> {
  const started = performance.now();
  const counts = await db.transaction(async (tx) => {
    await lockCompanyRollups(tx, companyId);
    const members = await rewriteMemberRows(tx, companyId, null, now);
    const daily = await rewriteDailyRows(tx, companyId, null);
    return { ...members, daily };
  });
  // A full rewrite replaces a company's rows wholesale: fresh statistics keep the next incremental
  // update (and the list) on their indexes instead of a plan made for the old row counts.
  await db.execute(sql`analyze member_metrics`);
  await db.execute(sql`analyze daily_member_metrics`);
  return {
    company_id: companyId,
    members: counts.members,
    daily_rows: counts.daily,
    sessions: counts.sessions,
    duration_ms: Math.round(performance.now() - started),
    refreshed_at: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/**
 * The incremental path, inside the caller's transaction (which holds the company's lock): after new
 * sessions for some members, recompute just those members' rows and the days their sessions touch.
 */
export async function updateMembersMetrics(
  tx: Tx,
  companyId: string,
  sessions: { userId: string; startedAt: Date }[],
  now = new Date(),
) {
  if (sessions.length === 0) return;
  const userIds = [...new Set(sessions.map((s) => s.userId))];
  const pairs = new Map<string, { userId: string; day: string }>();
  for (const s of sessions) {
    const day = s.startedAt.toISOString().slice(0, 10);
    pairs.set(`${s.userId}:${day}`, { userId: s.userId, day });
  }
  await rewriteMemberRows(tx, companyId, userIds, now);
  await rewriteDailyRows(tx, companyId, [...pairs.values()]);
}
