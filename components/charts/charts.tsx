"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { COLORS } from "./colors";
import type { DailyPoint, MemberDailyPoint, Slice } from "./shape";

const GRID = "var(--chart-grid)";
const AXIS_LINE = "var(--input-border)";

const axis = { fontSize: 12, fill: "var(--fg-2)" };
/** The tooltip on the page's surface, in its text colour (recharts' default is white on white). */
const tooltip = {
  contentStyle: { background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 8 },
  labelStyle: { color: "var(--fg)" },
  itemStyle: { color: "var(--fg)" },
} as const;
const barCursor = { fill: "var(--subtle)" };
/** The day axis (named with the zone its days are counted in) and the count axis of the daily charts. */
const dayAxis = (zone: string) =>
  ({
    dataKey: "label",
    tick: axis,
    stroke: AXIS_LINE,
    minTickGap: 24,
    label: { value: `Day (${zone})`, position: "insideBottom", offset: -16, ...axis },
  }) as const;
const countAxis = (name: string) =>
  ({
    allowDecimals: false,
    tick: axis,
    stroke: AXIS_LINE,
    width: 48,
    label: { value: name, angle: -90, position: "insideLeft", ...axis },
  }) as const;

/** The previous period's lines: the same colour as the current one, dashed and thinner. */
const PREVIOUS = {
  strokeDasharray: "6 4",
  strokeWidth: 1.5,
  dot: false,
  isAnimationActive: false,
  // A plain line in the legend carries the dashes, so the legend tells the periods apart.
  legendType: "plainline",
} as const;

export function ActivityOverTimeChart({ data, zone }: { data: DailyPoint[]; zone: string }) {
  const compared = data.some((d) => d.previous);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 28, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis {...dayAxis(zone)} />
        <YAxis {...countAxis("Count")} />
        <Tooltip {...tooltip} cursor={{ stroke: AXIS_LINE }} />
        {/* Measured, not a fixed height: on a phone the four names wrap onto several lines. */}
        <Legend verticalAlign="top" />
        <Line
          type="monotone"
          dataKey="activeUsers"
          name="Active users"
          legendType="plainline"
          stroke={COLORS.blue}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="sessions"
          name="Sessions"
          legendType="plainline"
          stroke={COLORS.green}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        {compared && (
          <Line
            type="monotone"
            dataKey={(d: DailyPoint) => d.previous?.activeUsers}
            name="Active users (previous)"
            stroke={COLORS.blue}
            {...PREVIOUS}
          />
        )}
        {compared && (
          <Line
            type="monotone"
            dataKey={(d: DailyPoint) => d.previous?.sessions}
            name="Sessions (previous)"
            stroke={COLORS.green}
            {...PREVIOUS}
          />
        )}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Horizontal bars of named values: the breakdowns (members by …) and the top members. */
export function HorizontalBarChart({
  data,
  color,
  valueLabel,
  categoryLabel,
  categoryWidth = 96,
}: {
  data: Slice[];
  color: string;
  valueLabel: string;
  categoryLabel?: string;
  categoryWidth?: number;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        accessibilityLayer={false}
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
      >
        <CartesianGrid stroke={GRID} horizontal={false} />
        <XAxis
          type="number"
          allowDecimals={false}
          tick={axis}
          stroke={AXIS_LINE}
          label={{ value: valueLabel, position: "insideBottom", offset: -12, ...axis }}
        />
        <YAxis
          type="category"
          dataKey="name"
          tick={axis}
          stroke={AXIS_LINE}
          width={categoryWidth}
          label={
            categoryLabel ? { value: categoryLabel, angle: -90, position: "insideLeft", ...axis } : undefined
          }
        />
        <Tooltip {...tooltip} cursor={barCursor} />
        <Bar dataKey="value" name={valueLabel} fill={color} radius={[0, 4, 4, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Sessions per day as upright bars: one member's activity over the range. */
export function DailySessionsChart({ data, zone }: { data: MemberDailyPoint[]; zone: string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 28, left: 8 }}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis {...dayAxis(zone)} />
        <YAxis {...countAxis("Sessions")} />
        <Tooltip {...tooltip} cursor={barCursor} />
        <Bar
          dataKey="sessions"
          name="Sessions"
          fill={COLORS.green}
          radius={[4, 4, 0, 0]}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
