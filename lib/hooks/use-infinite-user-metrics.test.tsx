import { QueryClient } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { UserMetricsResponse } from "@/lib/contracts/user-metrics";
import { nextPageParam, useInfiniteUserMetrics } from "./use-infinite-user-metrics";
import { mockNetwork, wrapperFor, expectNoRequest } from "./test-utils";

const COMPANY = "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34";
const LIST = `http://localhost:3000/api/v2/companies/${COMPANY}/user-metrics/`;
// Absolute, from another origin: the page must come from the link's own query string.
const NEXT = `https://api.example.com/api/v2/companies/${COMPANY}/user-metrics/?page=2&page_size=1&status=active`;

const server = mockNetwork();

const page = (n: number, next: string | null): UserMetricsResponse => ({
  count: 2,
  next,
  previous: n > 1 ? LIST : null,
  results: [],
});

describe("nextPageParam", () => {
  it.each([
    [null, undefined],
    [NEXT, 2],
    ["https://h/x/?status=active&page=17", 17],
    // No usable page: stop rather than loop back to page 1.
    ["https://h/x/?status=active", undefined],
    ["https://h/x/?page=abc", undefined],
  ])("%s → %s", (next, expected) => {
    expect(nextPageParam(next)).toBe(expected);
  });
});

describe("useInfiniteUserMetrics", () => {
  it("starts at page 1, takes page 2 from `next`, and stops when `next` is null", async () => {
    const requests: URL[] = [];
    server.use(
      http.get(LIST, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url);
        return HttpResponse.json(url.searchParams.get("page") === "2" ? page(2, null) : page(1, NEXT));
      }),
    );
    const queryClient = new QueryClient();
    const params = { status: "active" as const, page_size: 1 };
    const { result } = renderHook(() => useInfiniteUserMetrics(COMPANY, params), {
      wrapper: wrapperFor(queryClient),
    });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.hasNextPage).toBe(true);
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({
      status: "active",
      page_size: "1",
      page: "1",
    });

    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(2));
    expect(result.current.data?.pageParams).toEqual([1, 2]);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.origin).toBe("http://localhost:3000");
    expect(Object.fromEntries(requests[1]!.searchParams)).toEqual({
      status: "active",
      page_size: "1",
      page: "2",
    });
    expect(result.current.hasNextPage).toBe(false);
    expect(queryClient.getQueryData(["user-metrics-infinite", COMPANY, params])).toBeDefined();
  });

  it("has no next page when the first page's `next` is null", async () => {
    server.use(http.get(LIST, () => HttpResponse.json(page(1, null))));
    const { result } = renderHook(() => useInfiniteUserMetrics(COMPANY), {
      wrapper: wrapperFor(new QueryClient()),
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.hasNextPage).toBe(false);
  });

  it("does not fetch without a company", () =>
    expectNoRequest(server, [() => useInfiniteUserMetrics("")], page(1, null)));

  it("does not retry a 403", async () => {
    let requests = 0;
    server.use(
      http.get(LIST, () => {
        requests++;
        return HttpResponse.json(
          {
            detail: "No.",
            code: "permission_denied",
            company_id: COMPANY,
            timestamp: "2025-07-13T15:30:00Z",
          },
          { status: 403 },
        );
      }),
    );
    const { result } = renderHook(() => useInfiniteUserMetrics(COMPANY), {
      wrapper: wrapperFor(new QueryClient()),
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({
      status: 403,
      code: "permission_denied",
      company_id: COMPANY,
    });
    expect(requests).toBe(1);
  });
});
