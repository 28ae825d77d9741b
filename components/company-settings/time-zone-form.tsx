"use client";

import { useId, useState } from "react";
import { formatDay, offsetLabel } from "@/components/charts/trends";
import { TimeZoneSelect } from "@/components/ui/time-zone-select";
import { ErrorAlert } from "@/components/user-metrics/states";
import type { CompanyResponse } from "@/lib/hooks";
import { useCompany, useUpdateCompany } from "@/lib/hooks";
import { offsetMinutes, todayIn } from "@/lib/time/zones";

/** A zone as the page describes it: its offset now, and today's date there. */
function zoneFacts(zone: string, now: Date) {
  try {
    return { offset: offsetLabel(offsetMinutes(now, zone)), today: formatDay(todayIn(zone, now)) };
  } catch {
    // A zone this browser does not know: the server does, and says the rest.
    return { offset: "—", today: "—" };
  }
}

/**
 * The company's time zone: what it is, a searchable choice of another, and Save. A 400's message
 * is shown by the field it is about; any other failure above the button, with the API's words.
 */
export function TimeZoneForm({ company: initial }: { company: CompanyResponse }) {
  const id = useId();
  const company = useCompany(initial.id, initial).data ?? initial;
  const update = useUpdateCompany(initial.id);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const chosen = draft ?? company.timezone;
  const now = new Date();
  const current = zoneFacts(company.timezone, now);
  const next = zoneFacts(chosen, now);
  const fieldError = update.error?.errors?.timezone;
  const otherError = update.error && !fieldError ? update.error : null;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    update.mutate(
      { timezone: chosen },
      {
        onSuccess: (result) => {
          setDraft(null);
          setSaved(result.timezone);
        },
      },
    );
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <form className="settings-form" onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>Time zone</h2>
        <dl className="settings-current" data-testid="current-zone">
          <dt>Current zone</dt>
          <dd>{company.timezone}</dd>
          <dt>Offset now</dt>
          <dd>{current.offset}</dd>
          <dt>Today there</dt>
          <dd>{current.today}</dd>
        </dl>
        <TimeZoneSelect
          id={`${id}-zone`}
          label="Company time zone"
          value={chosen}
          onChange={(zone) => {
            update.reset();
            setSaved(null);
            setDraft(zone);
          }}
          searchable
          describedBy={`${id}-zone-hint${fieldError ? ` ${id}-zone-error` : ""}`}
          invalid={!!fieldError}
        />
        <p id={`${id}-zone-hint`} className="hint">
          {chosen === company.timezone
            ? "Choose another zone to change it."
            : `${chosen}: ${next.offset} now, today is ${next.today} there.`}
        </p>
        {fieldError && (
          <p id={`${id}-zone-error`} className="form-error" role="alert">
            {fieldError.join(" ")}
          </p>
        )}
        <p className="notice">
          Days start at midnight in this zone: the dashboard, the report, the member pages, the CSV export and
          the API count their days, months and “inactive for” in it. Changing it recomputes the company&apos;s
          figures, so daily numbers may move between days.
        </p>
        {otherError && <ErrorAlert error={otherError} title="Could not save the time zone." />}
        <div className="actions">
          <button
            type="submit"
            className="button primary"
            disabled={update.isPending || chosen === company.timezone}
          >
            {update.isPending ? "Saving…" : "Save"}
          </button>
        </div>
        <p className="status-line" role="status">
          {saved && `Saved: the company's days are now counted in ${saved}, and its figures were recomputed.`}
        </p>
      </form>
    </section>
  );
}
