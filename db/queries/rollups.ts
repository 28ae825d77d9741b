import { sql } from "drizzle-orm";
import type { RefreshResponse } from "@/lib/contracts/user-metrics";
import { queryRows, type Db, type Tx } from "../client";
import type { MemberRole, MemberStatus } from "../schema";
import { arrayParam, unnestRows } from "./array-param";
import {
  daysToProbe,
  rollupDeltas,
  summariseBatch,
  type BatchSession,
  type DayProbe,
  type DayProbes,
  type IngestMember,
  type RollupDeltas,
  type UtcDeltas,
  utcDeltas,
} from "./rollup-deltas";

export type { IngestMember } from "./rollup-deltas";

/** What a refresh did: the refresh endpoint's response. */
export type RefreshResult = RefreshResponse;

/**
 * Serialises every writer of one company's rollups (full refresh, ingestion, browser activity, the
 * membership triggers) for the rest of the transaction: they run one after the other and never
 * double-count. The key is spelled once, in `um_lock_company` (db/functions.sql).
 */
export async function lockCompanyRollups(tx: Tx, companyId: string) {
  await tx.execute(sql`select um_lock_company(${companyId}::uuid)`);
}

const iso = (d: Date) => d.toISOString();

/** Thrown when another refresh of the company is running (on any instance). */
export class RefreshInProgress extends Error {
  constructor() {
    super("refresh in progress");
  }
}

/** A full rewrite of a large company takes tens of seconds: longer than the API's statement timeout. */
export const REFRESH_STATEMENT_TIMEOUT_MS = 10 * 60_000;

/**
 * Recomputes one company's rollups from its raw sessions (`um_refresh_company`, db/functions.sql) in
 * one transaction under the company's advisory lock: readers see the previous rollup until commit,
 * and a refresh that dies halfway leaves the previous rollup intact. Every statement is scoped by
 * company id. Only one refresh of a company runs at a time: a second one is refused at once
 * (`RefreshInProgress`) instead of waiting for the lock with a connection held.
 * `withinTransaction` runs just before commit, so the caller's audit row commits with the change.
 */
