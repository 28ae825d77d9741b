import { QueryClient } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { CompanyResponse } from "@/lib/contracts/companies";
import { useCompany, useUpdateCompany } from "./use-company";
import { useUserMetric } from "./use-user-metric";
import { useUserMetrics } from "./use-user-metrics";
import { useUserMetricsRetention } from "./use-user-metrics-retention";
import { useUserMetricsSummary } from "./use-user-metrics-summary";
import { mockNetwork, wrapperFor } from "./test-utils";

const ACME = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
const GLOBEX = "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34";
const JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const COMPANY = "http://localhost:3000/api/v2/companies/:companyId/";
const METRICS = `${COMPANY}user-metrics`;

const server = mockNetwork();

const error = (status: number, code: string, detail: string, extra: object = {}) =>
  HttpResponse.json({ detail, code, timestamp: "2025-07-13T15:30:00Z", ...extra }, { status });

/** Counts GETs per "<kind> <company>"; the company answers with `zones[companyId]`. */
function routes(zones: Record<string, string>) {
  const counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const company = (id: string): CompanyResponse => ({ id, name: id, timezone: zones[id] ?? "UTC" });
  server.use(
    http.get(COMPANY, ({ params }) => {
      bump(`company ${String(params.companyId)}`);
      return HttpResponse.json(company(String(params.companyId)));
    }),
    http.get(`${METRICS}/`, ({ params }) => {
      bump(`list ${String(params.companyId)}`);
      return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
    }),
    // Only the fields the test needs: the hooks do not inspect the bodies.
    ...(["summary", "retention"] as const).map((kind) =>
      http.get(`${METRICS}/${kind}/`, ({ params }) => {
        bump(`${kind} ${String(params.companyId)}`);
        return HttpResponse.json({ company_id: params.companyId });
      }),
    ),
    http.get(`${METRICS}/:userId/`, ({ params }) => {
      bump(`member ${String(params.companyId)}`);
      return HttpResponse.json({ user_id: params.userId });
    }),
  );
  return { counts, company };
}

function mountAll() {
  const queryClient = new QueryClient();
  const rendered = renderHook(
    () => ({
      company: useCompany(ACME),
      list: useUserMetrics(ACME),
      summary: useUserMetricsSummary(ACME, { compare: "previous_period" }),
      member: useUserMetric(ACME, JANE),
      retention: useUserMetricsRetention(ACME, { period: "week" }),
      other: useUserMetrics(GLOBEX),
      update: useUpdateCompany(ACME),
    }),
    { wrapper: wrapperFor(queryClient) },
  );
  return { queryClient, ...rendered };
}

const FIRST_LOAD = {
  [`company ${ACME}`]: 1,
  [`list ${ACME}`]: 1,
  [`summary ${ACME}`]: 1,
  [`member ${ACME}`]: 1,
  [`retention ${ACME}`]: 1,
  [`list ${GLOBEX}`]: 1,
};

describe("useCompany", () => {
  it("fetches the company under ['company', id]", async () => {
    const { counts } = routes({ [ACME]: "UTC" });
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useCompany(ACME), { wrapper: wrapperFor(queryClient) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual({ id: ACME, name: ACME, timezone: "UTC" });
    expect(queryClient.getQueryData(["company", ACME])).toEqual(result.current.data);
    expect(counts).toEqual({ [`company ${ACME}`]: 1 });
  });

  it("does not fetch without a company, nor retry a 403", async () => {
    let requests = 0;
    server.use(
      http.all("*", () => {
        requests++;
        return error(403, "permission_denied", "Only owners and admins.");
      }),
    );
    const idle = renderHook(() => useCompany(""), { wrapper: wrapperFor() });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(idle.result.current.fetchStatus).toBe("idle");
    expect(requests).toBe(0);
    const refused = renderHook(() => useCompany(ACME), { wrapper: wrapperFor() });
    await waitFor(() => expect(refused.result.current.isError).toBe(true));
    expect(refused.result.current.error).toMatchObject({ status: 403, code: "permission_denied" });
    expect(requests).toBe(1);
  });
});

describe("useUpdateCompany", () => {
  it("PATCHes the body's fields only, and refetches that company and every one of its metrics queries", async () => {
    const zones: Record<string, string> = { [ACME]: "UTC", [GLOBEX]: "America/New_York" };
    const { counts } = routes(zones);
    const bodies: unknown[] = [];
    server.use(
      http.patch(COMPANY, async ({ request, params }) => {
        const body = (await request.json()) as { timezone: string };
        bodies.push(body);
        zones[String(params.companyId)] = body.timezone;
        return HttpResponse.json({ id: params.companyId, name: params.companyId, timezone: body.timezone });
      }),
    );
    const { result } = mountAll();
    await waitFor(() => expect(counts).toEqual(FIRST_LOAD));

    await act(async () => {
      // A stray property stays out of the body.
      await result.current.update.mutateAsync({ timezone: "Europe/Berlin", name: "x" } as never);
    });

    expect(bodies).toEqual([{ timezone: "Europe/Berlin" }]);
    expect(result.current.company.data?.timezone).toBe("Europe/Berlin");
    // Resolved once the invalidated queries have refetched; Globex's are untouched.
    expect(counts).toEqual({
      [`company ${ACME}`]: 2,
      [`list ${ACME}`]: 2,
      [`summary ${ACME}`]: 2,
      [`member ${ACME}`]: 2,
      [`retention ${ACME}`]: 2,
      [`list ${GLOBEX}`]: 1,
    });
  });

  it("exposes a 400's field errors and invalidates nothing", async () => {
    const { counts } = routes({ [ACME]: "UTC" });
    const errors = { timezone: ["Enter a valid IANA time zone (for example Europe/Berlin)."] };
    server.use(
      http.patch(COMPANY, () => error(400, "validation_error", "Invalid request body.", { errors })),
    );
    const { result, queryClient } = mountAll();
    await waitFor(() => expect(counts).toEqual(FIRST_LOAD));
    await act(async () => {
      await result.current.update.mutateAsync({ timezone: "Mars/Olympus" }).catch(() => undefined);
    });
    await waitFor(() => expect(result.current.update.isError).toBe(true));
    expect(result.current.update.error).toMatchObject({ status: 400, code: "validation_error", errors });
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .some((q) => q.isStale() && q.queryKey[0] !== "company"),
    ).toBe(false);
    expect(counts).toEqual(FIRST_LOAD);
  });
});
