/** `useUserMetrics`: one page of a company's user metrics. */
import { queryOptions, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { pickParams, type ApiClient, type ApiClientError, type QueryParams } from "@/lib/api-client";
import type { UserMetricsParams, UserMetricsResponse } from "@/lib/contracts/user-metrics";
import { LIST_PARAMS } from "@/lib/contracts/user-metrics-constants";
import { useApiClient } from "./api-client-context";
import { retryDelay, shouldRetry } from "./retry";
import { userMetricsKeys, type UserMetricsListKey } from "./user-metrics-keys";

/** Two minutes: the same as the server's result cache and its `max-age=120`. */
export const USER_METRICS_STALE_TIME = 2 * 60 * 1000;

/** `/api/v2/companies/{id}/user-metrics/` and its sub-resources (with the API's trailing slash). */
export function userMetricsPath(
  companyId: string,
  endpoint?: "summary" | "export" | "refresh" | "retention",
): string {
  const base = `/api/v2/companies/${encodeURIComponent(companyId)}/user-metrics/`;
  return endpoint ? `${base}${endpoint}/` : base;
}

/** The list's query string: the contract's parameters only. */
export function listQueryParams(params?: UserMetricsParams): QueryParams {
  return pickParams(LIST_PARAMS, params);
}

/** The list query's options, for `useQuery`, `prefetchQuery` or `ensureQueryData`. */
export function userMetricsQueryOptions(client: ApiClient, companyId: string, params?: UserMetricsParams) {
  return queryOptions<UserMetricsResponse, ApiClientError, UserMetricsResponse, UserMetricsListKey>({
    queryKey: userMetricsKeys.list(companyId, params),
    queryFn: ({ signal }) =>
      client.get<UserMetricsResponse>(userMetricsPath(companyId), listQueryParams(params), { signal }),
    // No company yet (route params still loading): nothing to ask for.
    enabled: !!companyId,
    staleTime: USER_METRICS_STALE_TIME,
    retry: shouldRetry,
    retryDelay,
  });
}

export function useUserMetrics(
  companyId: string,
  params?: UserMetricsParams,
): UseQueryResult<UserMetricsResponse, ApiClientError> {
  const client = useApiClient();
  return useQuery(userMetricsQueryOptions(client, companyId, params));
}
