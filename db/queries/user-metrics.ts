import { and, asc, desc, eq, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { memberMetrics, memberships, users } from "../schema";
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

export function userMetricsBaseQuery(db: Db, companyId: string, f: UserMetricsFilters) {
  return db
    .select({
      userId: memberMetrics.userId,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      lastActive: sql<Date>`${memberMetrics.lastActive}`.mapWith(memberMetrics.lastActive),
      totalSessions: memberMetrics.totalSessions,
      sessionsThisMonth: memberMetrics.sessionsThisMonth,
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

/** One page of the list plus the total, fetched side by side. */
export async function listUserMetrics(
  db: Db,
  companyId: string,
  f: UserMetricsFilters & { page: number; pageSize: number },
): Promise<{ count: number; rows: UserMetricRow[] }> {
  const [count, rows] = await Promise.all([
    countUserMetrics(db, companyId, f),
    userMetricsBaseQuery(db, companyId, f)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
  ]);
  return { count, rows: rows as UserMetricRow[] };
}
