import { sql, type SQL } from "drizzle-orm";
import { jsonValue, queryRows, type Db, type Tx } from "../client";
import {
  ActivityLog,
  ChunkCache,
  decodeChunk,
  quarterNumber,
  type DecodedDay,
} from "@/lib/user-metrics/member-days";
import { arrayParam } from "./array-param";
import { activitySessions, memberMetrics } from "../schema";
import { addDays } from "@/lib/format";
import { dayStart, localDay, rollupsApply, sessionSeconds } from "./days";
import { daysEndingOn, MAU_DAYS, WAU_DAYS, type DayWindow } from "@/lib/contracts/user-metrics";
import {
  countUserMetricsQuery,
  hasMemberFilters,
  listedGroupsQuery,
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
 * Aggregates for the summary endpoint, all scoped by company id: member counts, the list's count,
 * and each window's activity — the window's distinct active members and a zero-filled daily series
 * (whose sums are the window's sessions and duration), the 7 and 30 days ending on date_to
 * (engagement) and a comparison window. Activity comes from the company-level rollups in the
 * company's zone (status filter only); in another zone from the activity log and the quarter
 * rollup; with member filters from the selected members' raw sessions.
 */
export async function summarizeUserMetrics(
  db: Db,
  companyId: string,
  f: SummaryFilters,
): Promise<SummaryData> {
  const c = f.comparison ?? null;
  const windows: Record<string, ActivityWindow> = {
    main: { w: f, withDaily: true },
    mau: { w: daysEndingOn(f.dateTo, MAU_DAYS), withDaily: true, activesOnly: true },
    wau: { w: daysEndingOn(f.dateTo, WAU_DAYS), withDaily: false, activesOnly: true },
    ...(c ? { comparison: { w: c, withDaily: true } } : {}),
  };
  if (readsActivityLog(f)) {
    // Both reads in one snapshot: the log's actives and the quarter rollup's sessions agree.
    const fromLog = await db.transaction(
      async (tx) => {
        const [rows, log] = await Promise.all([
          summaryStatement(tx, companyId, f, logActivities(companyId, f, windows)),
          readActivityLog(tx, companyId, f, windows),
        ]);
        return withLogActives(rows, log);
      },
      { isolationLevel: "repeatable read" },
    );
    if (fromLog) return summaryData(fromLog);
  }
  const activity =
    readsRawSessions(f) || !rollupsApply(f)
      ? rawActivities(companyId, f, windows)
      : rollupActivities(companyId, f, windows);
  // The raw path hashes every member-day of its spans: room for that in memory, for this statement.
  const rows = activity.raw
    ? await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local work_mem = '${RAW_WORK_MEM}'`));
        return summaryStatement(tx, companyId, f, activity);
      })
    : await summaryStatement(db, companyId, f, activity);
  return summaryData(rows);
}

type SummaryRow = {
  members: SummaryData["members"] | string;
  company_members: SummaryData["companyMembers"] | string;
  main: ActivityRow | string;
  mau: ActivityRow | string;
  wau: ActivityRow | string;
  comparison: ActivityRow | string | null;
  comparison_listed: number | null;
};

/**
 * Everything of the summary in one statement: company-wide member counts by status, role and
 * department (company-level rollups); the same breakdown over the members the list returns, whose
 * sum is the list's count (sums over the window's days of `company_last_active_days`, or, for a
 * search or another zone, read from the selected members' rows); and each window's activity as
 * `activity` spells it.
 */
async function summaryStatement(db: Db | Tx, companyId: string, f: SummaryFilters, activity: Activities) {
  // Exactly the list's rows, by role and department: from the rollups where they can tell, else
  // from the rows themselves.
  const windowGroups =
    listedGroupsQuery(companyId, f) ??
    sql`
    select ${memberMetrics.status} as status, ${memberMetrics.role} as role, ${memberMetrics.department} as department,
           count(*)::int as n
    from ${memberMetrics} where ${listWhere(companyId, f)}
    group by 1, 2, 3`;
  const c = f.comparison ?? null;
  const json = (name: string) =>
    activity.parts[name] ? sql`(select row_to_json(a) from (${activity.parts[name]}) a)` : sql`null`;
  const [row] = await queryRows<SummaryRow>(
    db,
    sql`
    ${activity.with}
    select
      (select coalesce(json_agg(json_build_object('status', g.status, 'role', g.role, 'department', g.department, 'n', g.members)), '[]')
       from company_member_groups g
       where g.company_id = ${companyId} and g.members > 0${byStatus(f, "g.status")}) as company_members,
      (select coalesce(json_agg(json_build_object('status', w.status, 'role', w.role, 'department', w.department, 'n', w.n)), '[]')
       from (${windowGroups}) w) as members,
      ${json("main")} as main, ${json("mau")} as mau, ${json("wau")} as wau, ${json("comparison")} as comparison,
      ${c ? sql`(${countUserMetricsQuery(companyId, { ...f, ...c })})` : sql`null`} as comparison_listed`,
  );
  return row!;
}

function summaryData(row: SummaryRow): SummaryData {
  const members = jsonValue(row.members);
  const main = activityOf(row.main);
  const mau = activityOf(row.mau);
  const comparison = row.comparison === null ? null : activityOf(row.comparison);
  return {
    members,
    companyMembers: jsonValue(row.company_members),
    // The list's rows, grouped: their number is the list's count (not counted a second time).
    listed: members.reduce((n, g) => n + g.n, 0),
    window: main.window,
    daily: main.daily,
    engagement: {
      wau: activityOf(row.wau).window.active_users,
      mau: mau.window.active_users,
      mauDaily: mau.daily.map((d) => d.active_users),
    },
    comparison: comparison && { listed: row.comparison_listed ?? 0, ...comparison },
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

/** A window of the summary; `activesOnly` when only its actives are read (engagement's windows). */
type ActivityWindow = { w: DayWindow; withDaily: boolean; activesOnly?: boolean };

/** Each window's activity as SQL (`parts`, by window), with the `with` clause they read from. */
type Activities = { with: SQL; parts: Record<string, SQL>; raw: boolean };

/** Memory for the raw path's hash of member-days (a 90-day span of 100,000 members: ~2 million). */
const RAW_WORK_MEM = "128MB";

/**
 * Whether a summary reads raw sessions: member filters (search, role, department, inactive_for),
 * which no company-level rollup or the activity log can select by. Those requests queue per company.
 */
export const readsRawSessions = (f: SummaryFilters) => hasMemberFilters(f);

/** A zone other than the company's, without member filters: the activity log answers. */
const readsActivityLog = (f: SummaryFilters) => !hasMemberFilters(f) && !rollupsApply(f);

/** From the company-level rollups (a few rows per day each): the status filter only, in the company's zone. */
function rollupActivities(
  companyId: string,
  f: SummaryFilters,
  windows: Record<string, ActivityWindow>,
): Activities {
  const parts: Record<string, SQL> = {};
  for (const [name, { w, withDaily }] of Object.entries(windows))
    parts[name] = companyActivity(companyId, f, w, withDaily);
  return { with: sql``, parts, raw: false };
}

/** The windows grouped into spans of contiguous days (the window, 30 and 7 days to date_to, a previous period). */
function spansOf(windows: Record<string, ActivityWindow>) {
  const spans: { from: string; to: string; names: string[] }[] = [];
  const sorted = Object.entries(windows).sort(([, a], [, b]) => (a.w.dateFrom < b.w.dateFrom ? -1 : 1));
  for (const [name, { w }] of sorted) {
    const last = spans.at(-1);
    if (last && w.dateFrom <= addDays(last.to, 1)) {
      if (w.dateTo > last.to) last.to = w.dateTo;
      last.names.push(name);
    } else spans.push({ from: w.dateFrom, to: w.dateTo, names: [name] });
  }
  return spans;
}

/**
 * From the selected members' raw sessions, read once for every span of windows (and once more for
 * a comparison window apart from them, a previous year). `with` holds those reads.
 */
function rawActivities(
  companyId: string,
  f: SummaryFilters,
  windows: Record<string, ActivityWindow>,
): Activities {
  const parts: Record<string, SQL> = {};
  const reads = spansOf(windows).map((span, i) => {
    const cte = sql.raw(`s${i}`);
    for (const name of span.names) {
      const { w, withDaily } = windows[name]!;
      parts[name] = selectedActivity(cte, w, withDaily);
    }
    return sql`${cte} as materialized (${selectedSessions(companyId, f, { dateFrom: span.from, dateTo: span.to })})`;
  });
  return { with: sql`with ${sql.join(reads, sql`, `)}`, parts, raw: true };
}

/**
 * In a zone other than the company's: sessions and durations per day of that zone from the quarter
 * rollup (whole UTC quarter hours, which every zone's days are made of), and each day's first
 * instant, from which the activity log's reader (`withLogActives`) counts the actives.
 */
function logActivities(
  companyId: string,
  f: SummaryFilters,
  windows: Record<string, ActivityWindow>,
): Activities {
  const parts: Record<string, SQL> = {};
  for (const [name, { w, withDaily, activesOnly }] of Object.entries(windows)) {
    // Each day of the window with its first instant and the next day's, as (UTC day, quarter) pairs:
    // the day's sessions are the quarter rollup's rows between them (a range of its primary key).
    const days = sql`(select b.day, b.at, lead(b.at) over (order by b.day) as next_at
       from (select g.day::date as day, um_day_start(g.day::date, ${f.timezone}::text) as at
             from generate_series(${w.dateFrom}::date, ${w.dateTo}::date + 1, interval '1 day') as g(day)) b)`;
    const utc = (at: SQL) => sql`((${at}) at time zone 'UTC')::date, um_utc_quarter(${at})`;
    const sums = activesOnly
      ? sql`select null::bigint as sessions, null::bigint as duration`
      : sql`select sum(q.sessions) as sessions, sum(q.duration_seconds) as duration
          from company_quarter_metrics q
          where q.company_id = ${companyId}${byStatus(f, "q.status")}
            and (q.day, q.quarter) >= (${utc(sql`d.at`)}) and (q.day, q.quarter) < (${utc(sql`d.next_at`)})`;
    const daily = sql`(select json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'active_users', 0,
          'sessions', coalesce(s.sessions, 0)::int, 'duration_seconds', coalesce(s.duration, 0)::float8) order by d.day)
        from ${days} d cross join lateral (${sums}) s where d.next_at is not null)`;
    parts[name] = sql`select 0 as active_users,
      (select json_agg((extract(epoch from d.at) * 1000)::float8 order by d.day) from ${days} d) as starts,
      ${withDaily ? daily : sql`null`} as daily`;
  }
  return { with: sql``, parts, raw: false };
}

/**
 * The activity log of the UTC days the windows touch (a day either side of each span), and the
 * members it counts: listed, of the status asked for, by their number in the log.
 */
async function readActivityLog(
  tx: Tx,
  companyId: string,
  f: SummaryFilters,
  windows: Record<string, ActivityWindow>,
): Promise<ActivityLog> {
  const days = spansOf(windows).map(
    (span) => sql`d.day between ${span.from}::date - 1 and ${span.to}::date + 1`,
  );
  const [[members], ids] = await Promise.all([
    queryRows<{ nos: Uint8Array | null }>(
      tx,
      sql`select (select string_agg(int4send(mm.log_no), ''::bytea) from member_metrics mm
         where mm.company_id = ${companyId} and mm.listed and mm.log_no is not null${byStatus(f, "mm.status")}) as nos`,
    ),
    queryRows<{ day: string; id: string }>(
      tx,
      sql`select to_char(d.day, 'YYYY-MM-DD') as day, d.chunk::text as id from company_member_days d
        where d.company_id = ${companyId} and (${sql.join(days, sql` or `)})`,
    ),
  ]);
  // This request's chunks, held here: the cache may drop one while the request still needs it.
  const chunks = new Map<string, DecodedDay>();
  for (const c of ids) {
    const hit = logChunks.get(`${companyId}/${c.id}`);
    if (hit) chunks.set(c.id, hit);
  }
  const missing = ids.filter((c) => !chunks.has(c.id)).map((c) => c.id);
  if (missing.length > 0) {
    const rows = await queryRows<{ id: string; entries: Uint8Array }>(
      tx,
      sql`select d.chunk::text as id, d.entries from company_member_days d
          where d.company_id = ${companyId} and d.chunk = any(${arrayParam(missing, "bigint")})`,
    );
    for (const r of rows) {
      const chunk = decodeChunk(bytes(r.entries));
      chunks.set(r.id, chunk);
      logChunks.set(`${companyId}/${r.id}`, chunk);
    }
  }
  // Entries of members outside this set (other statuses, unlisted) are dropped by the reader.
  const nos = members?.nos ? bytes(members.nos) : new Uint8Array();
  const view = new DataView(nos.buffer, nos.byteOffset, nos.byteLength);
  const numbers = Array.from({ length: nos.byteLength >> 2 }, (_, i) => view.getInt32(i * 4));
  const counted = new Uint8Array(numbers.reduce((a, b) => (b > a ? b : a), 0) + 1);
  for (const no of numbers) counted[no] = 1;
  return new ActivityLog(
    ids.map((c) => ({ day: c.day, chunk: chunks.get(c.id)! })),
    counted,
  );
}

/**
 * The activity log's chunks decoded, by company and chunk id, for this process: past days' chunks
 * are read from the database once, not on every summary (a year of a 100,000-member company is
 * about 40 MB decoded).
 */
const logChunks = new ChunkCache(128 * 2 ** 20);

/** A bytea as the drivers return it (postgres.js a Buffer, PGlite a Uint8Array). */
const bytes = (value: Uint8Array | string): Uint8Array =>
  typeof value === "string" ? Buffer.from(value.replace(/^\\x/, ""), "hex") : value;

type LogActivityRow = {
  active_users: number;
  starts: number[] | string;
  daily: ActivityDay[] | string | null;
};

/**
 * Each window's actives and daily actives counted from the log, or null when the log cannot tell
 * (a day boundary off the quarter hours, only before 1972; see `ActivityLog.activeIn`).
 */
function withLogActives(row: SummaryRow, log: ActivityLog): SummaryRow | null {
  const out: SummaryRow = { ...row };
  // The 30 days of engagement are mostly the window's own days: each span is counted once.
  const counts = new Map<string, number | null>();
  const activeIn = (from: number, to: number) => {
    const key = `${from}:${to}`;
    if (!counts.has(key)) counts.set(key, log.activeIn(from, to));
    return counts.get(key)!;
  };
  for (const name of ["main", "mau", "wau", "comparison"] as const) {
    const value = row[name];
    if (value === null) continue;
    const part = jsonValue(value as LogActivityRow | string) as LogActivityRow;
    const starts = jsonValue(part.starts).map(quarterNumber);
    if (starts.some((q) => q === null)) return null;
    const q = starts as number[];
    const active = activeIn(q[0]!, q.at(-1)!);
    if (active === null) return null;
    const daily = part.daily === null ? null : jsonValue(part.daily);
    if (daily) {
      for (const [i, d] of daily.entries()) {
        const n = activeIn(q[i]!, q[i + 1]!);
        if (n === null) return null;
        d.active_users = n;
      }
    }
    out[name] = { active_users: active, daily } as ActivityRow;
  }
  return out;
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
