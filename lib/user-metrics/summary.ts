import type {
  Activity,
  ActivityDay,
  MemberGroup,
  SummaryData,
  SummaryFilters,
} from "@/db/queries/user-metrics-summary";
import { memberRole } from "@/db/schema";
import { formatDuration } from "@/lib/format";
import { MAU_DAYS, USER_STATUSES, windowDays, type DayWindow } from "@/lib/contracts/user-metrics";
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

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The relative change from `previous` to `current`; null when there is nothing to compare with. */
export const relativeChange = (current: number, previous: number) =>
  previous === 0 ? null : (current - previous) / previous;

function activityOf(listed: number, w: Activity) {
  const avg = mean(w.duration_seconds, w.sessions);
  return {
    listed_members: listed,
    active_users: w.active_users,
    sessions: w.sessions,
    avg_session_duration: formatDuration(avg),
    avg_session_seconds: avg,
  };
}

const dailyOf = (daily: ActivityDay[]) =>
  daily.map((d) => ({
    date: d.day,
    active_users: d.active_users,
    sessions: d.sessions,
    avg_session_duration: formatDuration(mean(d.duration_seconds, d.sessions)),
    avg_session_seconds: mean(d.duration_seconds, d.sessions),
  }));

const windowOf = (w: DayWindow, timezone: string) => ({
  date_from: w.dateFrom,
  date_to: w.dateTo,
  days: windowDays(w),
  timezone,
});

/**
 * The summary's wire shape: `members` counts the members the list returns for the same filters,
 * `company_members` every member of the company; durations as HH:MM:SS; engagement around
 * date_to; with a comparison, its figures and the relative change to them.
 */
export function toSummary(companyId: string, f: SummaryFilters, data: SummaryData): UserMetricsSummary {
  const activity = activityOf(data.listed, data.window);
  const { wau, mau, mauDaily } = data.engagement;
  const summary: UserMetricsSummary = {
    company_id: companyId,
    window: windowOf(f, f.timezone),
    status: f.status,
    members: breakdown(data.members),
    company_members: breakdown(data.companyMembers),
    activity,
    daily: dailyOf(data.daily),
    engagement: {
      dau: mauDaily.at(-1) ?? 0,
      wau,
      mau,
      stickiness: mau === 0 ? 0 : round3(mauDaily.reduce((a, b) => a + b, 0) / MAU_DAYS / mau),
    },
  };
  if (f.comparison && data.comparison) {
    const previous = activityOf(data.comparison.listed, data.comparison.window);
    summary.comparison = {
      window: windowOf(f.comparison, f.timezone),
      activity: previous,
      daily: dailyOf(data.comparison.daily),
    };
    summary.change = {
      active_users: relativeChange(activity.active_users, previous.active_users),
      sessions: relativeChange(activity.sessions, previous.sessions),
      avg_session_seconds: relativeChange(activity.avg_session_seconds, previous.avg_session_seconds),
    };
  }
  return summary;
}
