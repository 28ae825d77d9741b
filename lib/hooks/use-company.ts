/** `useCompany`, `useUpdateCompany`: a company's settings (its time zone), in TanStack Query v5's object form. */
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from "@tanstack/react-query";
import { pickFields, type ApiClient, type ApiClientError } from "@/lib/api-client";
import { UPDATE_COMPANY_FIELDS } from "@/lib/contracts/companies-constants";
import type { CompanyResponse, UpdateCompanyInput } from "@/lib/contracts/companies";
import { useApiClient } from "./api-client-context";
import { companyKeys, type CompanyKey } from "./company-keys";
import { retryDelay, shouldRetry } from "./retry";
import { userMetricsKeys } from "./user-metrics-keys";

/** `/api/v2/companies/{id}/` (with the API's trailing slash). */
export function companyPath(companyId: string): string {
  return `/api/v2/companies/${encodeURIComponent(companyId)}/`;
}

export function companyQueryOptions(client: ApiClient, companyId: string) {
  return queryOptions<CompanyResponse, ApiClientError, CompanyResponse, CompanyKey>({
    queryKey: companyKeys.detail(companyId),
    queryFn: ({ signal }) => client.get<CompanyResponse>(companyPath(companyId), undefined, { signal }),
    enabled: !!companyId,
    retry: shouldRetry,
    retryDelay,
  });
}

/**
 * The company's id, name and time zone (owners and admins: others get a 403). `initial` is what a
 * server-rendered page already knows: shown at once, then checked by a fetch.
 */
export function useCompany(
  companyId: string,
  initial?: CompanyResponse,
): UseQueryResult<CompanyResponse, ApiClientError> {
  const client = useApiClient();
  return useQuery({
    ...companyQueryOptions(client, companyId),
    initialData: initial,
    initialDataUpdatedAt: 0,
  });
}

/**
 * `mutate({ timezone })` changes the company's settings. The answer becomes the company query's
 * data, and every user-metrics query of the company (lists, summaries, member details, retention)
 * is invalidated: the days they count in have moved, so every daily figure may have. The
 * mutation stays pending until mounted ones have refetched. Not retried (React Query's default).
 */
export function useUpdateCompany(
  companyId: string,
): UseMutationResult<CompanyResponse, ApiClientError, UpdateCompanyInput> {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation<CompanyResponse, ApiClientError, UpdateCompanyInput>({
    mutationFn: (input) =>
      client.patch<CompanyResponse>(companyPath(companyId), pickFields(UPDATE_COMPANY_FIELDS, input)),
    onSuccess: async (company) => {
      queryClient.setQueryData(companyKeys.detail(companyId), company);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: companyKeys.detail(companyId) }),
        ...userMetricsKeys.company(companyId).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ]);
    },
  });
}
