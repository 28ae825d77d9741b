import { sql } from "drizzle-orm";
import { queryRows, type Db, type Tx } from "../client";
import type { MemberStatus } from "../schema";

export type RefreshResult = {
  company_id: string;
  members: number;
  daily_rows: number;
  sessions: number;
  duration_ms: number;
  refreshed_at: string;
};

/**
 * Serialises every writer of one company's rollups (full refresh, ingestion, browser activity, the
 * membership triggers) for the rest of the transaction: they run one after the other and never
 * double-count. The key is spelled once, in `um_lock_company` (db/functions.sql).
 */
export async function lockCompanyRollups(tx: Tx, companyId: string) {
  await tx.execute(sql`select um_lock_company(${companyId}::uuid)`);
}

/** A PostgreSQL array literal of values validated before they get here (uuids, days, numbers, enums). */
export const pgArray = (values: readonly (string | number | boolean | null)[]) =>
  `{${values.map((v) => (v === null ? "NULL" : String(v))).join(",")}}`;

const iso = (d: Date) => d.toISOString();
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Thrown when another refresh of the company is running (on any instance). */
export class RefreshInProgress extends Error {
  constructor() {
    super("refresh in progress");
  }
}

/** A full rewrite of a large company takes tens of seconds: longer than the API's statement timeout. */
const REFRESH_STATEMENT_TIMEOUT_MS = 10 * 60_000;

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

/** A live member of the company as the incremental path needs it: rollup row state included. */
export type IngestMember = {
  userId: string;
  status: MemberStatus;
  listed: boolean;
  /** False when the member has no rollup row yet (then the times below are unknown, not null). */
  hasRow: boolean;
  lastActive: Date | null;
  /** UTC day of the start of their latest session: their last active day. */
  lastDay: string | null;
};

type MemberRow = {
  user_id: string;
  status: MemberStatus;
  listed: boolean;
  has_row: boolean;
  last_active: number | null;
  last_day: string | null;
};

const toMember = (r: MemberRow): IngestMember => ({
  userId: r.user_id,
  status: r.status,
  listed: r.listed,
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
    select m.user_id::text, m.status, u.deleted_at is null as listed, false as has_row,
           null::float8 as last_active, null::text as last_day
    from memberships m
    join users u on u.id = m.user_id
    where m.company_id = ${companyId} and m.deleted_at is null and m.user_id = any(${pgArray(userIds)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.user_id, toMember(r)]));
}

/** `members` brought up to date from their rollup rows (read under the company's lock). */
async function refreshMembers(tx: Tx, companyId: string, members: Map<string, IngestMember>) {
  const rows = await queryRows<MemberRow>(
    tx,
    sql`select mm.user_id::text, mm.status, mm.listed, true as has_row,
               extract(epoch from mm.last_active)::float8 as last_active,
               to_char(mm.last_session_started_at at time zone 'UTC', 'YYYY-MM-DD') as last_day
        from member_metrics mm
        where mm.company_id = ${companyId} and mm.user_id = any(${pgArray([...members.keys()])}::uuid[])`,
  );
  const current = new Map(members);
  for (const r of rows) current.set(r.user_id, toMember(r));
  return current;
}

type Probe = { existed: boolean; prevOld: string | null; nextOld: string | null };

/**
 * For each (member, day): had they a session that day before this batch, and their nearest active
 * days around it before this batch. The batch is already inserted by this transaction, so its own
 * rows (`ownIds`, written by the current transaction id) are left out.
 */
