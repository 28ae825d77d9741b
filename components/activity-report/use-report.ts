"use client";

import { createContext, createElement, useContext } from "react";
import { useUrlParams } from "@/components/user-metrics/use-url-params";
import { reportStateFrom } from "@/components/user-metrics/url-state";
import { useUserMetrics, useUserMetricsRetention, useUserMetricsSummary } from "@/lib/hooks";
import { DEFAULT_TIME_ZONE } from "@/lib/time/zones";

/**
 * The report's queries, each defined once, so the sections that draw the same summary share one
 * query key and one request.
 */

/** The company's own zone: the report's when the URL names none. */
const CompanyZone = createContext(DEFAULT_TIME_ZONE);

export function CompanyZoneProvider({ zone, children }: { zone: string; children: React.ReactNode }) {
  return createElement(CompanyZone, { value: zone }, children);
}

export function useReportState() {
  const companyZone = useContext(CompanyZone);
  const { params, update } = useUrlParams();
  // Presets end today, so the range is worked out on every render, as the page always did.
  return { ...reportStateFrom(params, new Date(), companyZone), companyZone, update };
}

/** The summary of the range, compared with the period of the same length just before it. */
export function useReportSummary(companyId: string) {
  return useUserMetricsSummary(companyId, { ...useReportState().range, compare: "previous_period" });
}

/** The ten members with the most sessions among those active in the range. */
export function useTopMembers(companyId: string) {
  const { range } = useReportState();
  return useUserMetrics(companyId, { ...range, ordering: "-total_sessions", page_size: 10 });
}

/** The latest cohorts of the chosen period, counted in the report's zone. */
export function useReportRetention(companyId: string) {
  const { range, retention } = useReportState();
  return useUserMetricsRetention(companyId, { period: retention, timezone: range.timezone });
}
