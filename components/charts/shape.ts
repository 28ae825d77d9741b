import { addDays } from "@/lib/format";
import { DEFAULT_TIME_ZONE, todayIn } from "@/lib/time/zones";
import { defaultWindow } from "@/lib/user-metrics/default-window";
import type { UserMetric, UserMetricDetail, UserMetricsSummary } from "@/lib/contracts/user-metrics";

/** Pure shaping of API data for the charts; each chart receives plain typed arrays. */

export type DailyPoint = {
  date: string;
  label: string;
  activeUsers: number;
  sessions: number;
  avgMinutes: number;
  /** With a comparison: the compared window's day at the same index (its first day beside ours). */
  previous?: { date: string; activeUsers: number; sessions: number };
};
export type Slice = { name: string; value: number };
/** One day of one member: their sessions and the mean length of those sessions. */
export type MemberDailyPoint = { date: string; label: string; sessions: number; avgDuration: string };
export type TopMember = { name: string; email: string; sessions: number };

const shortDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/**
 * The window's days as chart points; with a comparison, each carries the compared window's day at
 * the same index (day 1 beside day 1), so the previous period is drawn under the current one.
 */
export function dailySeries(summary: UserMetricsSummary): DailyPoint[] {
  const before = summary.comparison?.daily;
  return summary.daily.map((d, i) => {
    const point: DailyPoint = {
      date: d.date,
      label: shortDate.format(new Date(`${d.date}T00:00:00Z`)),
      activeUsers: d.active_users,
      sessions: d.sessions,
      avgMinutes: Math.round((d.avg_session_seconds / 60) * 10) / 10,
    };
    const p = before?.[i];
    if (p) point.previous = { date: p.date, activeUsers: p.active_users, sessions: p.sessions };
    return point;
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function statusSlices(summary: UserMetricsSummary): Slice[] {
  return Object.entries(summary.members.by_status).map(([name, value]) => ({
    name: capitalise(name),
    value,
  }));
}

export function roleSlices(summary: UserMetricsSummary): Slice[] {
  return Object.entries(summary.members.by_role).map(([name, value]) => ({ name: capitalise(name), value }));
}

export function departmentSlices(summary: UserMetricsSummary): Slice[] {
  return summary.members.by_department.map((d) => ({ name: d.department ?? "Unassigned", value: d.members }));
}

export function topMembers(results: UserMetric[], limit = 10): TopMember[] {
  return results
    .slice(0, limit)
    .map((u) => ({ name: `${u.first_name} ${u.last_name}`, email: u.email, sessions: u.total_sessions }));
}

/** A breakdown read out: "Active: 4, Inactive: 1." */
export function describeSlices(slices: Slice[]): string {
  return slices.map((d) => `${d.name}: ${d.value}`).join(", ") + ".";
}

/** The top members as bars (name and sessions). */
export function topMemberBars(members: TopMember[]): Slice[] {
  return members.map((m) => ({ name: m.name, value: m.sessions }));
}

/** A one-sentence reading of the top members, in the API's order (most sessions first). */
export function describeTopMembers(results: UserMetric[], limit = 10): string {
  const lead = results[0];
  if (!lead) return "Nobody was active in the range.";
  return `Of the members active in the range, the ${Math.min(limit, results.length)} with the most sessions (all time); ${lead.first_name} ${lead.last_name} leads with ${lead.total_sessions}.`;
}

/** The report's presets, as inclusive day ranges ending today (in the report's zone). */
export const PRESETS = [
  { id: "7d", label: "Last 7 days" },
  { id: "30d", label: "Last 30 days" },
  { id: "90d", label: "Last 90 days" },
  { id: "month", label: "This month" },
] as const;
export type PresetId = (typeof PRESETS)[number]["id"];
export const DEFAULT_PRESET: PresetId = "30d";

/** The report's range when the URL names none. */
export function defaultReportRange(
  now: Date,
  zone = DEFAULT_TIME_ZONE,
): { date_from: string; date_to: string } {
  return presetRange(DEFAULT_PRESET, now, zone);
}

/** A preset's days: "today" is today in `zone`, so the range ends on the day the API counts as today. */
export function presetRange(
  preset: PresetId,
  now: Date,
  zone = DEFAULT_TIME_ZONE,
): { date_from: string; date_to: string } {
  const date_to = todayIn(zone, now);
  const back = (n: number) => addDays(date_to, -n);
  switch (preset) {
    case "7d":
      return { date_from: back(6), date_to };
    case "30d":
      // The API's own default, so the report and the dashboard show the same days.
      return defaultWindow(now, zone);
    case "90d":
      return { date_from: back(89), date_to };
    case "month":
      return { date_from: `${date_to.slice(0, 7)}-01`, date_to };
  }
}

/** A one-sentence reading of the daily series, for screen readers and the chart's caption. */
export function describeDaily(points: DailyPoint[]): string {
  if (points.length === 0) return "No days in the range.";
  const busiest = points.reduce((a, b) => (b.activeUsers > a.activeUsers ? b : a));
  const sessions = points.reduce((a, p) => a + p.sessions, 0);
  const reading = `${sessions} sessions over ${points.length} days; the busiest day was ${busiest.label} with ${busiest.activeUsers} active users.`;
  if (!points.some((p) => p.previous)) return reading;
  const before = points.reduce((a, p) => a + (p.previous?.sessions ?? 0), 0);
  return `${reading} The previous period (dashed) had ${before} sessions.`;
}

/** One member's days, as the member page draws them. */
export function memberDailySeries(detail: UserMetricDetail): MemberDailyPoint[] {
  return detail.daily.map((d) => ({
    date: d.date,
    label: shortDate.format(new Date(`${d.date}T00:00:00Z`)),
    sessions: d.sessions,
    avgDuration: d.avg_session_duration,
  }));
}

/** A one-sentence reading of a member's days: how many sessions, on how many days, the busiest. */
export function describeMemberDaily(points: MemberDailyPoint[]): string {
  if (points.length === 0) return "No days in the range.";
  const sessions = points.reduce((a, p) => a + p.sessions, 0);
  const days = `${points.length} ${points.length === 1 ? "day" : "days"}`;
  if (sessions === 0) return `No sessions over ${days}.`;
  const active = points.filter((p) => p.sessions > 0).length;
  const busiest = points.reduce((a, b) => (b.sessions > a.sessions ? b : a));
  return `${sessions} ${sessions === 1 ? "session" : "sessions"} on ${active} of ${days}; the busiest day was ${busiest.label} with ${busiest.sessions}.`;
}
