"use client";

import type { UserMetricsRetention } from "@/lib/contracts/user-metrics";
import { cohortName, describeRetention, formatShare, heatCellStyle } from "@/components/charts/trends";
import {
  DEFAULT_RETENTION_PERIODS,
  RETENTION_PERIODS,
  type RetentionPeriod,
} from "@/lib/contracts/user-metrics-constants";
import { useReportRetention, useReportState } from "./use-report";

const PERIOD_LABEL: Record<RetentionPeriod, { chip: string; one: string; column: (n: number) => string }> = {
  week: { chip: "Weekly", one: "week", column: (n) => `Week ${n}` },
  month: { chip: "Monthly", one: "month", column: (n) => `Month ${n}` },
};

/** Week or month, as chips bound to the URL (`retention`, absent = week). */
export function PeriodSwitch({
  period,
  onChange,
}: {
  period: RetentionPeriod;
  onChange: (period: RetentionPeriod) => void;
}) {
  return (
    <div className="presets period-switch" role="group" aria-label="Cohorts by">
      {RETENTION_PERIODS.map((p) => (
        <button
          key={p}
          type="button"
          className="chip"
          aria-pressed={period === p}
          onClick={() => onChange(p)}
        >
          {PERIOD_LABEL[p].chip}
        </button>
      ))}
    </div>
  );
}

/** One share as a heat-map cell: its background by the share, its text black or white for contrast. */
function ShareCell({ share }: { share: number | undefined }) {
  if (share === undefined)
    return (
      <td className="heat-cell not-yet">
        <span aria-hidden="true">·</span>
        <span className="visually-hidden">not begun</span>
      </td>
    );
  return (
    <td className="heat-cell" style={heatCellStyle(share)}>
      {formatShare(share)}
    </td>
  );
}

const retentionCaption = (one: string, zone: string | undefined) =>
  `Share of each cohort (members who joined in the same ${one}) with a session in each ${one} since${zone ? `, counted in ${zone}` : ""}.`;

/**
 * The cohorts as a table that is its own heat map: a row per cohort (the week or month its members
 * joined), a column per period since, each cell the share of the cohort active in it. A real table
 * (caption, header cells with their scope), so screen readers read it as one.
 */
export function RetentionTable({
  period,
  retention,
  failed,
}: {
  period: RetentionPeriod;
  retention: UserMetricsRetention | undefined;
  failed?: boolean;
}) {
  const label = PERIOD_LABEL[period];
  const rows = retention?.cohorts.length ?? DEFAULT_RETENTION_PERIODS;
  const columns = retention?.periods ?? DEFAULT_RETENTION_PERIODS;
  return (
    <>
      <p className="hint" aria-hidden="true">
        {retentionCaption(label.one, retention?.timezone)}
      </p>
      <div className="table-wrap retention-wrap" tabIndex={0} role="region" aria-label="Retention by cohort">
        <table className="retention-table" data-testid="retention-table" aria-busy={!retention && !failed}>
          {/* Its name for screen readers; the same words are shown above the scroller, where they wrap. */}
          <caption className="visually-hidden">{retentionCaption(label.one, retention?.timezone)}</caption>
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col" className="numeric">
                Members
              </th>
              {Array.from({ length: columns }, (_, n) => (
                <th key={n} scope="col" className="numeric">
                  {label.column(n)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => {
              const cohort = retention?.cohorts[i];
              if (!cohort)
                return (
                  <tr key={i} aria-hidden="true">
                    <th scope="row">
                      <span className="skeleton-text" />
                    </th>
                    {Array.from({ length: columns + 1 }, (_, n) => (
                      <td key={n}>{failed ? "—" : <span className="skeleton-text small" />}</td>
                    ))}
                  </tr>
                );
              return (
                <tr key={cohort.cohort_start}>
                  <th scope="row">
                    <time dateTime={cohort.cohort_start}>
                      {cohortName(cohort.cohort_start, period, true)}
                    </time>
                  </th>
                  <td className="numeric">{cohort.size}</td>
                  {Array.from({ length: columns }, (_, n) =>
                    cohort.size === 0 && n < cohort.retained.length ? (
                      <td key={n} className="heat-cell not-yet">
                        <span aria-hidden="true">–</span>
                        <span className="visually-hidden">no members</span>
                      </td>
                    ) : (
                      <ShareCell key={n} share={cohort.retained[n]} />
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function RetentionSection({ companyId }: { companyId: string }) {
  const { retention: period, update } = useReportState();
  const retention = useReportRetention(companyId);
  return (
    <RetentionPanel
      period={period}
      onPeriod={(p) => update({ retention: p === "week" ? null : p })}
      retention={retention.data}
      failed={!!retention.error}
    />
  );
}

/** The section's frame: title, reading, period switch, the table; the skeleton draws it empty. */
export function RetentionPanel({
  period,
  onPeriod,
  retention,
  failed,
  inert,
}: {
  period: RetentionPeriod;
  onPeriod: (period: RetentionPeriod) => void;
  retention: UserMetricsRetention | undefined;
  failed?: boolean;
  /** The loading state's copy: seen, not used. */
  inert?: boolean;
}) {
  return (
    <section
      className="panel chart retention"
      aria-labelledby="retention-title"
      data-testid="retention"
      inert={inert}
    >
      <div className="retention-head">
        <div>
          <h2 id="retention-title">Retention by cohort</h2>
          <p className="muted">
            {retention ? describeRetention(retention) : failed ? "Could not load the retention." : "Loading…"}
          </p>
        </div>
        <PeriodSwitch period={period} onChange={onPeriod} />
      </div>
      <RetentionTable period={period} retention={retention} failed={failed} />
      <p className="hint">
        The more strongly blue a cell, the larger the share of the cohort still active. “·”: not begun yet.
      </p>
    </section>
  );
}
