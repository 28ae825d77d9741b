import type { UserMetricRow } from "@/db/queries/user-metrics";
import { formatDuration, isoSeconds } from "@/lib/format";
import type { UserMetric } from "./types";

/** A database row as the seed's UserMetric; field order as the seed lists them. */
export function toUserMetric(row: UserMetricRow): UserMetric {
  return {
    user_id: row.userId,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    last_active: isoSeconds(row.lastActive),
    total_sessions: row.totalSessions,
    sessions_this_month: row.sessionsThisMonth,
    avg_session_duration: formatDuration(row.avgSessionSeconds),
    status: row.status,
    role: row.role,
    department: row.department,
    created_at: isoSeconds(row.createdAt),
    last_login: isoSeconds(row.lastLogin),
  };
}

export const USER_METRIC_FIELDS = [
  "user_id",
  "email",
  "first_name",
  "last_name",
  "last_active",
  "total_sessions",
  "sessions_this_month",
  "avg_session_duration",
  "status",
  "role",
  "department",
  "created_at",
  "last_login",
] as const satisfies readonly (keyof UserMetric)[];
