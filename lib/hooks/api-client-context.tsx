"use client";

/**
 * Which API client the hooks use. The dashboard needs no provider (same origin, session cookie);
 * an app on another origin wraps its tree in `<ApiClientProvider client={createApiClient({ baseUrl,
 * getToken })}>`. Query keys do not include the client, so give each origin its own QueryClient.
 */
import { createContext, useContext, type ReactNode } from "react";
import { defaultApiClient, type ApiClient } from "@/lib/api-client";

const ApiClientContext = createContext<ApiClient>(defaultApiClient);

export function ApiClientProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiClientContext value={client}>{children}</ApiClientContext>;
}

/** The nearest provider's client, or the same-origin default. */
export function useApiClient(): ApiClient {
  return useContext(ApiClientContext);
}
