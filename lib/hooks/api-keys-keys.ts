/**
 * React Query keys of the API keys queries:
 *
 *   list  ['api-keys', companyId]
 *
 * `all` matches every company's list (a sign-out, say); a create or revoke invalidates one company's.
 */
const API_KEYS = "api-keys";

export const apiKeysKeys = {
  all: [API_KEYS] as const,
  list: (companyId: string) => [API_KEYS, companyId] as const,
};

export type ApiKeysListKey = ReturnType<typeof apiKeysKeys.list>;
