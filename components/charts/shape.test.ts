import { describe, expect, it } from "vitest";
import type { UserMetricDetail, UserMetricsSummary } from "@/lib/contracts/user-metrics";
import { parseUserMetricsQuery } from "@/lib/contracts/user-metrics";
import {
  dailySeries,
  defaultReportRange,
  departmentSlices,
  memberDailySeries,
  describeDaily,
  describeMemberDaily,
  describeSlices,
  describeTopMembers,
  presetRange,
  roleSlices,
  statusSlices,
  topMemberBars,
  topMembers,
} from "./shape";

const summary: UserMetricsSummary = {
  company_id: "c",
  window: { date_from: "2025-07-01", date_to: "2025-07-02", days: 2, timezone: "UTC" },
  status: null,
  members: {
    total: 6,
    by_status: { active: 4, inactive: 1, pending: 1 },
    by_role: { owner: 1, admin: 1, member: 3, viewer: 1 },
    by_department: [
      { department: "Engineering", members: 4 },
      { department: null, members: 2 },
    ],
  },
  engagement: { dau: 1, wau: 1, mau: 1, stickiness: 0.033 },
  company_members: {
    total: 8,
    by_status: { active: 5, inactive: 2, pending: 1 },
    by_role: { owner: 1, admin: 1, member: 5, viewer: 1 },
    by_department: [
      { department: "Engineering", members: 5 },
      { department: null, members: 3 },
    ],
  },
  activity: {
    listed_members: 4,
    active_users: 4,
    sessions: 9,
    avg_session_duration: "00:20:00",
    avg_session_seconds: 1200,
  },
  daily: [
    {
      date: "2025-07-01",
      active_users: 3,
      sessions: 5,
      avg_session_duration: "00:15:00",
      avg_session_seconds: 900,
    },
    {
      date: "2025-07-02",
      active_users: 4,
      sessions: 4,
      avg_session_duration: "00:25:30",
      avg_session_seconds: 1530,
    },
  ],
};

