/** Aggregates for the list's filters (GET …/user-metrics/summary/), with the list's rules. */
import { queryOptions, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { pickParams, type ApiClient, type ApiClientError } from "@/lib/api-client";
import type { UserMetricsSummary } from "@/lib/contracts/user-metrics";
import { SUMMARY_PARAMS } from "@/lib/contracts/user-metrics-constants";
import { useApiClient } from "./api-client-context";
import { retryDelay, shouldRetry } from "./retry";
import { USER_METRICS_STALE_TIME, userMetricsPath } from "./use-user-metrics";
import {
  userMetricsKeys,
  type UserMetricsSummaryKey,
  type UserMetricsSummaryParams,
} from "./user-metrics-keys";

export function userMetricsSummaryQueryOptions(
  client: ApiClient,
  companyId: string,
  params?: UserMetricsSummaryParams,
) {
  return queryOptions<UserMetricsSummary, ApiClientError, UserMetricsSummary, UserMetricsSummaryKey>({
    queryKey: userMetricsKeys.summary(companyId, params),
    queryFn: ({ signal }) =>
      client.get<UserMetricsSummary>(
        userMetricsPath(companyId, "summary"),
        // Only the summary's own filters, whatever else the object carries at run time.
        pickParams(SUMMARY_PARAMS, params),
        { signal },
      ),
    enabled: !!companyId,
    staleTime: USER_METRICS_STALE_TIME,
    retry: shouldRetry,
    retryDelay,
  });
}

export function useUserMetricsSummary(
  companyId: string,
  params?: UserMetricsSummaryParams,
): UseQueryResult<UserMetricsSummary, ApiClientError> {
  const client = useApiClient();
  return useQuery(userMetricsSummaryQueryOptions(client, companyId, params));
}
