import type { UserMetricsSummary } from "@/lib/contracts/user-metrics";

const number = new Intl.NumberFormat("en");

/** The headline figures of the window, from the summary endpoint; fixed height while loading. */
export function KpiTiles({
  summary,
  inactiveFor,
  failed = false,
}: {
  summary: UserMetricsSummary | undefined;
  /** "Inactive for": the listed members are the inactive ones, not those active in the window. */
  inactiveFor?: number;
  failed?: boolean;
}) {
  const tiles = [
    {
      label: "Members",
      value: summary && number.format(summary.company_members.total),
      note: "in the company",
    },
    {
      label: inactiveFor ? "Inactive" : "Active in window",
      value: summary && number.format(summary.activity.listed_members),
      note: inactiveFor ? `no activity in ${inactiveFor} days` : "last active in the range",
    },
    {
      label: "Sessions",
      value: summary && number.format(summary.activity.sessions),
      // With "Inactive for" the date range does not apply: the summary counts the inactive
      // members' sessions in its default window, which it names.
      note: inactiveFor
        ? `theirs, ${summary ? `${summary.window.date_from} to ${summary.window.date_to}` : "default window"}`
        : "started in the range",
    },
    { label: "Avg. session", value: summary?.activity.avg_session_duration, note: "hh:mm:ss" },
  ];
  return (
    <section className="kpis" aria-label="Key figures">
      {tiles.map((t) => (
        <div key={t.label} className="kpi" aria-busy={!summary && !failed}>
          <p className="kpi-label">{t.label}</p>
          <p className="kpi-value">
            {t.value ?? (failed ? "—" : <span className="skeleton-text" aria-hidden="true" />)}
          </p>
          <p className="kpi-note">{t.note}</p>
        </div>
      ))}
    </section>
  );
}
