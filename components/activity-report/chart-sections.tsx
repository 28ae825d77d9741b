"use client";

import { ChartFrame } from "@/components/charts/chart-frame";
import { COLORS } from "@/components/charts/colors";
import { ActivityOverTimeChart, HorizontalBarChart } from "@/components/charts/lazy";
import {
  dailySeries,
  departmentSlices,
  describeDaily,
  describeSlices,
  describeTopMembers,
  roleSlices,
  statusSlices,
  topMemberBars,
  topMembers,
} from "@/components/charts/shape";
import { useReportState, useReportSummary, useTopMembers } from "./use-report";

export const DAILY_TITLE = "Daily active users and sessions";
export const DAILY_HEIGHT = 300;

/** The daily chart's table: our days, then the compared window's day drawn beside each. */
const DAILY_COLUMNS = [
  "Day",
  "Active users",
  "Sessions",
  "Avg. minutes",
  "Previous period's day",
  "Active users then",
  "Sessions then",
];

export function DailyActivitySection({ companyId }: { companyId: string }) {
  const summary = useReportSummary(companyId);
  const { zone } = useReportState();
  const daily = summary.data ? dailySeries(summary.data) : [];
  return (
    <ChartFrame
      id="daily"
      title={DAILY_TITLE}
      description={
        summary.data ? describeDaily(daily) : summary.error ? "Could not load the report." : "Loading…"
      }
      columns={DAILY_COLUMNS}
      rows={daily.map((d) => [
        d.date,
        d.activeUsers,
        d.sessions,
        d.avgMinutes,
        d.previous?.date ?? "—",
        d.previous?.activeUsers ?? "—",
        d.previous?.sessions ?? "—",
      ])}
      height={DAILY_HEIGHT}
    >
      {summary.data && <ActivityOverTimeChart data={daily} zone={summary.data.window.timezone ?? zone} />}
    </ChartFrame>
  );
}

/** The members active in the range, broken down one way; each chart's title, shape and colour. */
export const BREAKDOWNS = {
  status: { title: "by status", slices: statusSlices, color: COLORS.blue, label: "Status", height: 220 },
  role: { title: "by role", slices: roleSlices, color: COLORS.green, label: "Role", height: 220 },
  department: {
    title: "by department",
    slices: departmentSlices,
    color: COLORS.amber,
    label: "Department",
    height: 300,
  },
} as const;

export function BreakdownSection({ companyId, by }: { companyId: string; by: keyof typeof BREAKDOWNS }) {
  const { title, slices, color, label, height } = BREAKDOWNS[by];
  const summary = useReportSummary(companyId);
  const data = summary.data ? slices(summary.data) : [];
  return (
    <ChartFrame
      id={by}
      title={`Members active in this range, ${title}`}
      description={summary.data ? describeSlices(data) : "Loading…"}
      columns={[label, "Members"]}
      rows={data.map((d) => [d.name, d.value])}
      height={height}
    >
      {summary.data && (
        <HorizontalBarChart data={data} color={color} valueLabel="Members" categoryLabel={label} />
      )}
    </ChartFrame>
  );
}

export function TopMembersSection({ companyId }: { companyId: string }) {
  const top = useTopMembers(companyId);
  const members = top.data ? topMembers(top.data.results) : [];
  return (
    <ChartFrame
      id="top"
      title="Top members by sessions"
      description={
        top.error
          ? "Could not load the members."
          : top.data
            ? describeTopMembers(top.data.results)
            : "Loading…"
      }
      columns={["Member", "Email", "Sessions"]}
      rows={members.map((m) => [m.name, m.email, m.sessions])}
      height={340}
    >
      {top.data && (
        <HorizontalBarChart
          data={topMemberBars(members)}
          color={COLORS.violet}
          valueLabel="Sessions (all time)"
          categoryWidth={120}
        />
      )}
    </ChartFrame>
  );
}
