import { QueryClient } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { RefreshResponse, UserMetricsResponse } from "@/lib/contracts/user-metrics";
import { useInfiniteUserMetrics } from "./use-infinite-user-metrics";
import { useRefreshUserMetrics } from "./use-refresh-user-metrics";
import { useUserMetric } from "./use-user-metric";
import { useUserMetrics } from "./use-user-metrics";
import { useUserMetricsSummary } from "./use-user-metrics-summary";
import { mockNetwork, wrapperFor } from "./test-utils";

const ACME = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
const GLOBEX = "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34";
const JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const BASE = "http://localhost:3000/api/v2/companies/:companyId/user-metrics";

const server = mockNetwork();

const EMPTY: UserMetricsResponse = { count: 0, next: null, previous: null, results: [] };

/** Counts GETs per "<kind> <company>" and answers refreshes with `refreshReply`. */
function routes(refreshReply: (companyId: string) => Response) {
  const counts: Record<string, number> = {};
  const refreshes: string[] = [];
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  server.use(
    http.get(`${BASE}/`, ({ params, request }) => {
      const infinite = new URL(request.url).searchParams.has("page");
      bump(`${infinite ? "infinite" : "list"} ${String(params.companyId)}`);
      return HttpResponse.json(EMPTY);
    }),
    http.get(`${BASE}/summary/`, ({ params }) => {
      bump(`summary ${String(params.companyId)}`);
      // Only the fields the test needs: the hook does not inspect the body.
      return HttpResponse.json({ company_id: params.companyId });
    }),
    http.get(`${BASE}/:userId/`, ({ params }) => {
      bump(`member ${String(params.companyId)}`);
      return HttpResponse.json({ user_id: params.userId });
    }),
    http.post(`${BASE}/refresh/`, ({ params }) => {
      refreshes.push(String(params.companyId));
      return refreshReply(String(params.companyId));
    }),
  );
  return { counts, refreshes };
}

/** Mounts Acme's list, infinite list, summary and a member, Globex's list, and the refresh mutation. */
function mountAll() {
  const queryClient = new QueryClient();
  const rendered = renderHook(
    () => ({
      list: useUserMetrics(ACME, { status: "active" }),
      infinite: useInfiniteUserMetrics(ACME),
      summary: useUserMetricsSummary(ACME),
      member: useUserMetric(ACME, JANE, { date_from: "2025-07-01" }),
      other: useUserMetrics(GLOBEX),
      refresh: useRefreshUserMetrics(),
    }),
    { wrapper: wrapperFor(queryClient) },
  );
  return { queryClient, ...rendered };
}

const REFRESHED: RefreshResponse = {
  company_id: ACME,
  members: 247,
  daily_rows: 900,
  sessions: 8285,
  duration_ms: 68,
  refreshed_at: "2025-07-13T15:30:00Z",
};

describe("useRefreshUserMetrics", () => {
  it("POSTs refresh and refetches that company's list, infinite list, summary and member details only", async () => {
    const { counts, refreshes } = routes(() => HttpResponse.json(REFRESHED));
    const { result } = mountAll();
    await waitFor(() =>
      expect(counts).toEqual({
        [`list ${ACME}`]: 1,
        [`infinite ${ACME}`]: 1,
        [`summary ${ACME}`]: 1,
        [`member ${ACME}`]: 1,
        [`list ${GLOBEX}`]: 1,
      }),
    );

    let response: RefreshResponse | undefined;
    await act(async () => {
      response = await result.current.refresh.mutateAsync(ACME);
    });

    expect(response).toEqual(REFRESHED);
    expect(refreshes).toEqual([ACME]);
    // The mutation resolves only once the invalidated queries have refetched.
    expect(counts).toEqual({
      [`list ${ACME}`]: 2,
      [`infinite ${ACME}`]: 2,
      [`summary ${ACME}`]: 2,
      [`member ${ACME}`]: 2,
      [`list ${GLOBEX}`]: 1,
    });
    await waitFor(() => expect(result.current.refresh.isSuccess).toBe(true));
  });

  it("invalidates nothing when the refresh is refused", async () => {
    const { counts, refreshes } = routes(() =>
      HttpResponse.json(
        {
          detail: "You do not have permission to access this company's user metrics.",
          code: "permission_denied",
          company_id: ACME,
          timestamp: "2025-07-13T15:30:00Z",
        },
        { status: 403 },
      ),
    );
    const { result, queryClient } = mountAll();
    await waitFor(() => expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(5));

    await act(async () => {
      await result.current.refresh.mutateAsync(ACME).catch(() => undefined);
    });
    await waitFor(() => expect(result.current.refresh.isError).toBe(true));
    expect(result.current.refresh.error).toMatchObject({ status: 403, code: "permission_denied" });
    expect(refreshes).toEqual([ACME]);
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .some((q) => q.isStale()),
    ).toBe(false);
    expect(Object.values(counts)).toEqual([1, 1, 1, 1, 1]);
  });
});
