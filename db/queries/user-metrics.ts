import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { canHoldLongTransactions, queryRows, type Db } from "../client";
import {
  activitySessions,
  companyLastActiveDays,
  companyMemberGroups,
  memberMetrics,
  memberSearch,
  memberships,
  users,
} from "../schema";
import { arrayParam } from "./array-param";
import { dayStart, rollupsApply } from "./days";
import { addDays } from "@/lib/format";
import { addMonths } from "@/lib/time/zones";
import { MEMBER_ROLES, type UserMetricsFilters } from "@/lib/contracts/user-metrics";

export type UserMetricRow = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Null for a member never active. */
  lastActive: Date | null;
  totalSessions: number;
  sessionsThisMonth: number;
  avgSessionSeconds: number;
  status: "active" | "inactive" | "pending";
  role: string;
  department: string | null;
  createdAt: Date;
  lastLogin: Date | null;
};

/** The sort key of the `last_active` orderings: never active sorts below every moment. */
const activeKey = sql`coalesce(${memberMetrics.lastActive}, '-infinity'::timestamptz)`;

/** `%`, `_` and `\` of a search term match themselves. */
export function likeEscape(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The member filters (SPEC: search, role, department): every term found in the member's folded
 * search text (member_search, one trigram index per company), the roles and departments by the
 * copies member_metrics keeps.
 */
function memberWhere(f: Pick<UserMetricsFilters, "search" | "roles" | "departments">): SQL | undefined {
  return and(
    // Written as a literal of the enum type (the contract admits only its values): the planner
    // then knows how many members each role has, which it cannot see through a cast parameter.
    f.roles
      ? sql`${memberMetrics.role} = any(${sql.raw(`'{${f.roles.filter(isRole).join(",")}}'`)}::member_role[])`
      : undefined,
    f.departments ? departmentIn(sql`${memberMetrics.department}`, f.departments) : undefined,
    f.search
      ? sql`exists (select 1 from ${memberSearch} s where s.company_id = ${memberMetrics.companyId} and s.user_id = ${memberMetrics.userId}
          and ${sql.join(
            f.search.map((term) => sql`s.search_text like '%' || um_fold(${likeEscape(term)}) || '%'`),
            sql` and `,
          )})`
      : undefined,
  );
}

const isRole = (role: string) => (MEMBER_ROLES as readonly string[]).includes(role);

/** A department column among the chosen ones, `null` standing for "no department". */
export function departmentIn(column: SQL, departments: readonly (string | null)[]): SQL {
  const named = departments.filter((d): d is string => d !== null);
  const none = departments.includes(null) ? sql` or ${column} is null` : sql``;
  return sql`(${column} = any(${arrayParam(named, "text")})${none})`;
}

/** Whether the filters go beyond the seed's (window and status): counts then read members. */
export function hasMemberFilters(
  f: Pick<UserMetricsFilters, "search" | "roles" | "departments" | "inactiveFor">,
) {
  return f.search !== null || f.roles !== null || f.departments !== null || f.inactiveFor !== null;
}

export type ListFilters = Omit<UserMetricsFilters, "ordering">;

/**
 * The rows a company's list shows: live members (membership and user not soft-deleted) whose
 * `last_active` falls in the window's days (of the request's zone), or with `inactive_for`, before its first day
 * (never-active members included); then status and the member filters. Every query is scoped by
 * `companyId` first.
 */
export function listWhere(companyId: string, f: ListFilters): SQL {
  return and(
    memberSetWhere(companyId, f),
    f.inactiveBefore !== null
      ? undefined
      : and(
          sql`${activeKey} >= ${dayStart(f.dateFrom, f.timezone)}`,
          sql`${activeKey} < ${dayStart(addDays(f.dateTo, 1), f.timezone)}`,
        ),
  )!;
}

/**
 * The members the filters select whatever their last activity in the window: listed, status,
 * member filters and `inactive_for` (the summary's activity is theirs).
 */
export function memberSetWhere(companyId: string, f: Omit<ListFilters, "dateFrom" | "dateTo">): SQL {
  return and(
    eq(memberMetrics.companyId, companyId),
    eq(memberMetrics.listed, true),
    f.inactiveBefore !== null ? sql`${activeKey} < ${dayStart(f.inactiveBefore, f.timezone)}` : undefined,
    f.status ? eq(memberMetrics.status, f.status) : undefined,
    memberWhere(f),
  )!;
}

/**
 * The value each ordering sorts by, over `member_metrics` rows (ties are broken by user id).
 * `sessions_this_month` sorts by the figure the response shows.
 */
function sortKey(ordering: UserMetricsFilters["ordering"], month: MonthContext): SQL {
  switch (ordering.replace(/^-/, "")) {
    case "last_active":
      return activeKey;
    case "total_sessions":
      return sql`${memberMetrics.totalSessions}`;
    case "avg_session_duration":
      return sql`${memberMetrics.avgSessionSeconds}`;
    default:
      return sessionsThisMonth(month);
  }
}

/**
 * Rows strictly after the row of user `after` in the given ordering (keyset pagination): the
 * (sort key, user id) pair is compared as a tuple, read from the database so it is exact.
 */
function keysetAfter(
  companyId: string,
  ordering: UserMetricsFilters["ordering"],
  after: string,
  month: MonthContext,
): SQL {
  const op = ordering.startsWith("-") ? sql`<` : sql`>`;
  return sql`(${sortKey(ordering, month)}, ${memberMetrics.userId}) ${op} (
    select ${sortKey(ordering, month)}, ${memberMetrics.userId} from ${memberMetrics}
    where ${memberMetrics.companyId} = ${companyId} and ${memberMetrics.userId} = ${after})`;
}

export const joinMembership = and(
  eq(memberships.companyId, memberMetrics.companyId),
  eq(memberships.userId, memberMetrics.userId),
  isNull(memberships.deletedAt),
);

/** ORDER BY for each ordering, with user id as the tie-break in the same direction. */
function orderBy(ordering: UserMetricsFilters["ordering"], month: MonthContext): SQL[] {
  const dir = ordering.startsWith("-") ? sql`desc` : sql`asc`;
  return [sql`${sortKey(ordering, month)} ${dir}`, sql`${memberMetrics.userId} ${dir}`];
}

/** What `sessions_this_month` needs: today and its zone, and the zone the rollups count in. */
export type MonthContext = { today: string; timezone: string; companyTimezone: string };

/**
 * Sessions started in the current month of the request's zone. In the company's zone: the rollup's
 * monthly counter when it counts this month, 0 when it counts an earlier one (nothing ingested
 * since the month changed), and the raw sessions when a session a few minutes ahead (tolerated
 * clock skew) already moved it to the next. In another zone: the member's raw sessions of that
 * month (through the member's index).
 */
function sessionsThisMonth(m: MonthContext) {
  const month = `${m.today.slice(0, 7)}-01`;
  const raw = sql`(select count(*)::int from ${activitySessions} s
          where s.company_id = ${memberMetrics.companyId} and s.user_id = ${memberMetrics.userId}
            and s.started_at >= ${dayStart(month, m.timezone)}
            and s.started_at < ${dayStart(addMonths(month, 1), m.timezone)})`;
  if (!rollupsApply(m)) return sql<number>`${raw}`;
  return sql<number>`(case
    when ${memberMetrics.monthStart} = ${month}::date then ${memberMetrics.monthSessions}
    when ${memberMetrics.monthStart} < ${month}::date then 0
    else ${raw}
    end)`;
}

/**
 * One page (or keyset chunk) of the list as a single statement, in two steps: the page's members
 * are picked from an index over listed members that carries every filtered and sorted column
 * (db/schema/metrics.ts), so the window, status, ordering and OFFSET are answered from the index
 * alone; then only those rows are read from `member_metrics` and joined to `users` and
 * `memberships`. Times come back as epoch seconds.
 */
export function userMetricsPageQuery(
  db: Db,
  companyId: string,
  f: UserMetricsFilters,
  { limit, offset = 0, after }: { limit: number; offset?: number; after?: string },
): SQL {
  // With rows to skip, pick ids from the index alone and fetch only the page; with none (page 1,
  // keyset chunks of the export), read the rows in the same pass.
  const skipping = offset > 0;
  const page = db
    .select({
      companyId: memberMetrics.companyId,
      userId: memberMetrics.userId,
      ...(skipping
        ? {}
        : {
            status: memberMetrics.status,
            lastActive: memberMetrics.lastActive,
            lastSessionStartedAt: memberMetrics.lastSessionStartedAt,
            totalSessions: memberMetrics.totalSessions,
            avgSessionSeconds: memberMetrics.avgSessionSeconds,
            monthStart: memberMetrics.monthStart,
            monthSessions: memberMetrics.monthSessions,
          }),
    })
    .from(memberMetrics)
    .where(and(listWhere(companyId, f), after ? keysetAfter(companyId, f.ordering, after, f) : undefined))
    .orderBy(...orderBy(f.ordering, f))
    .limit(limit)
    .offset(offset);
  return metricRows(
    skipping
      ? sql`from (${page}) as page
            join ${memberMetrics} on ${memberMetrics.companyId} = page.company_id and ${memberMetrics.userId} = page.user_id`
      : sql`from (${page}) as ${memberMetrics}`,
    sql`order by ${sql.join(orderBy(f.ordering, f), sql`, `)}`,
    f,
  );
}

/**
 * The UserMetric columns of the `member_metrics` rows in `from` (which names them
 * `member_metrics`), joined to their user and live membership; times as epoch seconds.
 */
function metricRows(from: SQL, tail: SQL, month: MonthContext): SQL {
  const epoch = (value: SQL) => sql`extract(epoch from ${value})::float8`;
  return sql`
    select ${memberMetrics.userId}, ${users.email}, ${users.firstName}, ${users.lastName},
           ${epoch(sql`${memberMetrics.lastActive}`)} as last_active, ${memberMetrics.totalSessions},
           ${sessionsThisMonth(month)} as sessions_this_month, ${memberMetrics.avgSessionSeconds}, ${memberMetrics.status},
           ${memberships.role}, ${memberships.department}, ${epoch(sql`${users.createdAt}`)} as created_at,
           -- A session starts with a sign-in, so the later of the two is the last login; a member
           -- never active in this company has none here (their sign-ins were elsewhere).
           ${epoch(sql`case when ${memberMetrics.lastActive} is not null then greatest(${users.lastLoginAt}, ${memberMetrics.lastSessionStartedAt}) end`)} as last_login
    ${from}
    join ${memberships} on ${joinMembership}
    join ${users} on ${users.id} = ${memberMetrics.userId}
    ${tail}`;
}

/**
 * One member's UserMetric row, when they are a live member of the company (membership and user
 * not soft-deleted; never-active members included): no row otherwise.
 */
export async function findMemberMetric(
  db: Db,
  companyId: string,
  userId: string,
  month: MonthContext,
): Promise<UserMetricRow | null> {
  const rows = await queryRows<Omit<PageRow, "count">>(
    db,
    metricRows(
      sql`from ${memberMetrics}`,
      sql`where ${memberMetrics.companyId} = ${companyId} and ${memberMetrics.userId} = ${userId} and ${memberMetrics.listed}`,
      month,
    ),
  );
  return toRows(rows)[0] ?? null;
}

/**
 * The list's total, as one `select … as n`. With the window (or `inactive_for`) and status only,
 * in the company's zone, it is summed from the per-day counts (one row per day and status) instead of counting
 * members: those inactive are every listed member (the member groups) less those whose last
 * active day is on or after the cut-off. The member filters count the members they select.
 */
export function countUserMetricsQuery(companyId: string, f: ListFilters): SQL {
  const groups = listedGroupsQuery(companyId, f);
  if (!groups) return sql`select count(*)::int as n from ${memberMetrics} where ${listWhere(companyId, f)}`;
  return sql`select coalesce(sum(g.n), 0)::int as n from (${groups}) g`;
}

/**
 * The members the list returns for the filters, by status, role and department (`n` each), from
 * the company-level rollups: a sum over the window's days and groups, whatever the number of
 * members. Null when those cannot tell: a search, or days of a zone other than the company's.
 */
export function listedGroupsQuery(companyId: string, f: ListFilters): SQL | null {
  if (f.search !== null || !rollupsApply(f)) return null;
  const groupWhere = (t: typeof companyLastActiveDays | typeof companyMemberGroups) =>
    and(
      eq(t.companyId, companyId),
      f.status ? eq(t.status, f.status) : undefined,
      f.roles ? sql`${t.role} = any(${arrayParam(f.roles.filter(isRole), "member_role")})` : undefined,
      f.departments ? departmentIn(sql`${t.department}`, f.departments) : undefined,
    );
  const d = companyLastActiveDays;
  if (f.inactiveBefore === null)
    return sql`select ${d.status} as status, ${d.role} as role, ${d.department} as department, sum(${d.members})::int as n
      from ${d} where ${groupWhere(d)} and ${d.day} between ${f.dateFrom}::date and ${f.dateTo}::date
      group by 1, 2, 3 having sum(${d.members}) > 0`;
  // Inactive since a day: every listed member of the group but those last active from that day on.
  const g = companyMemberGroups;
  return sql`select x.status, x.role, x.department, sum(x.n)::int as n from (
      select ${g.status} as status, ${g.role} as role, ${g.department} as department, ${g.members} as n
      from ${g} where ${groupWhere(g)}
      union all
      select ${d.status}, ${d.role}, ${d.department}, -${d.members}
      from ${d} where ${groupWhere(d)} and ${d.day} >= ${f.inactiveBefore}::date
    ) x group by 1, 2, 3 having sum(x.n) > 0`;
}

export type PageRow = {
  count: number;
  user_id: string | null;
  email: string;
  first_name: string;
  last_name: string;
  last_active: number | null;
  total_sessions: number;
  sessions_this_month: number;
  avg_session_seconds: number;
  status: UserMetricRow["status"];
  role: string;
  department: string | null;
  created_at: number;
  last_login: number | null;
};

export function toRows(result: Omit<PageRow, "count">[]): UserMetricRow[] {
  const rows: UserMetricRow[] = [];
  for (const r of result) {
    if (r.user_id === null) continue;
    rows.push({
      userId: r.user_id,
      email: r.email,
      firstName: r.first_name,
      lastName: r.last_name,
      lastActive: r.last_active === null ? null : new Date(r.last_active * 1000),
      totalSessions: r.total_sessions,
      sessionsThisMonth: r.sessions_this_month,
      avgSessionSeconds: r.avg_session_seconds,
      status: r.status,
      role: r.role,
      department: r.department,
      createdAt: new Date(r.created_at * 1000),
      lastLogin: r.last_login === null ? null : new Date(r.last_login * 1000),
    });
  }
  return rows;
}

/**
 * One page of the list plus the total in a single statement: one round trip, and one snapshot, so
 * a refresh committing meanwhile cannot make `count` disagree with `results`. The count row always
 * comes back; a page past the end just brings no member with it.
 */
export async function listUserMetrics(
  db: Db,
  companyId: string,
  f: UserMetricsFilters & { page: number; pageSize: number },
  { smallSelection = SMALL_SELECTION }: { smallSelection?: number } = {},
): Promise<{ count: number; rows: UserMetricRow[] }> {
  const offset = (f.page - 1) * f.pageSize;
  const count = countUserMetricsQuery(companyId, f);
  if (!Number.isSafeInteger(offset))
    return { count: (await queryRows<{ n: number }>(db, count))[0]?.n ?? 0, rows: [] };
  const statement = await listStatement(db, companyId, f, offset, { smallSelection });
  const result = await queryRows<PageRow>(db, statement);
  return { count: result[0]?.count ?? 0, rows: toRows(result) };
}

/**
 * The one statement of a list request (count and page, one snapshot), chosen by the selection's
 * size: a small one is read once and sorted, a large one is walked along the ordering's index.
 */
export async function listStatement(
  db: Db,
  companyId: string,
  f: UserMetricsFilters & { pageSize: number },
  offset: number,
  { smallSelection = SMALL_SELECTION }: { smallSelection?: number } = {},
): Promise<SQL> {
  if (await selectsFew(db, companyId, f, smallSelection))
    return selectedPageQuery(companyId, f, { limit: f.pageSize, offset });
  const page = userMetricsPageQuery(db, companyId, f, { limit: f.pageSize, offset });
  const count = countUserMetricsQuery(companyId, f);
  return sql`select c.n as count, p.* from (${count}) c left join lateral (${page}) p on true`;
}

/**
 * A selection at most this large is read once and sorted, instead of found along an ordering's
 * index (0: never; the tests take both ways).
 */
export const SMALL_SELECTION = 20_000;

/**
 * Whether the member filters select few enough members to read them all and sort them, instead of
 * walking an ordering's index — which for a small selection would read most of the company when
 * the two are correlated (the members inactive for 30 days are at the far end of
 * `-total_sessions`). A search always does (a name or an email fragment, found through its own
 * index); role, department and `inactive_for` are counted first (from the rollups, in the company's
 * zone).
 */
async function selectsFew(db: Db, companyId: string, f: ListFilters, threshold: number) {
  if (!hasMemberFilters(f) || threshold <= 0) return false;
  if (f.search !== null) return true;
  const [row] = await queryRows<{ n: number }>(db, countUserMetricsQuery(companyId, f));
  return (row?.n ?? 0) <= threshold;
}

/**
 * The count and one page of a small selection in one statement: the selected members and their
 * sort key are read once (the count is their number), the page is sorted from them.
 */
function selectedPageQuery(
  companyId: string,
  f: UserMetricsFilters,
  { limit, offset }: { limit: number; offset: number },
): SQL {
  const dir = f.ordering.startsWith("-") ? sql`desc` : sql`asc`;
  const page = metricRows(
    sql`from (select s.user_id from selected s order by s.k ${dir}, s.user_id ${dir} limit ${limit} offset ${offset}) as page
        join ${memberMetrics} on ${memberMetrics.companyId} = ${companyId} and ${memberMetrics.userId} = page.user_id`,
    sql`order by ${sql.join(orderBy(f.ordering, f), sql`, `)}`,
    f,
  );
  return sql`with selected as materialized (
      select ${memberMetrics.userId} as user_id, ${sortKey(f.ordering, f)} as k
      from ${memberMetrics} where ${listWhere(companyId, f)})
    select c.n as count, p.* from (select count(*)::int as n from selected) c
    left join lateral (${page}) p on true`;
}

/**
 * Every row of the list for the same filters and ordering, in chunks read by keyset pagination
 * inside one read-only snapshot: memory stays at one chunk whatever the row count, and a refresh
 * committing meanwhile cannot make rows repeat or go missing. `onChunk` may wait (backpressure).
 */
export async function forEachUserMetricsChunk(
  db: Db,
  companyId: string,
  f: UserMetricsFilters,
  onChunk: (rows: UserMetricRow[]) => Promise<void>,
  { chunkSize = 2500 }: { chunkSize?: number } = {},
): Promise<number> {
  const run = async (tx: Db) => {
    const chunk = (after?: string) =>
      queryRows<Omit<PageRow, "count">>(
        tx,
        userMetricsPageQuery(tx, companyId, f, { limit: chunkSize, after }),
      ).then(toRows);
    let total = 0;
    let next = chunk();
    for (;;) {
      const rows = await next;
      if (rows.length === 0) break;
      total += rows.length;
      // The next chunk is read while this one is written out.
      const more = rows.length === chunkSize;
      if (more) next = chunk(rows[rows.length - 1]!.userId);
      await onChunk(rows);
      if (!more) break;
    }
    return total;
  };
  // Where a transaction held while a client downloads would stall every other request (PGlite's
  // one connection), each chunk is its own read instead.
  if (!canHoldLongTransactions(db)) return run(db);
  return db.transaction((tx) => run(tx as unknown as Db), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}