async function probeDays(
  tx: Tx,
  companyId: string,
  pairs: { userId: string; day: string }[],
  ownIds: string[],
) {
  const older = sql`and not (s.xmin = pg_current_xact_id()::xid and s.id = any(${pgArray(ownIds)}::uuid[]))`;
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
                and s.started_at >= (p.day::timestamp at time zone 'UTC')
                and s.started_at < ((p.day + 1)::timestamp at time zone 'UTC') ${older}) as existed,
      (select to_char(max(s.started_at) at time zone 'UTC', 'YYYY-MM-DD') from activity_sessions s
        where s.company_id = ${companyId} and s.user_id = p.user_id
          and s.started_at < (p.day::timestamp at time zone 'UTC') ${older}) as prev_old,
      (select to_char(min(s.started_at) at time zone 'UTC', 'YYYY-MM-DD') from activity_sessions s
        where s.company_id = ${companyId} and s.user_id = p.user_id
          and s.started_at >= ((p.day + 1)::timestamp at time zone 'UTC') ${older}) as next_old
    from unnest(${pgArray(pairs.map((p) => p.userId))}::uuid[], ${pgArray(pairs.map((p) => p.day))}::date[])
      as p(user_id, day)`,
  );
  return new Map<string, Probe>(
    rows.map((r) => [
      `${r.user_id}:${r.day}`,
      { existed: r.existed, prevOld: r.prev_old, nextOld: r.next_old },
    ]),
  );
}

/** Largest day of `days` before `day`, or null (the member's first active day). */
function before(days: Iterable<string>, day: string): string | null {
  let best: string | null = null;
  for (const d of days) if (d < day && (best === null || d > best)) best = d;
  return best;
}

/** Adds signed deltas to keyed counters; zero entries are dropped. */
class Deltas {
  readonly map = new Map<string, number[]>();
  add(key: string, values: number[]) {
    const current = this.map.get(key);
    if (!current) return void this.map.set(key, [...values]);
    values.forEach((v, i) => (current[i] = (current[i] ?? 0) + v));
  }
  entries() {
    return [...this.map].filter(([, v]) => v.some((x) => x !== 0));
  }
}

/**
 * The incremental path, inside the caller's transaction, which has just inserted `sessions` (live
 * members' only) and holds the company's lock: updates the members' rollup rows additively and
 * applies the exact change the batch makes to the company-level rollups — new active days, the
 * next active day whose previous day moves, a changed last-active day — without reading any
 * member's history beyond three index probes per (member, day).
 */
export async function applySessionsToRollups(
  tx: Tx,
  companyId: string,
  sessions: { id: string; userId: string; startedAt: Date; endedAt: Date }[],
  knownMembers: Map<string, IngestMember>,
  now = new Date(),
) {
  if (sessions.length === 0) return;
  // Read under the lock: the state every earlier batch and membership change left.
  const members = await refreshMembers(tx, companyId, knownMembers);
  type MemberBatch = {
    sessions: number;
    duration: number;
    lastActive: Date;
    lastStarted: Date;
    month: string;
    monthSessions: number;
    firstDay: string;
    days: Map<string, { sessions: number; duration: number }>;
  };
  const batch = new Map<string, MemberBatch>();
  for (const s of sessions) {
    const duration = Math.round((s.endedAt.getTime() - s.startedAt.getTime()) / 1000);
    const started = s.startedAt.toISOString();
    const day = started.slice(0, 10);
    const month = `${started.slice(0, 7)}-01`;
    let b = batch.get(s.userId);
    if (!b) {
      b = {
        sessions: 0,
        duration: 0,
        lastActive: s.endedAt,
        lastStarted: s.startedAt,
        month,
        monthSessions: 0,
        firstDay: day,
        days: new Map(),
      };
      batch.set(s.userId, b);
    }
    b.sessions += 1;
    b.duration += duration;
    if (s.endedAt > b.lastActive) b.lastActive = s.endedAt;
    if (s.startedAt > b.lastStarted) b.lastStarted = s.startedAt;
    if (month > b.month) [b.month, b.monthSessions] = [month, 0];
    if (month === b.month) b.monthSessions += 1;
    if (day < b.firstDay) b.firstDay = day;
    const d = b.days.get(day);
    if (d) {
      d.sessions += 1;
      d.duration += duration;
    } else b.days.set(day, { sessions: 1, duration });
  }

  const pairs = [...batch].flatMap(([userId, b]) => [...b.days.keys()].map((day) => ({ userId, day })));
  // Most batches carry members' newest sessions: on or after their last active day, nothing but
  // that day can be known already, so only members with older days need the index probes.
  const needsProbe = (userId: string) => {
    const m = members.get(userId)!;
    if (!m.listed) return false;
    if (!m.hasRow) return true;
    return m.lastDay !== null && batch.get(userId)!.firstDay < m.lastDay;
  };
  const probed = new Set([...batch.keys()].filter(needsProbe));
  const listedPairs = pairs.filter((p) => probed.has(p.userId));
  const probes =
    listedPairs.length > 0
      ? await probeDays(
          tx,
          companyId,
          listedPairs,
          sessions.map((s) => s.id),
        )
      : new Map<string, Probe>();

  const lastActiveDays = new Deltas();
  const daily = new Deltas();
  const gaps = new Deltas();
  for (const [userId, b] of batch) {
    const member = members.get(userId);
    if (!member?.listed) continue;
    const { status } = member;
    const oldLast = member.lastActive;
    const newLast = oldLast && oldLast > b.lastActive ? oldLast : b.lastActive;
    if (!oldLast || dayOf(oldLast) !== dayOf(newLast)) {
      if (oldLast) lastActiveDays.add(`${dayOf(oldLast)}|${status}`, [-1]);
      lastActiveDays.add(`${dayOf(newLast)}|${status}`, [1]);
    }
    const known = new Set<string>();
    const fresh: string[] = [];
    for (const [day, d] of b.days) {
      const probe = probes.get(`${userId}:${day}`) ?? {
        existed: day === member.lastDay,
        prevOld: member.lastDay !== null && day > member.lastDay ? member.lastDay : null,
        nextOld: null,
      };
      daily.add(`${day}|${status}`, [probe.existed ? 0 : 1, d.sessions, d.duration]);
      if (probe.existed) known.add(day);
      else fresh.push(day);
      if (probe.prevOld) known.add(probe.prevOld);
      if (probe.nextOld) known.add(probe.nextOld);
    }
    if (fresh.length === 0) continue;
    const knownAfter = new Set([...known, ...fresh]);
    const link = (day: string, prev: string | null, sign: number) =>
      gaps.add(`${day}|${status}|${prev ?? "-infinity"}`, [sign]);
    for (const day of fresh) link(day, before(knownAfter, day), 1);
    const moved = new Set(
      fresh.map((day) => probes.get(`${userId}:${day}`)?.nextOld ?? null).filter((d) => d !== null),
    );
    for (const day of moved) {
      link(day, before(known, day), -1);
      link(day, before(knownAfter, day), 1);
    }
  }

  const users = [...batch.keys()];
  const rows = users.map((u) => batch.get(u)!);
  await tx.execute(sql`
    insert into member_metrics as t (company_id, user_id, status, listed, last_active, last_session_started_at,
      total_sessions, total_duration_seconds, avg_session_seconds, month_start, month_sessions, refreshed_at)
    select ${companyId}, b.user_id, b.status, b.listed, b.last_active, b.last_started, b.sessions, b.duration,
           round(b.duration::numeric / b.sessions), b.month_start, b.month_sessions, ${iso(now)}::timestamptz
    from unnest(${pgArray(users)}::uuid[], ${pgArray(users.map((u) => members.get(u)!.status))}::member_status[],
                ${pgArray(users.map((u) => members.get(u)!.listed))}::boolean[],
                ${pgArray(rows.map((r) => iso(r.lastActive)))}::timestamptz[],
                ${pgArray(rows.map((r) => iso(r.lastStarted)))}::timestamptz[],
                ${pgArray(rows.map((r) => r.sessions))}::int[], ${pgArray(rows.map((r) => r.duration))}::bigint[],
                ${pgArray(rows.map((r) => r.month))}::date[], ${pgArray(rows.map((r) => r.monthSessions))}::int[])
      as b(user_id, status, listed, last_active, last_started, sessions, duration, month_start, month_sessions)
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
      refreshed_at = excluded.refreshed_at`);

  const split = (entries: [string, number[]][], i: number) => entries.map(([k]) => k.split("|")[i]!);
  const values = (entries: [string, number[]][], i: number) => entries.map(([, v]) => v[i]!);
  const last = lastActiveDays.entries();
  if (last.length > 0)
    await tx.execute(sql`
      insert into company_last_active_days as t (company_id, day, status, members)
      select ${companyId}, d.day, d.status, d.members
      from unnest(${pgArray(split(last, 0))}::date[], ${pgArray(split(last, 1))}::member_status[],
                  ${pgArray(values(last, 0))}::int[]) as d(day, status, members)
      on conflict (company_id, day, status) do update set members = t.members + excluded.members`);
  const days = daily.entries();
  if (days.length > 0)
    await tx.execute(sql`
      insert into company_daily_metrics as t (company_id, day, status, active_members, sessions, duration_seconds)
      select ${companyId}, d.day, d.status, d.active, d.sessions, d.duration
      from unnest(${pgArray(split(days, 0))}::date[], ${pgArray(split(days, 1))}::member_status[],
                  ${pgArray(values(days, 0))}::int[], ${pgArray(values(days, 1))}::int[],
                  ${pgArray(values(days, 2))}::bigint[]) as d(day, status, active, sessions, duration)
      on conflict (company_id, day, status) do update set
        active_members = t.active_members + excluded.active_members,
        sessions = t.sessions + excluded.sessions,
        duration_seconds = t.duration_seconds + excluded.duration_seconds`);
  const links = gaps.entries();
  if (links.length > 0)
    await tx.execute(sql`
      insert into company_activity_gaps as t (company_id, day, status, prev_day, members)
      select ${companyId}, d.day, d.status, d.prev_day, d.members
      from unnest(${pgArray(split(links, 0))}::date[], ${pgArray(split(links, 1))}::member_status[],
                  ${pgArray(split(links, 2))}::date[], ${pgArray(values(links, 0))}::int[])
        as d(day, status, prev_day, members)
      on conflict (company_id, day, status, prev_day) do update set members = t.members + excluded.members`);
}
