import { QueryClient } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { UserMetricsSummary } from "@/lib/contracts/user-metrics";
import { useUserMetricsSummary } from "./use-user-metrics-summary";
import { mockNetwork, wrapperFor, expectNoRequest } from "./test-utils";

const COMPANY = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
const SUMMARY = `http://localhost:3000/api/v2/companies/${COMPANY}/user-metrics/summary/`;

const server = mockNetwork();

const BODY: UserMetricsSummary = {
  company_id: COMPANY,
  window: { date_from: "2025-07-01", date_to: "2025-07-02", days: 2, timezone: "UTC" },
  status: "active",
  members: {
    total: 1,
    by_status: { active: 1, inactive: 0, pending: 0 },
    by_role: { owner: 0, admin: 0, member: 1, viewer: 0 },
    by_department: [{ department: null, members: 1 }],
  },
  engagement: { dau: 1, wau: 1, mau: 1, stickiness: 0.033 },
  company_members: {
    total: 2,
    by_status: { active: 2, inactive: 0, pending: 0 },
    by_role: { owner: 0, admin: 0, member: 2, viewer: 0 },
    by_department: [{ department: null, members: 2 }],
  },
  activity: {
    listed_members: 1,
    active_users: 1,
    sessions: 3,
    avg_session_duration: "00:10:00",
    avg_session_seconds: 600,
  },
  daily: [
    {
      date: "2025-07-01",
      active_users: 1,
      sessions: 2,
      avg_session_duration: "00:10:00",
      avg_session_seconds: 600,
    },
    {
      date: "2025-07-02",
      active_users: 1,
      sessions: 1,
      avg_session_duration: "00:10:00",
      avg_session_seconds: 600,
    },
  ],
};

describe("useUserMetricsSummary", () => {
  it("fetches the summary with its filters and caches it under ['user-metrics-summary', id, params]", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(SUMMARY, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(BODY);
      }),
    );
    const queryClient = new QueryClient();
    const params = { date_from: "2025-07-01", date_to: "2025-07-02", status: "active" as const };
    const { result } = renderHook(() => useUserMetricsSummary(COMPANY, params), {
      wrapper: wrapperFor(queryClient),
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual(BODY);
    expect(requests).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({
      date_from: "2025-07-01",
      date_to: "2025-07-02",
      status: "active",
    });
    expect(queryClient.getQueryData(["user-metrics-summary", COMPANY, params])).toEqual(BODY);
  });

  it("does not retry a 400 and exposes the field errors", async () => {
    let requests = 0;
    const errors = { date_from: ["Enter a valid date format (YYYY-MM-DD)."] };
    server.use(
      http.get(SUMMARY, () => {
        requests++;
        return HttpResponse.json(
          {
            detail: "Invalid query parameters.",
            code: "validation_error",
            errors,
            timestamp: "2025-07-13T15:30:00Z",
          },
          { status: 400 },
        );
      }),
    );
    const { result } = renderHook(() => useUserMetricsSummary(COMPANY, { date_from: "nope" }), {
      wrapper: wrapperFor(new QueryClient()),
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status: 400, code: "validation_error", errors });
    expect(requests).toBe(1);
  });

  it("does not fetch without a company", () =>
    expectNoRequest(server, [() => useUserMetricsSummary("")], BODY));
});
