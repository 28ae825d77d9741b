import { QueryClient } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { UserMetricsRetention } from "@/lib/contracts/user-metrics";
import { useUserMetricsRetention } from "./use-user-metrics-retention";
import { mockNetwork, wrapperFor, expectNoRequest } from "./test-utils";

const COMPANY = "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34";
const RETENTION = `http://localhost:3000/api/v2/companies/${COMPANY}/user-metrics/retention/`;

const server = mockNetwork();

const BODY: UserMetricsRetention = {
  company_id: COMPANY,
  period: "month",
  periods: 2,
  timezone: "America/New_York",
  status: null,
  cohorts: [
    { cohort_start: "2026-11-01", size: 4, retained: [1, 0.5] },
    { cohort_start: "2026-12-01", size: 2, retained: [0.5] },
  ],
};

describe("useUserMetricsRetention", () => {
  it("fetches retention with its parameters only and caches it under ['user-metrics-retention', id, params]", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(RETENTION, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(BODY);
      }),
    );
    const queryClient = new QueryClient();
    const params = { period: "month" as const, periods: 2, timezone: "America/New_York" };
    // A stray property (TypeScript lets one through at run time) stays out of the URL.
    const given = { ...params, date_from: "2026-01-01" } as typeof params;
    const { result } = renderHook(() => useUserMetricsRetention(COMPANY, given), {
      wrapper: wrapperFor(queryClient),
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual(BODY);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({
      period: "month",
      periods: "2",
      timezone: "America/New_York",
    });
    expect(queryClient.getQueryData(["user-metrics-retention", COMPANY, given])).toEqual(BODY);
  });

  it("keys each zone and period apart", async () => {
    const zones: (string | null)[] = [];
    server.use(
      http.get(RETENTION, ({ request }) => {
        zones.push(new URL(request.url).searchParams.get("timezone"));
        return HttpResponse.json(BODY);
      }),
    );
    const queryClient = new QueryClient();
    const { result, rerender } = renderHook(
      ({ timezone }: { timezone?: string }) => useUserMetricsRetention(COMPANY, { timezone }),
      { wrapper: wrapperFor(queryClient), initialProps: {} },
    );
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    rerender({ timezone: "Europe/Berlin" });
    await waitFor(() => expect(zones).toEqual([null, "Europe/Berlin"]));
  });

  it("does not retry a 400 and exposes the field errors", async () => {
    let requests = 0;
    const errors = { period: ['"year" is not a valid choice.'] };
    server.use(
      http.get(RETENTION, () => {
        requests++;
        return HttpResponse.json(
          { detail: "Invalid query parameters.", code: "validation_error", errors, timestamp: "t" },
          { status: 400 },
        );
      }),
    );
    const { result } = renderHook(() => useUserMetricsRetention(COMPANY, { period: "week" }), {
      wrapper: wrapperFor(new QueryClient()),
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status: 400, code: "validation_error", errors });
    expect(requests).toBe(1);
  });

  it("does not fetch without a company", () =>
    expectNoRequest(server, [() => useUserMetricsRetention("")], BODY));
});
