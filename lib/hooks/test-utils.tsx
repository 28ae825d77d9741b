import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup } from "@testing-library/react";
import { setupServer } from "msw/node";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
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
