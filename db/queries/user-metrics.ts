import { and, asc, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { dailyMemberMetrics, memberMetrics, memberships, users } from "../schema";
import { addDays } from "@/lib/format";
import type { UserMetricsFilters } from "@/lib/validation/user-metrics";

export type UserMetricRow = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  lastActive: Date;
  totalSessions: number;
  sessionsThisMonth: number;
  avgSessionSeconds: number;
  status: "active" | "inactive" | "pending";
  role: string;
  department: string | null;
  createdAt: Date;
  lastLogin: Date;
};

/**
 * The rows a company's list shows: live members (membership and user not soft-deleted) whose
 * `last_active` falls in the inclusive UTC-day window. Every query is scoped by `companyId` first.
 */
function listWhere(companyId: string, f: UserMetricsFilters): SQL | undefined {
  return and(
    eq(memberMetrics.companyId, companyId),
    gte(memberMetrics.lastActive, new Date(`${f.dateFrom}T00:00:00Z`)),
    lt(memberMetrics.lastActive, new Date(`${addDays(f.dateTo, 1)}T00:00:00Z`)),
    isNull(users.deletedAt),
    f.status ? eq(memberships.status, f.status) : undefined,
  );
}

const joinMembership = and(
  eq(memberships.companyId, memberMetrics.companyId),
  eq(memberships.userId, memberMetrics.userId),
  isNull(memberships.deletedAt),
);

/** ORDER BY for each ordering, with user id as the tie-break in the same direction. */
function orderBy(ordering: UserMetricsFilters["ordering"]): SQL[] {
  const dir = ordering.startsWith("-") ? desc : asc;
  const column = ordering.endsWith("last_active") ? memberMetrics.lastActive : memberMetrics.totalSessions;
  return [dir(column), dir(memberMetrics.userId)];
}

/** First day of the UTC month, YYYY-MM-DD. */
export function monthStart(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

export function userMetricsBaseQuery(db: Db, companyId: string, f: UserMetricsFilters, now = new Date()) {
  return db
    .select({
      userId: memberMetrics.userId,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      lastActive: sql<Date>`${memberMetrics.lastActive}`.mapWith(memberMetrics.lastActive),
      totalSessions: memberMetrics.totalSessions,
      // Read from the daily rollup at query time, so it never lags behind a change of month.
      sessionsThisMonth: sql<number>`(
        select coalesce(sum(${dailyMemberMetrics.sessions}), 0)::int from ${dailyMemberMetrics}
        where ${dailyMemberMetrics.companyId} = ${memberMetrics.companyId}
          and ${dailyMemberMetrics.userId} = ${memberMetrics.userId}
          and ${dailyMemberMetrics.day} >= ${monthStart(now)})`,
      avgSessionSeconds: memberMetrics.avgSessionSeconds,
      status: memberships.status,
      role: memberships.role,
      department: memberships.department,
      createdAt: users.createdAt,
      // A session starts with a sign-in, so the later of the two is the last login.
      lastLogin: sql<Date>`greatest(${users.lastLoginAt}, ${memberMetrics.lastSessionStartedAt})`.mapWith(
        memberMetrics.lastActive,
      ),
    })
    .from(memberMetrics)
    .innerJoin(memberships, joinMembership)
    .innerJoin(users, eq(users.id, memberMetrics.userId))
    .where(listWhere(companyId, f))
    .orderBy(...orderBy(f.ordering))
    .$dynamic();
}

export function countUserMetricsQuery(db: Db, companyId: string, f: UserMetricsFilters) {
  return db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberMetrics)
    .innerJoin(memberships, joinMembership)
    .innerJoin(users, eq(users.id, memberMetrics.userId))
    .where(listWhere(companyId, f));
}

export async function countUserMetrics(db: Db, companyId: string, f: UserMetricsFilters): Promise<number> {
  const [row] = await countUserMetricsQuery(db, companyId, f);
  return row?.n ?? 0;
}

/**
 * One page of the list plus the total, read from one snapshot (a refresh committing in between
 * cannot make `count` disagree with `results`). A page past the end is not queried at all.
 */
export async function listUserMetrics(
  db: Db,
  companyId: string,
  f: UserMetricsFilters & { page: number; pageSize: number },
): Promise<{ count: number; rows: UserMetricRow[] }> {
  return db.transaction(
    async (tx) => {
      const count = await countUserMetrics(tx as unknown as Db, companyId, f);
      const offset = (f.page - 1) * f.pageSize;
      if (offset >= count) return { count, rows: [] };
      const rows = await userMetricsBaseQuery(tx as unknown as Db, companyId, f)
        .limit(f.pageSize)
        .offset(offset);
      return { count, rows: rows as UserMetricRow[] };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
