"use client";

import { ChartFrame } from "@/components/charts/chart-frame";
import { BREAKDOWNS } from "./chart-sections";
import { RangeFields } from "./range-picker";
import { ReportHeading } from "./report-header";
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
 * The report before its data: heading, the URL's range (inert) and every chart's frame at its
 * height, so nothing moves when the page replaces it. It asks for no data.
 */
export function ReportSkeleton() {
  const { range, preset } = useReportState();
  return (
    <>
      <ReportHeading window={undefined} />
      <div inert>
        <RangeFields
          preset={preset}
          from={range.date_from ?? ""}
          to={range.date_to ?? ""}
          onPreset={idle}
          onDates={idle}
        />
      </div>
      <div className="charts">
        <EmptyChart id="daily" title="Daily active users and sessions" height={300} />
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
