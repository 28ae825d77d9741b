"use client";

import { useUrlParams } from "@/components/user-metrics/use-url-params";
import { reportStateFrom } from "@/components/user-metrics/url-state";
import { useUserMetrics, useUserMetricsSummary } from "@/lib/hooks";

/**
 * The report's queries, each defined once, so the sections that draw the same summary share one
 * query key and one request.
 */
export function useReportState() {
  const { params, update } = useUrlParams();
  // Presets end today, so the range is worked out on every render, as the page always did.
  return { ...reportStateFrom(params), update };
}

export function useReportSummary(companyId: string) {
  return useUserMetricsSummary(companyId, useReportState().range);
}

/** The ten members with the most sessions among those active in the range. */
export function useTopMembers(companyId: string) {
  const { range } = useReportState();
  return useUserMetrics(companyId, { ...range, ordering: "-total_sessions", page_size: 10 });
}
