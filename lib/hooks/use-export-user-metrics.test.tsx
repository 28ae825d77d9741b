import { act, renderHook, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createApiClient } from "@/lib/api-client";
import {
  countCsvRecords,
  useExportUserMetrics,
  userMetricsExportUrl,
  type ExportUserMetricsResult,
} from "./use-export-user-metrics";
import { mockNetwork, wrapperFor } from "./test-utils";

const COMPANY = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";
const EXPORT_PATH = `/api/v2/companies/${COMPANY}/user-metrics/export/`;

const server = mockNetwork();

// Three data rows; the second has a quoted cell with CRLF, LF and a doubled quote inside.
const CSV =
  "user_id,email,department\r\n" +
  "u1,a@acme.test,Engineering\r\n" +
  'u2,b@acme.test,"Line one\r\nline ""two""\nline three"\r\n' +
  "u3,c@acme.test,\r\n";

describe("countCsvRecords", () => {
  it.each([
    ["", 0],
    ["a,b\r\n", 1],
    ["a,b", 1],
    ["a,b\r\n1,2\r\n", 2],
    ["a,b\r\n1,2", 2],
    ["a,b\n1,2\n", 2],
    ['a\r\n"x\r\ny"\r\n', 2],
    ['a\r\n"he said ""hi\r\n"""\r\n', 2],
    ['a\r\n""\r\n', 2],
    ["a\r\n1\r\n\r\n", 2],
    [CSV, 4],
  ])("%j has %i records", (text, expected) => {
    expect(countCsvRecords(text)).toBe(expected);
  });
});

describe("userMetricsExportUrl", () => {
  it("is the same-origin export path with the list's filters and no paging", () => {
    const params = {
      status: "active",
      ordering: "total_sessions",
      date_from: "2025-06-01",
      page: 3,
      page_size: 50,
    } as const;
    const url = new URL(userMetricsExportUrl(COMPANY, params), "http://localhost:3000");
    expect(url.pathname).toBe(EXPORT_PATH);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: "active",
      ordering: "total_sessions",
      date_from: "2025-06-01",
    });
    expect(userMetricsExportUrl(COMPANY)).toBe(EXPORT_PATH);
  });
});

describe("useExportUserMetrics", () => {
  it("downloads the CSV through the provider's client and counts its data rows", async () => {
    const requests: Request[] = [];
    server.use(
      http.get(`https://metrics.example.test${EXPORT_PATH}`, ({ request }) => {
        requests.push(request);
        return new HttpResponse(CSV, {
          headers: {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="user-metrics-acme-corp-2025-06-01_2025-07-01.csv"',
          },
        });
      }),
    );
    const client = createApiClient({ baseUrl: "https://metrics.example.test", getToken: () => "jwt-xyz" });
    const { result } = renderHook(() => useExportUserMetrics(), { wrapper: wrapperFor(undefined, client) });

    let exported: ExportUserMetricsResult | undefined;
    await act(async () => {
      exported = await result.current.mutateAsync({
        companyId: COMPANY,
        params: { status: "active", date_from: "2025-06-01" },
      });
    });

    expect(exported?.rows).toBe(3);
    expect(exported?.filename).toBe("user-metrics-acme-corp-2025-06-01_2025-07-01.csv");
    expect(await exported?.blob.text()).toBe(CSV);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer jwt-xyz");
    expect(Object.fromEntries(new URL(requests[0]!.url).searchParams)).toEqual({
      status: "active",
      date_from: "2025-06-01",
    });
  });

  it("names the file after the company when Content-Disposition is missing, and counts 0 rows for a header only", async () => {
    server.use(http.get(`http://localhost:3000${EXPORT_PATH}`, () => new HttpResponse("user_id,email\r\n")));
    const { result } = renderHook(() => useExportUserMetrics(), { wrapper: wrapperFor() });
    let exported: ExportUserMetricsResult | undefined;
    await act(async () => {
      exported = await result.current.mutateAsync({ companyId: COMPANY });
    });
    expect(exported?.filename).toBe(`user-metrics-${COMPANY}.csv`);
    expect(exported?.rows).toBe(0);
  });

  it("fails with the API's error (e.g. the export limit's 503 and its Retry-After)", async () => {
    server.use(
      http.get(`http://localhost:3000${EXPORT_PATH}`, () =>
        HttpResponse.json(
          {
            detail: "Too many exports are running on this server. Try again shortly.",
            code: "service_unavailable",
            timestamp: "2025-07-13T15:30:00Z",
          },
          { status: 503, headers: { "Retry-After": "5" } },
        ),
      ),
    );
    const { result } = renderHook(() => useExportUserMetrics(), { wrapper: wrapperFor() });
    act(() => result.current.mutate({ companyId: COMPANY }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ status: 503, code: "service_unavailable", retry_after: 5 });
  });
});
