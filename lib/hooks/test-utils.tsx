import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, renderHook } from "@testing-library/react";
import { http, HttpResponse, type JsonBodyType } from "msw";
import { setupServer, type SetupServer } from "msw/node";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, expect, vi } from "vitest";
import type { ApiClient } from "@/lib/api-client";
import { ApiClientProvider } from "./api-client-context";

/** An msw server for one test file: HTTP mocked at the network layer, unknown requests are errors. */
export function mockNetwork() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    cleanup();
    server.resetHandlers();
    vi.useRealTimers();
  });
  afterAll(() => server.close());
  return server;
}

/** Renders hooks inside a QueryClient and, when given, an ApiClient of their own. */
export function wrapperFor(queryClient: QueryClient = new QueryClient(), client?: ApiClient) {
  return function Wrapper({ children }: { children: ReactNode }) {
    const tree = client ? <ApiClientProvider client={client}>{children}</ApiClientProvider> : children;
    return <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>;
  };
}

/**
 * Mounts each hook (one without the id it needs) and checks that none of them asks the network
 * (`enabled: false` until the id is known): they stay idle, and a catch-all handler counts nothing.
 */
export async function expectNoRequest(
  server: SetupServer,
  hooks: (() => { fetchStatus: string })[],
  body: JsonBodyType = {},
) {
  let requests = 0;
  server.use(
    http.all("*", () => {
      requests++;
      return HttpResponse.json(body);
    }),
  );
  const mounted = hooks.map((hook) => renderHook(hook, { wrapper: wrapperFor(new QueryClient()) }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const { result } of mounted) expect(result.current.fetchStatus).toBe("idle");
  expect(requests).toBe(0);
}
