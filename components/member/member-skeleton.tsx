"use client";

import { useUrlParams } from "@/components/user-metrics/use-url-params";
import { MemberDailyChart, MemberFigures, MemberHeading, MemberRange } from "./member-view";
import { DEFAULT_TIME_ZONE } from "@/lib/time/zones";
import { memberRangeFrom, shownRange } from "./use-member";

const idle = () => {};

/**
 * The member page before its data: heading, the URL's range (inert), the figures' placeholders and
 * the chart's frame at its height, so nothing moves when the page replaces it. It asks for no data.
 */
export function MemberSkeleton() {
  const { params } = useUrlParams();
  // The company's zone is not known while loading: UTC's today is at most a day off, in inert inputs.
  const shown = shownRange(memberRangeFrom(params), DEFAULT_TIME_ZONE);
  return (
    <>
      <span className="back-link skeleton-text" aria-hidden="true" />
      <MemberHeading member={undefined} />
      <div inert>
        <MemberRange from={shown.from} to={shown.to} onChange={idle} />
      </div>
      <MemberFigures member={undefined} />
      <MemberDailyChart member={undefined} />
    </>
  );
}
