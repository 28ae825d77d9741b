import { QueryClient } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import type { UserMetricDetail } from "@/lib/contracts/user-metrics";
import { useUserMetric } from "./use-user-metric";
import { mockNetwork, wrapperFor, expectNoRequest } from "./test-utils";

const COMPANY = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
const JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const DETAIL = `http://localhost:3000/api/v2/companies/${COMPANY}/user-metrics/${JANE}/`;

const server = mockNetwork();

const BODY: UserMetricDetail = {
  user_id: JANE,
  email: "jane.smith@acme.test",
  first_name: "Jane",
  last_name: "Smith",
  last_active: "2025-07-02T10:30:00Z",
  total_sessions: 42,
  sessions_this_month: 2,
  avg_session_duration: "00:20:00",
  status: "active",
  role: "admin",
  department: "Engineering",
  created_at: "2024-01-15T09:00:00Z",
  last_login: "2025-07-02T10:10:00Z",
  daily: [
    { date: "2025-07-01", sessions: 0, avg_session_duration: "00:00:00" },
    { date: "2025-07-02", sessions: 1, avg_session_duration: "00:20:00" },
  ],
  recent_sessions: [
    {
      id: "0b7e4c9a-1f2d-4e3b-8a5c-6d7e8f9a0b1c",
      started_at: "2025-07-02T10:10:00Z",
      ended_at: "2025-07-02T10:30:00Z",
      duration: "00:20:00",
    },
  ],
};

const notFound = () =>
  HttpResponse.json(
    {
      detail: "Member not found: this user is not a member of the company.",
      code: "member_not_found",
      timestamp: "2025-07-13T15:30:00Z",
    },
    { status: 404 },
  );

describe("useUserMetric", () => {
  it("fetches the member with the window only and caches it under ['user-metric', id, userId, params]", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(DETAIL, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(BODY);
      }),
    );
    const queryClient = new QueryClient();
    // A stray field (as a URL's state might carry) is not sent.
    const params = { date_from: "2025-07-01", date_to: "2025-07-02", status: "active" } as {
      date_from: string;
      date_to: string;
    };
    const { result } = renderHook(() => useUserMetric(COMPANY, JANE, params), {
      wrapper: wrapperFor(queryClient),
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual(BODY);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.pathname).toBe(`/api/v2/companies/${COMPANY}/user-metrics/${JANE}/`);
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({
      date_from: "2025-07-01",
      date_to: "2025-07-02",
    });
    expect(queryClient.getQueryData(["user-metric", COMPANY, JANE, params])).toEqual(BODY);
    // Fresh for two minutes: a second mount reads the cache.
    const again = renderHook(() => useUserMetric(COMPANY, JANE, params), {
      wrapper: wrapperFor(queryClient),
    });
    expect(again.result.current.data).toEqual(BODY);
    expect(again.result.current.isStale).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it("does not retry member_not_found and exposes the API's code", async () => {
    let requests = 0;
    server.use(
      http.get(DETAIL, () => {
        requests++;
        return notFound();
      }),
    );
    const { result } = renderHook(() => useUserMetric(COMPANY, JANE), {
      wrapper: wrapperFor(new QueryClient()),
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status: 404, code: "member_not_found" });
    expect(requests).toBe(1);
  });

  it("retries a 500 with back-off, then succeeds", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let requests = 0;
    server.use(
      http.get(DETAIL, () => {
        requests++;
        return requests < 3
          ? HttpResponse.json(
              { detail: "boom", code: "internal_error", timestamp: "2025-07-13T15:30:00Z" },
              { status: 500 },
            )
          : HttpResponse.json(BODY);
      }),
    );
    const { result } = renderHook(() => useUserMetric(COMPANY, JANE), {
      wrapper: wrapperFor(new QueryClient()),
    });
    await waitFor(() => expect(requests).toBe(1));
    await vi.advanceTimersByTimeAsync(1_000);
    await waitFor(() => expect(requests).toBe(2));
    await vi.advanceTimersByTimeAsync(2_000);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(requests).toBe(3);
  });

  it("does not fetch without a company or a member", () =>
    expectNoRequest(server, [() => useUserMetric("", JANE), () => useUserMetric(COMPANY, "")], BODY));
});
