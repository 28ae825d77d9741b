"use client";

import { DEFAULT_PRESET, PRESETS, type PresetId } from "@/components/charts/shape";
import { DateRangeFields } from "@/components/ui/date-range-fields";
import { useReportState, useReportSummary } from "./use-report";

/** Preset chips and the From/To inputs, as controlled inputs. */
export function RangeFields({
  preset,
  from,
  to,
  onPreset,
  onDates,
}: {
  preset: PresetId | null;
  from: string;
  to: string;
  onPreset: (preset: PresetId) => void;
  onDates: (patch: { date_from?: string; date_to?: string }) => void;
}) {
  return (
    <form className="filters range-picker" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
      <fieldset className="presets">
        <legend>Range</legend>
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="chip"
            aria-pressed={preset === p.id}
            onClick={() => onPreset(p.id)}
          >
            {p.label}
          </button>
        ))}
      </fieldset>
      <DateRangeFields idPrefix="r" from={from} to={to} onChange={onDates} />
    </form>
  );
}

/** The range bound to the URL; a date typed in turns the range shown into a custom one. */
export function RangePicker({ companyId }: { companyId: string }) {
  const { range, preset, update } = useReportState();
  const window = useReportSummary(companyId).data?.window;
  return (
    <RangeFields
      preset={preset}
      from={range.date_from ?? window?.date_from ?? ""}
      to={range.date_to ?? window?.date_to ?? ""}
      onPreset={(id) => update({ range: id === DEFAULT_PRESET ? null : id, date_from: null, date_to: null })}
      onDates={(patch) =>
        update({ range: null, date_from: range.date_from ?? null, date_to: range.date_to ?? null, ...patch })
      }
    />
  );
}
