import type { MemberGroup, SummaryData, SummaryFilters } from "@/db/queries/user-metrics-summary";
import { memberRole } from "@/db/schema";
import { formatDuration } from "@/lib/format";
import { USER_STATUSES, windowDays } from "@/lib/contracts/user-metrics";
import type { UserMetricsSummary } from "@/lib/contracts/user-metrics";

const ROLES = memberRole.enumValues;
const mean = (seconds: number, sessions: number) => (sessions > 0 ? Math.round(seconds / sessions) : 0);

/** Member counts zero-filled for every status and role; departments largest first, unassigned last. */
function breakdown(groups: MemberGroup[]): UserMetricsSummary["members"] {
  const byStatus = Object.fromEntries(USER_STATUSES.map((s) => [s, 0])) as Record<
    (typeof USER_STATUSES)[number],
    number
  >;
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<(typeof ROLES)[number], number>;
  const byDepartment = new Map<string | null, number>();
  let total = 0;
  for (const g of groups) {
    total += g.n;
    byStatus[g.status as keyof typeof byStatus] += g.n;
    byRole[g.role as keyof typeof byRole] += g.n;
    byDepartment.set(g.department, (byDepartment.get(g.department) ?? 0) + g.n);
  }
  return {
    total,
    by_status: byStatus,
    by_role: byRole,
    by_department: [...byDepartment.entries()]
      .map(([department, members]) => ({ department, members }))
      .sort((a, b) =>
        a.department === null
          ? 1
          : b.department === null
            ? -1
            : b.members - a.members || a.department.localeCompare(b.department),
      ),
  };
}

/**
 * The summary's wire shape: `members` counts the members the list returns for the same filters,
 * `company_members` every member of the company; durations as HH:MM:SS.
 */
export function toSummary(companyId: string, f: SummaryFilters, data: SummaryData): UserMetricsSummary {
  const avg = mean(data.window.duration_seconds, data.window.sessions);
  return {
    company_id: companyId,
    window: { date_from: f.dateFrom, date_to: f.dateTo, days: windowDays(f) },
    status: f.status,
    members: breakdown(data.members),
    company_members: breakdown(data.companyMembers),
    activity: {
      listed_members: data.listed,
      active_users: data.window.active_users,
      sessions: data.window.sessions,
      avg_session_duration: formatDuration(avg),
      avg_session_seconds: avg,
    },
    daily: data.daily.map((d) => ({
      date: d.day,
      active_users: d.active_users,
      sessions: d.sessions,
      avg_session_duration: formatDuration(mean(d.duration_seconds, d.sessions)),
      avg_session_seconds: mean(d.duration_seconds, d.sessions),
    })),
  };
}
