"use client";

import { describeChange, formatDay, formatShare } from "@/components/charts/trends";
import { MAU_DAYS, WAU_DAYS } from "@/lib/contracts/user-metrics-constants";
import type { UserMetricsSummary } from "@/lib/hooks";
import { useReportSummary } from "./use-report";

const number = new Intl.NumberFormat("en");

type Tile = { label: string; value: string | undefined; change?: number | null; note: string };

/** The tile's change: symbols for the eye, words for screen readers ("up 25 % from the previous period"). */
function ChangeLine({ change }: { change: number | null }) {
  const { direction, short, spoken } = describeChange(change);
  return (
    <p className={`kpi-change change-${direction}`} data-testid="change">
      {direction === "none" ? (
        short
      ) : (
        <>
          <span aria-hidden="true">{short}</span>
          <span className="visually-hidden">{spoken}</span>
        </>
      )}
    </p>
  );
}

/** A row of figure tiles under a heading; placeholders of the same size until the summary is in. */
function Tiles({
  id,
  title,
  tiles,
  loading,
  failed,
}: {
  id: string;
  title: string;
  tiles: Tile[];
  loading: boolean;
  failed: boolean;
}) {
  return (
    <section className="figure-group" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div className={`kpis kpis-${tiles.length}`}>
        {tiles.map((t) => (
          <div key={t.label} className="kpi" aria-busy={loading} data-testid={`tile-${t.label}`}>
            <p className="kpi-label">{t.label}</p>
            <p className="kpi-value">
              {t.value ?? (failed ? "—" : <span className="skeleton-text" aria-hidden="true" />)}
            </p>
            {"change" in t &&
              (t.change === undefined ? (
                <p className="kpi-change" aria-hidden="true">
                  {" "}
                </p>
              ) : (
                <ChangeLine change={t.change} />
              ))}
            <p className="kpi-note">{t.note}</p>
          </div>
        ))}
      </div>
    </section>
  );
}

/** Active users, sessions and the average session of the range, each with its change. */
export function HeadlineTiles({
  summary,
  failed = false,
}: {
  summary?: UserMetricsSummary;
  failed?: boolean;
}) {
  const before = summary?.comparison?.activity;
  const change = summary?.change;
  const was = (value: string | undefined) => (value === undefined ? " " : `${value} in the previous period`);
  const tiles: Tile[] = [
    {
      label: "Active users",
      value: summary && number.format(summary.activity.active_users),
      change: change?.active_users,
      note: was(before && number.format(before.active_users)),
    },
    {
      label: "Sessions",
      value: summary && number.format(summary.activity.sessions),
      change: change?.sessions,
      note: was(before && number.format(before.sessions)),
    },
    {
      label: "Avg. session",
      value: summary?.activity.avg_session_duration,
      change: change?.avg_session_seconds,
      note: was(before?.avg_session_duration),
    },
  ];
  return (
    <Tiles
      id="headline"
      title="Compared with the previous period"
      tiles={tiles}
      loading={!summary && !failed}
      failed={failed}
    />
  );
}

/** DAU, WAU, MAU and stickiness around the range's last day. */
export function EngagementTiles({
  summary,
  failed = false,
}: {
  summary?: UserMetricsSummary;
  failed?: boolean;
}) {
  const e = summary?.engagement;
  const last = summary ? formatDay(summary.window.date_to) : "the last day";
  const tiles: Tile[] = [
    { label: "DAU", value: e && number.format(e.dau), note: `active on ${last}` },
    { label: "WAU", value: e && number.format(e.wau), note: `active in the ${WAU_DAYS} days to ${last}` },
    { label: "MAU", value: e && number.format(e.mau), note: `active in the ${MAU_DAYS} days to ${last}` },
    {
      label: "Stickiness",
      value: e && formatShare(e.stickiness),
      note: `average DAU over those ${MAU_DAYS} days ÷ MAU`,
    },
  ];
  return (
    <Tiles id="engagement" title="Engagement" tiles={tiles} loading={!summary && !failed} failed={failed} />
  );
}

export function ReportFigures({ companyId }: { companyId: string }) {
  const summary = useReportSummary(companyId);
  return (
    <>
      <HeadlineTiles summary={summary.data} failed={!!summary.error} />
      <EngagementTiles summary={summary.data} failed={!!summary.error} />
    </>
  );
}