export async function refreshCompanyMetrics(
  db: Db,
  companyId: string,
  now = new Date(),
  withinTransaction?: (tx: Tx, result: RefreshResult) => Promise<void>,
): Promise<RefreshResult> {
  const started = performance.now();
  return db.transaction(async (tx) => {
    const [claim] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select um_try_lock_refresh(${companyId}::uuid) as ok`,
    );
    if (!claim?.ok) throw new RefreshInProgress();
    await tx.execute(sql.raw(`set local statement_timeout = ${REFRESH_STATEMENT_TIMEOUT_MS}`));
    const [counts] = await queryRows<{ members: number; sessions: string | number; daily_rows: number }>(
      tx,
      sql`select members, sessions, daily_rows from um_refresh_company(${companyId}, ${iso(now)}::timestamptz)`,
    );
    // No whole-table maintenance here: statistics and the visibility map of the shared rollup
    // tables are autovacuum's (tuned per table in migration 0003), not a request's.
    const result: RefreshResult = {
      company_id: companyId,
      members: counts?.members ?? 0,
      daily_rows: counts?.daily_rows ?? 0,
      sessions: Number(counts?.sessions ?? 0),
      duration_ms: Math.round(performance.now() - started),
      refreshed_at: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    };
    await withinTransaction?.(tx, result);
    return result;
  });
}

type MemberRow = {
  user_id: string;
  status: MemberStatus;
  listed: boolean;
  role: MemberRole;
  department: string | null;
  has_row: boolean;
  last_active: number | null;
  last_day: string | null;
};

const toMember = (r: MemberRow): IngestMember => ({
  userId: r.user_id,
  status: r.status,
  listed: r.listed,
  role: r.role,
  department: r.department,
  hasRow: r.has_row,
  lastActive: r.last_active === null ? null : new Date(r.last_active * 1000),
  lastDay: r.last_day,
});

/**
 * Live members among `userIds`, as their membership and user say (the rollup state is read later,
 * under the company's lock, by `refreshMembers`; a member without a rollup row keeps this).
 */
export async function readIngestMembers(tx: Tx, companyId: string, userIds: string[]) {
  const rows = await queryRows<MemberRow>(
    tx,
    sql`
    select m.user_id::text, m.status, u.deleted_at is null as listed, m.role, m.department, false as has_row,
           null::float8 as last_active, null::text as last_day
    from memberships m
    join users u on u.id = m.user_id
    where m.company_id = ${companyId} and m.deleted_at is null and m.user_id = any(${arrayParam(userIds, "uuid")})`,
  );
  return new Map(rows.map((r) => [r.user_id, toMember(r)]));
}

/**
 * `members` brought up to date from their rollup rows, and the zone the company's rollups count
 * days in (both read under the company's lock, which a zone change holds while it recomputes).
 */
async function refreshMembers(tx: Tx, companyId: string, members: Map<string, IngestMember>) {
  // One round trip: the zone comes back on every row, and alone when no member has a row yet.
  const rows = await queryRows<(MemberRow & { zone: string }) | { zone: string; user_id: null }>(
    tx,
    sql`select z.zone, mm.user_id::text, mm.status, mm.listed, mm.role, mm.department, true as has_row,
               extract(epoch from mm.last_active)::float8 as last_active,
               to_char(um_local_day(mm.last_session_started_at, z.zone), 'YYYY-MM-DD') as last_day
        from (select um_company_zone(${companyId}) as zone) z
        left join member_metrics mm on mm.company_id = ${companyId}
          and mm.user_id = any(${arrayParam([...members.keys()], "uuid")})`,
  );
  const current = new Map(members);
  for (const r of rows) if (r.user_id !== null) current.set(r.user_id, toMember(r as MemberRow));
  return { members: current, zone: rows[0]!.zone };
}

/**
 * For each (member, day): had they a session that day before this batch, and their nearest active
 * days around it before this batch. The batch is already inserted by this transaction, so its own
 * rows (`ownIds`, written by the current transaction id) are left out.
 */
async function probeDays(
  tx: Tx,
  companyId: string,
  zone: string,
  pairs: { userId: string; day: string }[],
  ownIds: string[],
): Promise<DayProbes> {
  const older = sql`and not (s.xmin = pg_current_xact_id()::xid and s.id = any(${arrayParam(ownIds, "uuid")}))`;
  const rows = await queryRows<{
    user_id: string;
    day: string;
    existed: boolean;
    prev_old: string | null;
    next_old: string | null;
  }>(
    tx,
    sql`
    select p.user_id::text, to_char(p.day, 'YYYY-MM-DD') as day,
      exists (select 1 from activity_sessions s
              where s.company_id = ${companyId} and s.user_id = p.user_id
                and s.started_at >= p.day_start and s.started_at < p.next_day_start ${older}) as existed,
      (select to_char(um_local_day(max(s.started_at), ${zone}), 'YYYY-MM-DD') from activity_sessions s
        where s.company_id = ${companyId} and s.user_id = p.user_id
          and s.started_at < p.day_start ${older}) as prev_old,
      (select to_char(um_local_day(min(s.started_at), ${zone}), 'YYYY-MM-DD') from activity_sessions s
        where s.company_id = ${companyId} and s.user_id = p.user_id
          and s.started_at >= p.next_day_start ${older}) as next_old
    from (select q.user_id, q.day, um_day_start(q.day, ${zone}) as day_start,
                 um_day_start(q.day + 1, ${zone}) as next_day_start
          from ${unnestRows(pairs, "q", { user_id: [(r) => r.userId, "uuid"], day: [(r) => r.day, "date"] })}) p`,
  );
  const probes: DayProbes = new Map();
  for (const r of rows) {
    const probe: DayProbe = { existed: r.existed, prevOld: r.prev_old, nextOld: r.next_old };
    const byDay = probes.get(r.user_id);
    if (byDay) byDay.set(r.day, probe);
    else probes.set(r.user_id, new Map([[r.day, probe]]));
  }
  return probes;
}

/**
 * Adds the deltas to the rollups in one statement (one round trip, whatever the batch): the members'
 * rows (inserted when new), then the company-level counters. Each array is one bound parameter.
 */
async function writeRollupDeltas(
  tx: Tx,
  companyId: string,
  deltas: RollupDeltas & UtcDeltas,
  numbers: ReadonlyMap<string, number>,
  now: Date,
) {
  const members = unnestRows(deltas.members, "b", {
    log_no: [(r) => numbers.get(r.userId)!, "int"],
    user_id: [(r) => r.userId, "uuid"],
    status: [(r) => r.status, "member_status"],
    listed: [(r) => r.listed, "boolean"],
    last_active: [(r) => iso(r.lastActive), "timestamptz"],
    last_started: [(r) => iso(r.lastStarted), "timestamptz"],
    sessions: [(r) => r.sessions, "int"],
    duration: [(r) => r.duration, "bigint"],
    month_start: [(r) => r.monthStart, "date"],
    month_sessions: [(r) => r.monthSessions, "int"],
  });
  const lastActiveDays = unnestRows(deltas.lastActiveDays, "x", {
    day: [(r) => r.day, "date"],
    status: [(r) => r.status, "member_status"],
    role: [(r) => r.role, "member_role"],
    department: [(r) => r.department, "text"],
    members: [(r) => r.members, "int"],
  });
  const daily = unnestRows(deltas.daily, "x", {
    day: [(r) => r.day, "date"],
    status: [(r) => r.status, "member_status"],
    active: [(r) => r.activeMembers, "int"],
    sessions: [(r) => r.sessions, "int"],
    duration: [(r) => r.durationSeconds, "bigint"],
  });
  const gaps = unnestRows(deltas.gaps, "x", {
    day: [(r) => r.day, "date"],
    status: [(r) => r.status, "member_status"],
    prev_day: [(r) => r.prevDay, "date"],
    members: [(r) => r.members, "int"],
  });
  const quarters = unnestRows(deltas.quarters, "x", {
    day: [(r) => r.day, "date"],
    quarter: [(r) => r.quarter, "smallint"],
    status: [(r) => r.status, "member_status"],
    sessions: [(r) => r.sessions, "int"],
    duration: [(r) => r.durationSeconds, "bigint"],
  });
  const memberDays = unnestRows(deltas.memberDays, "x", {
    day: [(r) => r.day, "date"],
    entries: [(r) => `\\x${Buffer.from(r.entries).toString("hex")}`, "bytea"],
  });
  await tx.execute(sql`
    with member_rows as (
      insert into member_metrics as t (company_id, user_id, status, listed, last_active, last_session_started_at,
        total_sessions, total_duration_seconds, avg_session_seconds, month_start, month_sessions, refreshed_at,
        role, department, log_no)
      select ${companyId}, b.user_id, b.status, b.listed, b.last_active, b.last_started, b.sessions, b.duration,
             round(b.duration::numeric / b.sessions), b.month_start, b.month_sessions, ${iso(now)}::timestamptz,
             m.role, m.department, b.log_no
      from ${members}
      -- A new row copies its membership's role and department (live: the batch's members are, and
      -- the membership triggers wait for the company's lock this transaction holds).
      join memberships m on m.company_id = ${companyId} and m.user_id = b.user_id and m.deleted_at is null
      on conflict (company_id, user_id) do update set
        last_active = greatest(t.last_active, excluded.last_active),
        last_session_started_at = greatest(t.last_session_started_at, excluded.last_session_started_at),
        total_sessions = t.total_sessions + excluded.total_sessions,
        total_duration_seconds = t.total_duration_seconds + excluded.total_duration_seconds,
        avg_session_seconds = round((t.total_duration_seconds + excluded.total_duration_seconds)::numeric
                                    / (t.total_sessions + excluded.total_sessions)),
        month_start = greatest(t.month_start, excluded.month_start),
        month_sessions = case when excluded.month_start > t.month_start then excluded.month_sessions
                              when excluded.month_start = t.month_start then t.month_sessions + excluded.month_sessions
                              else t.month_sessions end,
        refreshed_at = excluded.refreshed_at,
        log_no = excluded.log_no
    ), last_active_days as (
      insert into company_last_active_days as t (company_id, day, status, role, department, members)
      select ${companyId}, x.day, x.status, x.role, x.department, x.members from ${lastActiveDays}
      on conflict on constraint company_last_active_days_uq do update set members = t.members + excluded.members
    ), daily as (
      insert into company_daily_metrics as t (company_id, day, status, active_members, sessions, duration_seconds)
      select ${companyId}, x.day, x.status, x.active, x.sessions, x.duration from ${daily}
      on conflict (company_id, day, status) do update set
        active_members = t.active_members + excluded.active_members,
        sessions = t.sessions + excluded.sessions,
        duration_seconds = t.duration_seconds + excluded.duration_seconds
    ), quarters as (
      insert into company_quarter_metrics as t (company_id, day, quarter, status, sessions, duration_seconds)
      select ${companyId}, x.day, x.quarter, x.status, x.sessions, x.duration from ${quarters}
      on conflict (company_id, day, quarter, status) do update set
        sessions = t.sessions + excluded.sessions,
        duration_seconds = t.duration_seconds + excluded.duration_seconds
    ), member_days as (
      insert into company_member_days (company_id, day, entries)
      select ${companyId}, x.day, x.entries from ${memberDays}
    )
    insert into company_activity_gaps as t (company_id, day, status, prev_day, members)
    select ${companyId}, x.day, x.status, x.prev_day, x.members from ${gaps}
    on conflict (company_id, day, status, prev_day) do update set members = t.members + excluded.members`);
}

/**
 * The incremental path, inside the caller's transaction, which has just inserted `sessions` (live
 * members' only) and holds the company's lock: reads the members' rollup state, probes the history
 * of the (member, day) pairs that need it, and writes the exact change the batch makes
 * (`rollupDeltas`) — three statements at most, whatever the batch.
 */
export async function applySessionsToRollups(
  tx: Tx,
  companyId: string,
  sessions: BatchSession[],
  knownMembers: Map<string, IngestMember>,
  now = new Date(),
) {
  if (sessions.length === 0) return;
  // Read under the lock: the state every earlier batch and membership change left.
  const { members, zone } = await refreshMembers(tx, companyId, knownMembers);
  const batch = summariseBatch(sessions, zone);
  const pairs = daysToProbe(batch, members);
  const probes =
    pairs.length > 0
      ? await probeDays(
          tx,
          companyId,
          zone,
          pairs,
          sessions.map((s) => s.id),
        )
      : new Map();
  const numbers = await numberMembers(tx, companyId, [...batch.keys()]);
  const utc = utcDeltas(sessions, members, numbers);
  await writeRollupDeltas(
    tx,
    companyId,
    { ...rollupDeltas(batch, members, probes, zone), ...utc },
    numbers,
    now,
  );
  await compactMemberDays(
    tx,
    companyId,
    utc.memberDays.map((c) => c.day),
  );
}

/** The members' numbers in the activity log, given to those without one (under the company's lock). */
async function numberMembers(tx: Tx, companyId: string, userIds: string[]) {
  const rows = await queryRows<{ user_id: string; no: number }>(
    tx,
    sql`select user_id::text, no from um_number_members(${companyId}::uuid, ${arrayParam(userIds, "uuid")})`,
  );
  return new Map(rows.map((r) => [r.user_id, r.no]));
}

/** Chunks a day of the activity log may hold before they are merged into one. */
export const MEMBER_DAY_CHUNKS = 64;

/** Merges the chunks of those days that hold more than `MEMBER_DAY_CHUNKS` (`um_compact_member_days`). */
async function compactMemberDays(tx: Tx, companyId: string, days: string[]) {
  if (days.length === 0) return;
  await tx.execute(sql`
    select um_compact_member_days(${companyId}::uuid, d.day)
    from (select m.day from company_member_days m
          where m.company_id = ${companyId} and m.day = any(${arrayParam(days, "date")})
          group by m.day having count(*) > ${MEMBER_DAY_CHUNKS}) d`);
}

/**
 * Browser activity: the member's session `sessionId` started or extended to `at`, and the member's
 * rollups recomputed around it (`um_extend_session`), atomically and under the company's lock.
 */
export async function extendBrowserSession(
  db: Db,
  companyId: string,
  userId: string,
  sessionId: string,
  at: Date,
) {
  await db.execute(
    sql`select um_extend_session(${companyId}::uuid, ${userId}::uuid, ${sessionId}::uuid, ${iso(at)}::timestamptz)`,
  );
}