describe("chart shaping", () => {
  it("turns the daily series into points with short labels and minutes", () => {
    expect(dailySeries(summary)).toEqual([
      { date: "2025-07-01", label: "1 Jul", activeUsers: 3, sessions: 5, avgMinutes: 15 },
      { date: "2025-07-02", label: "2 Jul", activeUsers: 4, sessions: 4, avgMinutes: 25.5 },
    ]);
    expect(describeDaily(dailySeries(summary))).toBe(
      "9 sessions over 2 days; the busiest day was 2 Jul with 4 active users.",
    );
  });

  it("puts the compared window's days beside ours, by day index", () => {
    const before = summary.daily.map((d, i) => ({ ...d, date: `2025-06-${29 + i}`, sessions: 10 + i }));
    const compared = {
      ...summary,
      comparison: { window: { ...summary.window }, activity: summary.activity, daily: before },
    };
    const points = dailySeries(compared);
    expect(points.map((p) => p.previous)).toEqual([
      { date: "2025-06-29", activeUsers: 3, sessions: 10 },
      { date: "2025-06-30", activeUsers: 4, sessions: 11 },
    ]);
    expect(describeDaily(points)).toBe(
      "9 sessions over 2 days; the busiest day was 2 Jul with 4 active users. The previous period (dashed) had 21 sessions.",
    );
  });

  it("turns a member's days into points and reads them out", () => {
    const daily: UserMetricDetail["daily"] = [
      { date: "2025-07-01", sessions: 0, avg_session_duration: "00:00:00" },
      { date: "2025-07-02", sessions: 3, avg_session_duration: "00:12:20" },
      { date: "2025-07-03", sessions: 1, avg_session_duration: "01:00:00" },
    ];
    const points = memberDailySeries({ daily } as UserMetricDetail);
    expect(points[1]).toEqual({ date: "2025-07-02", label: "2 Jul", sessions: 3, avgDuration: "00:12:20" });
    expect(describeMemberDaily(points)).toBe("4 sessions on 2 of 3 days; the busiest day was 2 Jul with 3.");
    expect(describeMemberDaily(points.slice(0, 1))).toBe("No sessions over 1 day.");
    expect(describeMemberDaily([])).toBe("No days in the range.");
  });

  it("names the breakdowns, with Unassigned for no department", () => {
    expect(statusSlices(summary)).toEqual([
      { name: "Active", value: 4 },
      { name: "Inactive", value: 1 },
      { name: "Pending", value: 1 },
    ]);
    expect(roleSlices(summary).map((s) => s.name)).toEqual(["Owner", "Admin", "Member", "Viewer"]);
    expect(departmentSlices(summary)).toEqual([
      { name: "Engineering", value: 4 },
      { name: "Unassigned", value: 2 },
    ]);
  });

  it("keeps the top members in the API's order", () => {
    const user = (n: number) =>
      ({ first_name: "A", last_name: String(n), email: `${n}@x`, total_sessions: 100 - n }) as never;
    expect(topMembers([user(1), user(2), user(3)], 2)).toEqual([
      { name: "A 1", email: "1@x", sessions: 99 },
      { name: "A 2", email: "2@x", sessions: 98 },
    ]);
  });

  it("reads out the breakdowns and the top members in a sentence", () => {
    expect(describeSlices(statusSlices(summary))).toBe("Active: 4, Inactive: 1, Pending: 1.");
    const user = (n: number) =>
      ({ first_name: "A", last_name: String(n), email: `${n}@x`, total_sessions: 100 - n }) as never;
    expect(describeTopMembers([user(1), user(2)])).toBe(
      "Of the members active in the range, the 2 with the most sessions (all time); A 1 leads with 99.",
    );
    expect(describeTopMembers([])).toBe("Nobody was active in the range.");
    expect(topMemberBars(topMembers([user(1)]))).toEqual([{ name: "A 1", value: 99 }]);
  });

  it("computes presets as inclusive day ranges ending today", () => {
    const today = new Date("2025-07-13T15:30:00Z");
    expect(presetRange("7d", today)).toEqual({ date_from: "2025-07-07", date_to: "2025-07-13" });
    expect(presetRange("30d", today)).toEqual({ date_from: "2025-06-13", date_to: "2025-07-13" });
    expect(presetRange("90d", today)).toEqual({ date_from: "2025-04-15", date_to: "2025-07-13" });
    expect(presetRange("month", today)).toEqual({ date_from: "2025-07-01", date_to: "2025-07-13" });
    // Still the 30th of June in Los Angeles: the month is June.
    const early = new Date("2025-07-01T03:00:00Z");
    expect(presetRange("month", early, "America/Los_Angeles")).toEqual({
      date_from: "2025-06-01",
      date_to: "2025-06-30",
    });
    expect(presetRange("7d", early, "Asia/Tokyo")).toEqual({
      date_from: "2025-06-25",
      date_to: "2025-07-01",
    });
  });

  it("opens on the API's default window, so the report and the dashboard show the same days", () => {
    for (const now of [
      "2026-12-01T10:00:00Z",
      "2026-03-01T00:00:00Z",
      "2024-02-29T23:59:59Z",
      "2026-01-01T12:00:00Z",
    ]) {
      const today = new Date(now);
      // The dashboard sends no dates: the API's defaults (in the company's zone) are what it shows.
      for (const timezone of ["UTC", "America/New_York", "Pacific/Kiritimati"]) {
        const api = parseUserMetricsQuery(new URLSearchParams(), today, { timezone });
        expect(defaultReportRange(today, timezone), `${now} ${timezone}`).toEqual({
          date_from: api.dateFrom,
          date_to: api.dateTo,
        });
      }
    }
    expect(defaultReportRange(new Date("2026-12-01T10:00:00Z"))).toEqual({
      date_from: "2026-11-01",
      date_to: "2026-12-01",
    });
  });
});
