"use client";

import { DEFAULT_PRESET, PRESETS, type PresetId } from "@/components/charts/shape";
import { DateRangeFields } from "@/components/ui/date-range-fields";
import { TimeZoneSelect } from "@/components/ui/time-zone-select";
import { useReportState, useReportSummary } from "./use-report";

/** Preset chips, the From/To inputs and the zone, as controlled inputs. */
export function RangeFields({
  preset,
  from,
  to,
  zone,
  companyZone,
  onPreset,
  onDates,
  onZone,
}: {
  preset: PresetId | null;
  from: string;
  to: string;
  zone: string;
  companyZone: string;
  onPreset: (preset: PresetId) => void;
  onDates: (patch: { date_from?: string; date_to?: string }) => void;
  onZone: (zone: string) => void;
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
      <div className="zone-picker">
        <TimeZoneSelect
          id="r-zone"
          label="Time zone"
          value={zone}
          onChange={onZone}
          describedBy="r-zone-hint"
        />
        <span id="r-zone-hint" className="hint">
          {zone === companyZone ? "The company's zone." : `The company's is ${companyZone}.`}
        </span>
      </div>
    </form>
  );
}

/**
 * The range and zone bound to the URL; a date typed in turns the range shown into a custom one,
 * and the company's own zone is the URL without `timezone`.
 */
export function RangePicker({ companyId }: { companyId: string }) {
  const { range, preset, zone, companyZone, update } = useReportState();
  const window = useReportSummary(companyId).data?.window;
  return (
    <RangeFields
      preset={preset}
      from={range.date_from ?? window?.date_from ?? ""}
      to={range.date_to ?? window?.date_to ?? ""}
      zone={zone}
      companyZone={companyZone}
      onPreset={(id) => update({ range: id === DEFAULT_PRESET ? null : id, date_from: null, date_to: null })}
      onDates={(patch) =>
        update({ range: null, date_from: range.date_from ?? null, date_to: range.date_to ?? null, ...patch })
      }
      onZone={(next) => update({ timezone: next === companyZone ? null : next })}
    />
  );
}
