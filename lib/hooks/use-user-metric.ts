/** `useUserMetric`: one member's figures, daily series and latest sessions (GET …/user-metrics/{user_id}/). */
import { queryOptions, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { pickParams, type ApiClient, type ApiClientError } from "@/lib/api-client";
import type { UserMetricDetail, UserMetricDetailParams } from "@/lib/contracts/user-metrics";
import { DETAIL_PARAMS } from "@/lib/contracts/user-metrics-constants";
import { useApiClient } from "./api-client-context";
import { retryDelay, shouldRetry } from "./retry";
import { USER_METRICS_STALE_TIME, userMetricsPath } from "./use-user-metrics";
import { userMetricsKeys, type UserMetricKey } from "./user-metrics-keys";

/** `/api/v2/companies/{id}/user-metrics/{user_id}/`. */
export function userMetricPath(companyId: string, userId: string): string {
  return `${userMetricsPath(companyId)}${encodeURIComponent(userId)}/`;
}

export function userMetricQueryOptions(
  client: ApiClient,
  companyId: string,
  userId: string,
  params?: UserMetricDetailParams,
) {
  return queryOptions<UserMetricDetail, ApiClientError, UserMetricDetail, UserMetricKey>({
    queryKey: userMetricsKeys.member(companyId, userId, params),
    queryFn: ({ signal }) =>
      client.get<UserMetricDetail>(
        userMetricPath(companyId, userId),
        // Only the detail's window, whatever else the object carries at run time.
        pickParams(DETAIL_PARAMS, params),
        { signal },
      ),
    enabled: !!companyId && !!userId,
    staleTime: USER_METRICS_STALE_TIME,
    // A member who is not one (404 member_not_found) stays so: not retried, like the other 4xx.
    retry: shouldRetry,
    retryDelay,
  });
}

export function useUserMetric(
  companyId: string,
  userId: string,
  params?: UserMetricDetailParams,
): UseQueryResult<UserMetricDetail, ApiClientError> {
  const client = useApiClient();
  return useQuery(userMetricQueryOptions(client, companyId, userId, params));
}
