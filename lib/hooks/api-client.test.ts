import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ApiClientError,
  createApiClient,
  defaultApiClient,
  filenameFromContentDisposition,
  queryString,
} from "@/lib/api-client";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Records every request msw sees for one route and answers with `reply`. */
function capture(method: "get" | "post" | "patch" | "delete", url: string, reply: () => Response) {
  const requests: Request[] = [];
  server.use(
    http[method](url, ({ request }) => {
      requests.push(request.clone());
      return reply();
    }),
  );
  return requests;
}

describe("queryString", () => {
  it("omits null, undefined and empty values and encodes the rest", () => {
    expect(queryString({ a: "x y", b: 2, c: null, d: undefined, e: "" })).toBe("?a=x+y&b=2");
    expect(queryString({ c: null })).toBe("");
    expect(queryString()).toBe("");
  });
});

describe("createApiClient", () => {
  it("GETs the same origin with Accept: application/json and no Authorization by default", async () => {
    const requests = capture("get", "http://localhost:3000/api/x/", () => HttpResponse.json({ ok: 1 }));
    await expect(defaultApiClient.get("/api/x/", { page: 2, status: undefined })).resolves.toEqual({ ok: 1 });
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.url).toBe("http://localhost:3000/api/x/?page=2");
    expect(request.headers.get("accept")).toBe("application/json");
    expect(request.headers.has("authorization")).toBe(false);
  });

  it("sends the session cookie same-origin only", async () => {
    const fetchSpy = vi.fn<typeof fetch>(async () => HttpResponse.json({}));
    await createApiClient({ fetch: fetchSpy }).get("/api/x/");
    expect(fetchSpy).toHaveBeenCalledOnce();
    expect(fetchSpy.mock.calls[0]![1]).toMatchObject({ method: "GET", credentials: "same-origin" });
  });

  it("prefixes baseUrl and sends the (async) token as a bearer", async () => {
    const requests = capture("get", "https://api.example.test/v/api/x/", () => HttpResponse.json([]));
    const client = createApiClient({
      baseUrl: "https://api.example.test/v/",
      getToken: async () => "tok-123",
    });
    expect(client.url("/api/x/", { a: 1 })).toBe("https://api.example.test/v/api/x/?a=1");
    await client.get("/api/x/");
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer tok-123");
  });

  it("reads the token before every request", async () => {
    const requests = capture("get", "http://localhost:3000/api/x/", () => HttpResponse.json({}));
    let token: string | null = "first";
    const client = createApiClient({ getToken: () => token });
    await client.get("/api/x/");
    token = null;
    await client.get("/api/x/");
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer first", null]);
  });

  it("POSTs a JSON body with Content-Type, and no body when none is given", async () => {
    const requests = capture("post", "http://localhost:3000/api/y/", () => HttpResponse.json({ done: true }));
    const client = createApiClient();
    await expect(client.post("/api/y/", { a: 1 })).resolves.toEqual({ done: true });
    await client.post("/api/y/");
    expect(requests[0]!.headers.get("content-type")).toBe("application/json");
    expect(await requests[0]!.text()).toBe('{"a":1}');
    expect(requests[1]!.headers.has("content-type")).toBe(false);
    expect(await requests[1]!.text()).toBe("");
  });

  it("PATCHes a JSON body with Content-Type and the token", async () => {
    const requests = capture("patch", "http://localhost:3000/api/c/1/", () =>
      HttpResponse.json({ timezone: "Europe/Berlin" }),
    );
    const client = createApiClient({ getToken: () => "tok" });
    await expect(client.patch("/api/c/1/", { timezone: "Europe/Berlin" })).resolves.toEqual({
      timezone: "Europe/Berlin",
    });
    expect(requests[0]!.method).toBe("PATCH");
    expect(requests[0]!.headers.get("content-type")).toBe("application/json");
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer tok");
    expect(await requests[0]!.text()).toBe('{"timezone":"Europe/Berlin"}');
  });

  it("DELETEs without a body and resolves a 204 to undefined", async () => {
    const requests = capture(
      "delete",
      "http://localhost:3000/api/z/1/",
      () => new HttpResponse(null, { status: 204 }),
    );
    await expect(createApiClient({ getToken: () => "tok" }).delete("/api/z/1/")).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer tok");
    expect(requests[0]!.headers.has("content-type")).toBe(false);
    expect(await requests[0]!.text()).toBe("");
  });

  it("turns the API's error body into an ApiClientError with every field and the status", async () => {
    const body = {
      detail: "Invalid query parameters.",
      code: "validation_error",
      errors: { page_size: ["Ensure this value is less than or equal to 100."] },
      timestamp: "2025-07-13T15:30:00Z",
    };
    capture("get", "http://localhost:3000/api/x/", () => HttpResponse.json(body, { status: 400 }));
    const error = await defaultApiClient.get("/api/x/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiClientError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ status: 400, message: body.detail, ...body });
  });

  it("keeps company_id and retry_after from the body", async () => {
    capture("get", "http://localhost:3000/api/x/", () =>
      HttpResponse.json(
        {
          detail: "Slow down.",
          code: "rate_limit_exceeded",
          retry_after: 42,
          company_id: "c",
          timestamp: "t",
        },
        { status: 429, headers: { "Retry-After": "7" } },
      ),
    );
    const error = (await defaultApiClient.get("/api/x/").catch((e: unknown) => e)) as ApiClientError;
    expect(error.retry_after).toBe(42);
    expect(error.company_id).toBe("c");
  });

  it("takes retry_after from the Retry-After header when the body has none", async () => {
    capture("get", "http://localhost:3000/api/x/", () =>
      HttpResponse.json(
        { detail: "Too many exports.", code: "service_unavailable", timestamp: "2025-07-13T15:30:00Z" },
        { status: 503, headers: { "Retry-After": "5" } },
      ),
    );
    const error = (await defaultApiClient.get("/api/x/").catch((e: unknown) => e)) as ApiClientError;
    expect(error).toMatchObject({ status: 503, code: "service_unavailable", retry_after: 5 });
  });

  it("synthesizes an http_error for a non-JSON 502", async () => {
    capture(
      "get",
      "http://localhost:3000/api/x/",
      () =>
        new HttpResponse("<html><body>Bad gateway</body></html>", {
          status: 502,
          statusText: "Bad Gateway",
          headers: { "Content-Type": "text/html" },
        }),
    );
    const error = (await defaultApiClient.get("/api/x/").catch((e: unknown) => e)) as ApiClientError;
    expect(error).toBeInstanceOf(ApiClientError);
    expect(error.status).toBe(502);
    expect(error.code).toBe("http_error");
    expect(error.detail).toContain("502");
    expect(error.timestamp).toMatch(TIMESTAMP);
    expect(error.errors).toBeUndefined();
  });

  it("synthesizes an http_error for JSON that is not the error shape", async () => {
    capture("get", "http://localhost:3000/api/x/", () =>
      HttpResponse.json({ message: "upstream" }, { status: 500 }),
    );
    const error = (await defaultApiClient.get("/api/x/").catch((e: unknown) => e)) as ApiClientError;
    expect(error).toMatchObject({ status: 500, code: "http_error" });
  });

  it("synthesizes a network_error with status 0 when no response arrives", async () => {
    capture("get", "http://localhost:3000/api/x/", () => HttpResponse.error());
    const error = (await defaultApiClient.get("/api/x/").catch((e: unknown) => e)) as ApiClientError;
    expect(error).toBeInstanceOf(ApiClientError);
    expect(error).toMatchObject({ status: 0, code: "network_error" });
    expect(error.detail).not.toBe("");
    expect(error.timestamp).toMatch(TIMESTAMP);
    expect(error.cause).toBeDefined();
  });

  it("rethrows a cancellation as is, not as a network error", async () => {
    capture("get", "http://localhost:3000/api/x/", () => HttpResponse.json({}));
    const controller = new AbortController();
    controller.abort();
    const error = await defaultApiClient
      .get("/api/x/", undefined, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApiClientError);
    expect((error as Error).name).toBe("AbortError");
  });

  it("reports a 200 that is not JSON as invalid_response", async () => {
    capture("get", "http://localhost:3000/api/x/", () => new HttpResponse("<html>login</html>"));
    const error = (await defaultApiClient.get("/api/x/").catch((e: unknown) => e)) as ApiClientError;
    expect(error).toMatchObject({ status: 200, code: "invalid_response" });
  });

  it("downloads a file without the JSON Accept header, with its name", async () => {
    const requests = capture(
      "get",
      "http://localhost:3000/api/f/",
      () =>
        new HttpResponse("a,b\r\n1,2\r\n", {
          headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="x-1.csv"' },
        }),
    );
    const { blob, filename } = await defaultApiClient.download("/api/f/", { status: "active" });
    expect(filename).toBe("x-1.csv");
    expect(await blob.text()).toBe("a,b\r\n1,2\r\n");
    expect(requests[0]!.url).toBe("http://localhost:3000/api/f/?status=active");
    expect(requests[0]!.headers.get("accept")).not.toBe("application/json");
  });

  it("fails a download with the error body like any request", async () => {
    capture("get", "http://localhost:3000/api/f/", () =>
      HttpResponse.json(
        { detail: "No.", code: "permission_denied", company_id: "c", timestamp: "2025-07-13T15:30:00Z" },
        { status: 403 },
      ),
    );
    await expect(defaultApiClient.download("/api/f/")).rejects.toMatchObject({
      status: 403,
      code: "permission_denied",
    });
  });
});

describe("filenameFromContentDisposition", () => {
  it.each([
    [null, null],
    ["attachment", null],
    [
      'attachment; filename="user-metrics-acme-2025-06-01_2025-07-01.csv"',
      "user-metrics-acme-2025-06-01_2025-07-01.csv",
    ],
    ["attachment; filename=plain.csv", "plain.csv"],
    ['attachment; filename="a \\"q\\".csv"', 'a "q".csv'],
    ["attachment; filename=\"fallback.csv\"; filename*=UTF-8''r%C3%A9sum%C3%A9.csv", "résumé.csv"],
  ])("%s → %s", (header, expected) => {
    expect(filenameFromContentDisposition(header)).toBe(expected);
  });
});
