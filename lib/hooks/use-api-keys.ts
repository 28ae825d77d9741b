/** `useApiKeys`, `useCreateApiKey`, `useRevokeApiKey`: a company's API keys, in TanStack Query v5's object form. */
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from "@tanstack/react-query";
import { pickFields, type ApiClient, type ApiClientError } from "@/lib/api-client";
import type { ApiKeyList, CreateApiKeyInput, CreatedApiKey } from "@/lib/contracts/api-keys";
import { CREATE_API_KEY_FIELDS } from "@/lib/contracts/api-keys-constants";
import { useApiClient } from "./api-client-context";
import { apiKeysKeys, type ApiKeysListKey } from "./api-keys-keys";
import { retryDelay, shouldRetry } from "./retry";

/** `/api/v2/companies/{id}/api-keys/` and one key under it (with the API's trailing slash). */
export function apiKeysPath(companyId: string, keyId?: string): string {
  const base = `/api/v2/companies/${encodeURIComponent(companyId)}/api-keys/`;
  return keyId ? `${base}${encodeURIComponent(keyId)}/` : base;
}

export const API_KEYS_STALE_TIME = 30_000;

/** The list query's options, for `useQuery`, `prefetchQuery` or `ensureQueryData`. */
export function apiKeysQueryOptions(client: ApiClient, companyId: string) {
  return queryOptions<ApiKeyList, ApiClientError, ApiKeyList, ApiKeysListKey>({
    queryKey: apiKeysKeys.list(companyId),
    queryFn: ({ signal }) => client.get<ApiKeyList>(apiKeysPath(companyId), undefined, { signal }),
    enabled: !!companyId,
    // Fresh for 30 s: the list a page was drawn with is not asked for again as it hydrates (this
    // tab's own changes refetch it at once; another admin's show within 30 s or on the next visit).
    staleTime: API_KEYS_STALE_TIME,
    retry: shouldRetry,
    retryDelay,
  });
}

/** The company's live keys, newest first (revoked ones are left out by the API). */
export function useApiKeys(companyId: string): UseQueryResult<ApiKeyList, ApiClientError> {
  const client = useApiClient();
  return useQuery(apiKeysQueryOptions(client, companyId));
}

export type CreateApiKeyVariables = CreateApiKeyInput & { companyId: string };
export type RevokeApiKeyVariables = { companyId: string; keyId: string };

/**
 * `mutate({ companyId, name, scopes, expires_in_days })` creates a key; the result carries the
 * secret `key`, which the API never returns again, so it is not put in the cache: the caller shows
 * it and lets it go. The company's list is then refetched (the mutation stays pending until it
 * has, so the new row is there when the secret appears). Not retried: a retry after a lost answer
 * would mint a second key.
 */
export function useCreateApiKey(): UseMutationResult<CreatedApiKey, ApiClientError, CreateApiKeyVariables> {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation<CreatedApiKey, ApiClientError, CreateApiKeyVariables>({
    mutationFn: ({ companyId, ...input }) =>
      client.post<CreatedApiKey>(apiKeysPath(companyId), pickFields(CREATE_API_KEY_FIELDS, input)),
    onSuccess: (_created, { companyId }) =>
      queryClient.invalidateQueries({ queryKey: apiKeysKeys.list(companyId) }),
  });
}

/**
 * `mutate({ companyId, keyId })` revokes a key: from then on the API answers it with 401. The
 * list is refetched after a success and after a 404 too (someone else revoked it first: the row
 * is stale either way).
 */
export function useRevokeApiKey(): UseMutationResult<void, ApiClientError, RevokeApiKeyVariables> {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation<void, ApiClientError, RevokeApiKeyVariables>({
    mutationFn: ({ companyId, keyId }) => client.delete(apiKeysPath(companyId, keyId)),
    onSettled: async (_result, error, { companyId }) => {
      if (!error || error.status === 404) {
        await queryClient.invalidateQueries({ queryKey: apiKeysKeys.list(companyId) });
      }
    },
  });
}
