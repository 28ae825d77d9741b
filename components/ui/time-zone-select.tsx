"use client";

import { useId, useMemo, useState } from "react";
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

/** What a search matches: any part of the name, ignoring case, spaces for underscores. */
const matches = (option: ZoneOption, query: string) =>
  option.label.toLowerCase().includes(query.trim().toLowerCase().replaceAll("_", " "));

/**
 * A select of IANA zones, each with its current offset; `searchable` adds a box that narrows the
 * list (the chosen zone always stays in it). It holds only the chosen zone until someone reaches
 * for it (focus, a press, a search): working out hundreds of zones' offsets and drawing their
 * options is then not part of the page's load (it was most of the settings page's blocking time),
 * and the list comes from the browser's Intl, never the server's, so nothing differs at hydration.
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
  const [wanted, setWanted] = useState(false);
  const want = () => setWanted(true);
  const [query, setQuery] = useState("");
  const searchId = useId();
  const options = useMemo(() => {
    if (!wanted) return [{ name: value, label: value.replaceAll("_", " ") }];
    const all = zoneOptions();
    const shown = query ? all.filter((o) => o.name === value || matches(o, query)) : all;
    // A zone this browser does not list (an older alias, say) is still the chosen one.
    return shown.some((o) => o.name === value) ? shown : [{ name: value, label: value }, ...shown];
  }, [wanted, query, value]);
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
            onFocus={want}
            onChange={(e) => {
              want();
              setQuery(e.target.value);
            }}
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
        // Before the browser opens its list: a press or a key arrives with focus, or just before.
        onFocus={want}
        onPointerDown={want}
        onKeyDown={want}
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
