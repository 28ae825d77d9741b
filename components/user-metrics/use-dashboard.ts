"use client";

import { useMemo } from "react";
import { useInfiniteUserMetrics, useUserMetrics, useUserMetricsSummary } from "@/lib/hooks";
import { useUrlParams } from "./use-url-params";
import { dashboardStateFrom, summaryFilters } from "./url-state";

/**
 * The dashboard's queries, each defined once: every part that shows one asks for it here, so parts
 * showing the same data share one query key and React Query makes one request for them.
 */
export function useDashboardState() {
  const { params, update } = useUrlParams();
  const state = useMemo(() => dashboardStateFrom(params), [params]);
  return { ...state, update };
}

export function useDashboardSummary(companyId: string) {
  const { filters } = useDashboardState();
  return useUserMetricsSummary(companyId, summaryFilters(filters));
}

/** The members in the chosen view: one page (cards or table), or every page loaded so far ("Load more"). */
export function useMemberList(companyId: string) {
  const { filters, page, view } = useDashboardState();
  const pages = view !== "infinite";
  // The kind of query not shown gets no company, which keeps it idle.
  const list = useUserMetrics(pages ? companyId : "", { ...filters, page });
  const infinite = useInfiniteUserMetrics(pages ? "" : companyId, filters);
  return {
    view,
    page,
    pageSize: filters.page_size,
    list,
    infinite,
    active: pages ? list : infinite,
    count: pages ? list.data?.count : infinite.data?.pages[0]?.count,
    results: pages ? (list.data?.results ?? []) : (infinite.data?.pages.flatMap((p) => p.results) ?? []),
  };
}
