import type { UserMetricRow } from "@/db/queries/user-metrics";
import { csvCell } from "@/lib/csv";
import { formatDuration, isoSeconds } from "@/lib/format";
import type { UserMetric } from "@/lib/contracts/user-metrics";

/** A database row as a UserMetric; field order as the contract lists them. */
export function toUserMetric(row: UserMetricRow): UserMetric {
  return {
    user_id: row.userId,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    last_active: row.lastActive && isoSeconds(row.lastActive),
    total_sessions: row.totalSessions,
    sessions_this_month: row.sessionsThisMonth,
    avg_session_duration: formatDuration(row.avgSessionSeconds),
    status: row.status,
    role: row.role,
    department: row.department,
    created_at: isoSeconds(row.createdAt),
    last_login: row.lastLogin && isoSeconds(row.lastLogin),
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

/**
 * One CSV record (CRLF-terminated) of a metric, fields in `USER_METRIC_FIELDS` order: the same
 * text as `csvRow(USER_METRIC_FIELDS.map((f) => m[f]))` (a test holds them equal), written out by
 * hand for the export's speed: only free-text cells go through quoting and formula neutralising;
 * ids, times, numbers, durations and statuses are ours and never need it.
 */
export function userMetricCsv(m: UserMetric): string {
  return `${m.user_id},${csvCell(m.email)},${csvCell(m.first_name)},${csvCell(m.last_name)},${m.last_active ?? ""},${m.total_sessions},${m.sessions_this_month},${m.avg_session_duration},${m.status},${csvCell(m.role)},${csvCell(m.department)},${m.created_at},${m.last_login ?? ""}\r\n`;
}
