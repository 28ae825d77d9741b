"use client";

/** `useInfiniteUserMetrics`: the list page after page, for infinite scrolling. */
import {
  infiniteQueryOptions,
  useInfiniteQuery,
  type InfiniteData,
  type UseInfiniteQueryResult,
} from "@tanstack/react-query";
import type { ApiClient, ApiClientError } from "@/lib/api-client";
import type { UserMetricsResponse } from "@/lib/contracts/user-metrics";
import { useApiClient } from "./api-client-context";
import { retryDelay, shouldRetry } from "./retry";
import { listQueryParams, USER_METRICS_STALE_TIME, userMetricsPath } from "./use-user-metrics";
import {
  userMetricsKeys,
  type InfiniteUserMetricsKey,
  type InfiniteUserMetricsParams,
} from "./user-metrics-keys";

export type InfiniteUserMetricsData = InfiniteData<UserMetricsResponse, number>;

/**
 * The page number in a `next` link, or undefined when there is no next page. The server's links
 * are absolute; the base only matters if one ever is not. A link without a usable `page` ends the
 * list rather than guessing page 1, which would repeat the first page forever.
 */
export function nextPageParam(next: string | null): number | undefined {
  if (!next) return undefined;
  const page = Number.parseInt(new URL(next, "http://localhost").searchParams.get("page") ?? "", 10);
  return Number.isInteger(page) && page >= 1 ? page : undefined;
}

export function infiniteUserMetricsQueryOptions(
  client: ApiClient,
  companyId: string,
  params?: InfiniteUserMetricsParams,
) {
  return infiniteQueryOptions<
    UserMetricsResponse,
    ApiClientError,
    InfiniteUserMetricsData,
    InfiniteUserMetricsKey,
    number
  >({
    queryKey: userMetricsKeys.infinite(companyId, params),
    queryFn: ({ pageParam, signal }) =>
      client.get<UserMetricsResponse>(
        userMetricsPath(companyId),
        listQueryParams({ ...params, page: pageParam }),
        { signal },
      ),
    initialPageParam: 1,
    getNextPageParam: (lastPage) => nextPageParam(lastPage.next),
    enabled: !!companyId,
    staleTime: USER_METRICS_STALE_TIME,
    retry: shouldRetry,
    retryDelay,
  });
}

export function useInfiniteUserMetrics(
  companyId: string,
  params?: InfiniteUserMetricsParams,
): UseInfiniteQueryResult<InfiniteUserMetricsData, ApiClientError> {
  const client = useApiClient();
  return useInfiniteQuery(infiniteUserMetricsQueryOptions(client, companyId, params));
}
