import type { Permission } from "@/lib/auth/policy";

/**
 * The API keys contract's names, without any schema (the browser's key form and hooks need them,
 * not zod); ./api-keys builds its schemas from them and re-exports them.
 */

/** What a key may be allowed: the policy's permissions that machines can hold. */
export const API_KEY_SCOPES = [
  "metrics:read",
  "metrics:export",
  "metrics:refresh",
  "sessions:write",
] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The fields of a create request (the keys of `createApiKeySchema`). */
export const CREATE_API_KEY_FIELDS = ["name", "scopes", "expires_in_days"] as const;
