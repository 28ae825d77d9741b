import { QueryClient } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "@/lib/api-client";
import type { UserMetricsResponse } from "@/lib/contracts/user-metrics";
import { useUserMetrics } from "./use-user-metrics";
import { mockNetwork, wrapperFor } from "./test-utils";

const COMPANY = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
const server = mockNetwork();
const LIST = `http://localhost:3000/api/v2/companies/${COMPANY}/user-metrics/`;

const PAGE: UserMetricsResponse = {
  count: 2,
  next: null,
  previous: null,
  results: [
    {
      user_id: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
      email: "john.doe@acme.test",
      first_name: "John",
      last_name: "Doe",
      last_active: "2025-07-13T14:30:00Z",
      total_sessions: 42,
      sessions_this_month: 12,
      avg_session_duration: "00:23:15",
      status: "active",
      role: "member",
      department: "Engineering",
      created_at: "2024-01-15T09:00:00Z",
      last_login: "2025-07-13T14:30:00Z",
    },
    {
      user_id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
      email: "jane.smith@acme.test",
      first_name: "Jane",
      last_name: "Smith",
      last_active: "2025-07-12T16:45:00Z",
      total_sessions: 38,
      sessions_this_month: 15,
      avg_session_duration: "00:31:42",
      status: "active",
      role: "admin",
      department: null,
      created_at: "2024-02-10T10:30:00Z",
      last_login: "2025-07-12T16:45:00Z",
    },
  ],
};

/** Answers the list route with `reply` and records each request. */
function listRoute(reply: () => Response, url = LIST) {
  const requests: Request[] = [];
  server.use(
    http.get(url, ({ request }) => {
      requests.push(request);
      return reply();
    }),
  );
  return requests;
}

describe("useUserMetrics", () => {
  it("fetches the list and caches it under the original API's key", async () => {
    const requests = listRoute(() => HttpResponse.json(PAGE));
    const queryClient = new QueryClient();
    const params = { status: "active" as const };
    const { result } = renderHook(() => useUserMetrics(COMPANY, params), {
      wrapper: wrapperFor(queryClient),
    });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.results).toHaveLength(2);
    expect(result.current.data).toEqual(PAGE);
    expect(requests).toHaveLength(1);
    expect(queryClient.getQueryData(["user-metrics", COMPANY, { status: "active" }])).toEqual(PAGE);
    const cached = queryClient
      .getQueryCache()
      .getAll()
      .map((q) => q.queryKey);
    expect(cached).toEqual([["user-metrics", COMPANY, { status: "active" }]]);
    // The staleTime: fresh for 2 minutes.
    const query = queryClient
      .getQueryCache()
      .find({ queryKey: ["user-metrics", COMPANY, params], exact: true });
    expect(query?.isStale()).toBe(false);
  });

  it("keys a call without params as ['user-metrics', companyId, undefined]", async () => {
    listRoute(() => HttpResponse.json(PAGE));
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useUserMetrics(COMPANY), { wrapper: wrapperFor(queryClient) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .map((q) => q.queryKey),
    ).toEqual([["user-metrics", COMPANY, undefined]]);
  });

  it("serialises the params into the query string, leaving out undefined ones", async () => {
    const requests = listRoute(() => HttpResponse.json(PAGE));
    const { result } = renderHook(
      () =>
        useUserMetrics(COMPANY, {
          date_from: "2025-06-01",
          date_to: undefined,
          status: "inactive",
          page: 3,
          page_size: 50,
          ordering: "-total_sessions",
        }),
      { wrapper: wrapperFor(new QueryClient()) },
    );
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe(`/api/v2/companies/${COMPANY}/user-metrics/`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      date_from: "2025-06-01",
      status: "inactive",
      page: "3",
      page_size: "50",
      ordering: "-total_sessions",
    });
    expect(url.search).not.toContain("date_to");
  });

  it.each([
    [400, "validation_error", "Invalid query parameters."],
    [401, "authentication_required", "Authentication credentials were not provided."],
    [403, "permission_denied", "You do not have permission to access this company's user metrics."],
    [404, "company_not_found", "Company not found or you don't have access to it."],
  ])("does not retry a %i and exposes its body", async (status, code, detail) => {
    const requests = listRoute(() =>
      HttpResponse.json({ detail, code, timestamp: "2025-07-13T15:30:00Z" }, { status }),
    );
    const { result } = renderHook(() => useUserMetrics(COMPANY), { wrapper: wrapperFor(new QueryClient()) });
    // A retry would keep the query pending for at least 1 s: longer than waitFor's timeout.
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status, code, detail });
    expect(result.current.failureCount).toBe(1);
    expect(requests).toHaveLength(1);
  });

  it("retries a 500 three times, 1 s, 2 s and 4 s apart, then fails", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const times: number[] = [];
    listRoute(() => {
      times.push(Date.now());
      return HttpResponse.json(
        { detail: "Boom.", code: "internal_error", timestamp: "2025-07-13T15:30:00Z" },
        { status: 500 },
      );
    });
    const { result } = renderHook(() => useUserMetrics(COMPANY), { wrapper: wrapperFor(new QueryClient()) });

    for (const [attempt, delay] of [1000, 2000, 4000].entries()) {
      await vi.waitFor(() => expect(times).toHaveLength(attempt + 1));
      expect(result.current.isError).toBe(false);
      await vi.advanceTimersByTimeAsync(delay);
    }
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status: 500, code: "internal_error" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(times).toHaveLength(4);

    // The fake clock also moves with real time, so allow a little slack above each delay.
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    gaps.forEach((gap, i) => {
      const expected = [1000, 2000, 4000][i]!;
      expect(gap).toBeGreaterThanOrEqual(expected);
      expect(gap).toBeLessThan(expected + 500);
    });
  });

  it("does not fetch without a company", async () => {
    let requests = 0;
    server.use(
      http.all("*", () => {
        requests++;
        return HttpResponse.json(PAGE);
      }),
    );
    const { result } = renderHook(() => useUserMetrics(""), { wrapper: wrapperFor(new QueryClient()) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(result.current.fetchStatus).toBe("idle");
    expect(result.current.isPending).toBe(true);
    expect(requests).toBe(0);
  });

  it("uses the provider's client: another origin, with the bearer token", async () => {
    const requests = listRoute(
      () => HttpResponse.json(PAGE),
      `https://metrics.example.test/api/v2/companies/${COMPANY}/user-metrics/`,
    );
    const client = createApiClient({ baseUrl: "https://metrics.example.test", getToken: () => "jwt-abc" });
    const { result } = renderHook(() => useUserMetrics(COMPANY), {
      wrapper: wrapperFor(new QueryClient(), client),
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer jwt-abc");
  });

  it("uses the same-origin default without a provider: no Authorization header", async () => {
    const requests = listRoute(() => HttpResponse.json(PAGE));
    const { result } = renderHook(() => useUserMetrics(COMPANY), { wrapper: wrapperFor(new QueryClient()) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(requests[0]!.headers.has("authorization")).toBe(false);
  });
});
