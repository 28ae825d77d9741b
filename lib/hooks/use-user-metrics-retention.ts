/** `useUserMetricsRetention`: cohorts by week or month of joining (GET …/user-metrics/retention/). */
import { queryOptions, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { pickParams, type ApiClient, type ApiClientError } from "@/lib/api-client";
import type { UserMetricsRetention } from "@/lib/contracts/user-metrics";
import { RETENTION_PARAMS } from "@/lib/contracts/user-metrics-constants";
import { useApiClient } from "./api-client-context";
import { retryDelay, shouldRetry } from "./retry";
import { USER_METRICS_STALE_TIME, userMetricsPath } from "./use-user-metrics";
import {
  userMetricsKeys,
  type UserMetricsRetentionKey,
  type UserMetricsRetentionParams,
} from "./user-metrics-keys";

export function userMetricsRetentionQueryOptions(
  client: ApiClient,
  companyId: string,
  params?: UserMetricsRetentionParams,
) {
  return queryOptions<UserMetricsRetention, ApiClientError, UserMetricsRetention, UserMetricsRetentionKey>({
    queryKey: userMetricsKeys.retention(companyId, params),
    queryFn: ({ signal }) =>
      client.get<UserMetricsRetention>(
        userMetricsPath(companyId, "retention"),
        // Only retention's own parameters, whatever else the object carries at run time.
        pickParams(RETENTION_PARAMS, params),
        { signal },
      ),
    enabled: !!companyId,
    staleTime: USER_METRICS_STALE_TIME,
    retry: shouldRetry,
    retryDelay,
  });
}

export function useUserMetricsRetention(
  companyId: string,
  params?: UserMetricsRetentionParams,
): UseQueryResult<UserMetricsRetention, ApiClientError> {
  const client = useApiClient();
  return useQuery(userMetricsRetentionQueryOptions(client, companyId, params));
}
