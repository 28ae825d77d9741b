import type { MemberActivity } from "@/db/queries/member-detail";
import type { UserMetricRow } from "@/db/queries/user-metrics";
import { formatDuration, isoSeconds } from "@/lib/format";
import type { UserMetricDetail } from "@/lib/contracts/user-metrics";
import { toUserMetric } from "./serialize";

/** A member's detail: their list row's fields, then the window's days and their latest sessions. */
export function toUserMetricDetail(row: UserMetricRow, activity: MemberActivity): UserMetricDetail {
  return {
    ...toUserMetric(row),
    daily: activity.daily.map((d) => ({
      date: d.day,
      sessions: d.sessions,
      // The rounded mean of the day's sessions, as the summary's daily series rounds it.
      avg_session_duration: formatDuration(d.sessions > 0 ? Math.round(d.duration_seconds / d.sessions) : 0),
    })),
    recent_sessions: activity.recent.map((s) => ({
      id: s.id,
      started_at: isoSeconds(new Date(s.started_at * 1000)),
      ended_at: isoSeconds(new Date(s.ended_at * 1000)),
      duration: formatDuration(s.duration_seconds),
    })),
  };
}
