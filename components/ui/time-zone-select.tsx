"use client";

import { useId, useMemo, useState, useSyncExternalStore } from "react";
import { offsetLabel } from "@/components/charts/trends";
import { offsetMinutes, timeZoneNames } from "@/lib/time/zones";

type ZoneOption = { name: string; label: string };

let cached: ZoneOption[] | null = null;
/** Every zone the browser knows, with its offset now; worked out once per page load (hundreds of zones). */
function zoneOptions(): ZoneOption[] {
  if (!cached) {
    const now = new Date();
    cached = timeZoneNames().map((name) => ({
      name,
      label: `${name.replaceAll("_", " ")} (${offsetLabel(offsetMinutes(now, name))})`,
    }));
  }
  return cached;
}

const noop = () => () => {};
/**
 * False on the server and during hydration, true after: the zone list comes from the browser's
 * Intl, which need not be the server's, so it is drawn only once the page is the browser's.
 */
const useHydrated = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );

/** What a search matches: any part of the name, ignoring case, spaces for underscores. */
const matches = (option: ZoneOption, query: string) =>
  option.label.toLowerCase().includes(query.trim().toLowerCase().replaceAll("_", " "));

/**
 * A select of IANA zones, each with its current offset; `searchable` adds a box that narrows the
 * list (the chosen zone always stays in it). Until hydration it holds only the chosen zone.
 */
export function TimeZoneSelect({
  id,
  label,
  value,
  onChange,
  searchable = false,
  describedBy,
  invalid,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (zone: string) => void;
  searchable?: boolean;
  describedBy?: string;
  invalid?: boolean;
}) {
  const hydrated = useHydrated();
  const [query, setQuery] = useState("");
  const searchId = useId();
  const options = useMemo(() => {
    if (!hydrated) return [{ name: value, label: value.replaceAll("_", " ") }];
    const all = zoneOptions();
    const shown = query ? all.filter((o) => o.name === value || matches(o, query)) : all;
    // A zone this browser does not list (an older alias, say) is still the chosen one.
    return shown.some((o) => o.name === value) ? shown : [{ name: value, label: value }, ...shown];
  }, [hydrated, query, value]);
  const found = options.filter((o) => o.name !== value).length;

  return (
    <div className="field time-zone-field">
      {searchable && (
        <>
          <label htmlFor={searchId}>Search time zones</label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="e.g. Berlin, New York, Tokyo"
            autoComplete="off"
            aria-describedby={`${searchId}-count`}
          />
          <span id={`${searchId}-count`} className="hint" aria-live="polite">
            {query ? `${found} ${found === 1 ? "zone matches" : "zones match"} “${query.trim()}”.` : " "}
          </span>
        </>
      )}
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
      >
        {options.map((o) => (
          <option key={o.name} value={o.name}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
