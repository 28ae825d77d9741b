"use client";

/** `useRefreshUserMetrics`, in TanStack Query v5's object form. */
import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import type { ApiClientError } from "@/lib/api-client";
import type { RefreshResponse } from "@/lib/contracts/user-metrics";
import { useApiClient } from "./api-client-context";
import { userMetricsPath } from "./use-user-metrics";
import { userMetricsKeys } from "./user-metrics-keys";

/**
 * `mutate(companyId)` recomputes that company's rollups (owner/admin only: others get a 403).
 * On success every list, infinite list, summary and member detail of that company is invalidated; mounted ones
 * refetch, and the mutation stays pending until they have, so the page never shows a "done"
 * state next to the old figures. Other companies' queries are untouched. Not retried (React
 * Query's default for mutations): a refresh is heavy, and the user can press again.
 */
export function useRefreshUserMetrics(): UseMutationResult<RefreshResponse, ApiClientError, string> {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation<RefreshResponse, ApiClientError, string>({
    mutationFn: (companyId) => client.post<RefreshResponse>(userMetricsPath(companyId, "refresh")),
    onSuccess: async (_result, companyId) => {
      await Promise.all(
        userMetricsKeys.company(companyId).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      );
    },
  });
}
