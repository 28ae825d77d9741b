"use client";

import { ChartFrame } from "@/components/charts/chart-frame";
import { BREAKDOWNS, DAILY_HEIGHT, DAILY_TITLE } from "./chart-sections";
import { EngagementTiles, HeadlineTiles } from "./figures";
import { RangeFields } from "./range-picker";
import { ReportHeading } from "./report-header";
import { RetentionPanel } from "./retention";
import { useReportState } from "./use-report";

const idle = () => {};

/** One chart's frame, empty, at the height the section gives it. */
function EmptyChart({ id, title, height }: { id: string; title: string; height: number }) {
  return (
    <ChartFrame id={id} title={title} description="Loading…" columns={[]} rows={[]} height={height}>
      {null}
    </ChartFrame>
  );
}

/**
 * The report before its data: heading, the URL's range and zone (inert), the tiles' and every
 * chart's frame at its size, so nothing moves when the page replaces it. It asks for no data.
 */
export function ReportSkeleton() {
  const { range, preset, zone, companyZone, retention } = useReportState();
  return (
    <>
      <ReportHeading summary={undefined} />
      <div inert>
        <RangeFields
          preset={preset}
          from={range.date_from ?? ""}
          to={range.date_to ?? ""}
          zone={zone}
          companyZone={companyZone}
          onPreset={idle}
          onDates={idle}
          onZone={idle}
        />
      </div>
      <HeadlineTiles />
      <EngagementTiles />
      <div className="charts">
        <EmptyChart id="daily" title={DAILY_TITLE} height={DAILY_HEIGHT} />
        <RetentionPanel period={retention} onPeriod={idle} retention={undefined} inert />
        {(Object.keys(BREAKDOWNS) as (keyof typeof BREAKDOWNS)[]).map((by) => (
          <EmptyChart
            key={by}
            id={by}
            title={`Members active in this range, ${BREAKDOWNS[by].title}`}
            height={BREAKDOWNS[by].height}
          />
        ))}
        <EmptyChart id="top" title="Top members by sessions" height={340} />
      </div>
    </>
  );
}
