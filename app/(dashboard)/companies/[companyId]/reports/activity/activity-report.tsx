"use client";

import { ChartFrame } from "@/components/charts/chart-frame";
import { ActivityOverTimeChart, COLORS, HorizontalBarChart } from "@/components/charts/charts";
import {
  dailySeries,
  DEFAULT_PRESET,
  defaultReportRange,
  departmentSlices,
  describeDaily,
  PRESETS,
  presetRange,
  roleSlices,
  statusSlices,
  topMembers,
  type PresetId,
} from "@/components/charts/shape";
import { DateRangeFields } from "@/components/ui/date-range-fields";
import { ErrorAlert } from "@/components/user-metrics/states";
import { useUrlParams } from "@/components/user-metrics/use-url-params";
import { useUserMetrics, useUserMetricsSummary } from "@/lib/hooks";

/** The activity report: a date range (presets or custom) and the charts for it. */
export function ActivityReport({ companyId }: { companyId: string }) {
  const { params, update } = useUrlParams();
  const preset = (PRESETS.find((p) => p.id === params.get("range"))?.id ?? null) as PresetId | null;
  const custom = { date_from: params.get("date_from") ?? "", date_to: params.get("date_to") ?? "" };
  const range =
    custom.date_from || custom.date_to
      ? { date_from: custom.date_from || undefined, date_to: custom.date_to || undefined }
      : preset
        ? presetRange(preset, new Date())
        : defaultReportRange(new Date());
  const activePreset = custom.date_from || custom.date_to ? null : (preset ?? DEFAULT_PRESET);

  const summary = useUserMetricsSummary(companyId, range);
  const top = useUserMetrics(companyId, { ...range, ordering: "-total_sessions", page_size: 10 });
  const s = summary.data;
  const daily = s ? dailySeries(s) : [];

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Activity report</h1>
          <p className="muted">
            {s
              ? `From ${s.window.date_from} to ${s.window.date_to} (${s.window.days} days), UTC.`
              : "Loading…"}
          </p>
        </div>
      </div>

      <form className="filters range-picker" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="presets">
          <legend>Range</legend>
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className="chip"
              aria-pressed={activePreset === p.id}
              onClick={() =>
                update({ range: p.id === DEFAULT_PRESET ? null : p.id, date_from: null, date_to: null })
              }
            >
              {p.label}
            </button>
          ))}
        </fieldset>
        <DateRangeFields
          idPrefix="r"
          from={range.date_from ?? s?.window.date_from ?? ""}
          to={range.date_to ?? s?.window.date_to ?? ""}
          onChange={(patch) =>
            update({
              range: null,
              date_from: range.date_from ?? null,
              date_to: range.date_to ?? null,
              ...patch,
            })
          }
        />
      </form>

      {summary.error && <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />}
      {top.error && <ErrorAlert error={top.error} onRetry={() => top.refetch()} />}

      <div className="charts">
        <ChartFrame
          id="daily"
          title="Daily active users and sessions"
          description={s ? describeDaily(daily) : summary.error ? "Could not load the report." : "Loading…"}
          columns={["Day", "Active users", "Sessions", "Avg. minutes"]}
          rows={daily.map((d) => [d.date, d.activeUsers, d.sessions, d.avgMinutes])}
          height={300}
        >
          {s && <ActivityOverTimeChart data={daily} />}
        </ChartFrame>

        {(
          [
            [
              "status",
              "Members active in this range, by status",
              s ? statusSlices(s) : [],
              COLORS.blue,
              "Status",
            ],
            ["role", "Members active in this range, by role", s ? roleSlices(s) : [], COLORS.green, "Role"],
            [
              "department",
              "Members active in this range, by department",
              s ? departmentSlices(s) : [],
              COLORS.amber,
              "Department",
            ],
          ] as const
        ).map(([id, title, data, color, label]) => (
          <ChartFrame
            key={id}
            id={id}
            title={title}
            description={s ? data.map((d) => `${d.name}: ${d.value}`).join(", ") + "." : "Loading…"}
            columns={[label, "Members"]}
            rows={data.map((d) => [d.name, d.value])}
            height={id === "department" ? 300 : 220}
          >
            {s && (
              <HorizontalBarChart data={[...data]} color={color} valueLabel="Members" categoryLabel={label} />
            )}
          </ChartFrame>
        ))}

        <ChartFrame
          id="top"
          title="Top members by sessions"
          description={
            top.error
              ? "Could not load the members."
              : top.data
                ? top.data.results.length
                  ? `Of the members active in the range, the ${Math.min(10, top.data.results.length)} with the most sessions (all time); ${top.data.results[0]!.first_name} ${top.data.results[0]!.last_name} leads with ${top.data.results[0]!.total_sessions}.`
                  : "Nobody was active in the range."
                : "Loading…"
          }
          columns={["Member", "Email", "Sessions"]}
          rows={top.data ? topMembers(top.data.results).map((m) => [m.name, m.email, m.sessions]) : []}
          height={340}
        >
          {top.data && (
            <HorizontalBarChart
              data={topMembers(top.data.results).map((m) => ({ name: m.name, value: m.sessions }))}
              color={COLORS.violet}
              valueLabel="Sessions (all time)"
              categoryWidth={120}
            />
          )}
        </ChartFrame>
      </div>
    </>
  );
}
