import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, api, forgeToken, login, metricsPath } from "../helpers/api";
import { TEST_AUTH_SECRET, TEST_DATABASE_URL } from "../helpers/config";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";

const conn = connectTestDb();
afterAll(() => conn.close());

describe("/api/metrics (Prometheus)", () => {
  it("is guarded by METRICS_TOKEN", async () => {
    expect((await api("/api/metrics")).status).toBe(401);
    expect((await api("/api/metrics", { token: "wrong" })).status).toBe(401);
  });

  it("exposes request durations by route template, responses by status, cache and rate-limit series", async () => {
    const token = await login("jane.smith@acme.test");
    await api(metricsPath(ACME, "page_size=3"), { token });
    await api(metricsPath(ACME, "page_size=3"), { token });
    const res = await api("/api/metrics", { token: "metrics-test-token" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = res.text;
    for (const name of [
      "http_request_duration_seconds_bucket",
      "http_responses_total",
      "rate_limit_hits_total",
      "cache_requests_total",
      "metrics_refresh_runs_total",
      "metrics_refresh_duration_seconds",
      "audit_write_failures_total",
    ]) {
      expect(text, name).toContain(`# TYPE ${name.replace(/_bucket$/, "")}`);
    }
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",route="\/api\/v2\/companies\/\{company_id\}\/user-metrics\/",method="GET",status="200"\} \d+/,
    );
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="5",/);
    expect(text).toMatch(/cache_requests_total\{scope="list",result="hit"\} [1-9]/);
    // Never a raw path: no company id in any route label.
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});

describe("client-facing headers", () => {
  it("sends the IETF RateLimit fields next to X-RateLimit-*", async () => {
    const res = await api(metricsPath(ACME), { token: await login("jane.smith@acme.test") });
    expect(res.headers.get("ratelimit-policy")).toBe('"company";q=100;w=60');
    expect(res.headers.get("ratelimit")).toMatch(/^"company";r=\d+;t=\d+$/);
    expect(res.headers.get("ratelimit")).toContain(`r=${res.headers.get("x-ratelimit-remaining")};`);
  });

  it("answers If-None-Match with 304 on the list and the summary", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(1)] }]);
    const token = await forgeToken(members[0]!.userId);
    for (const path of [metricsPath(companyId), `/api/v2/companies/${companyId}/user-metrics/summary/`]) {
      const first = await api(path, { token });
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^W\/"[\w-]+"$/);
      const again = await api(path, { token, headers: { "If-None-Match": etag! } });
      expect(again.status).toBe(304);
      expect(again.text).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect((await api(path, { token, headers: { "If-None-Match": 'W/"other"' } })).status).toBe(200);
      expect(first.headers.get("vary")).toContain("Authorization");
    }
  });
});

describe("/api/health", () => {
  it("reports PostgreSQL and Redis with their latency", async () => {
    const res = await api<{
      status: string;
      checks: Record<string, { status: string; kind: string; latency_ms: number }>;
    }>("/api/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.checks.database).toMatchObject({ status: "ok", kind: "postgres" });
    expect(res.body.checks.store).toMatchObject({ status: "ok", kind: "redis" });
    expect(typeof res.body.checks.database!.latency_ms).toBe("number");
  });
});

describe("an instance whose Redis is unreachable", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        AUTH_SECRET: TEST_AUTH_SECRET,
        REDIS_URL: "redis://127.0.0.1:6399/0",
        LOG_LEVEL: "info",
      },
      "server without redis",
    );
  });
  afterAll(() => server?.stop());

  it("says so on /api/health (503, naming the store) and keeps serving the API", async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { failing: string[]; checks: { store: { error: string } } };
    expect(body.failing).toEqual(["store"]);
    expect(body.checks.store.error).toBeTruthy();
    const token = await login("jane.smith@acme.test");
    const res = await fetch(`${server.url}${metricsPath(ACME, "page_size=2")}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBe("MISS");
  });

  it("refuses sign-in (503 with Retry-After) while the limiter's store is away: guessing is never unlimited", async () => {
    const res = await fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "jane.smith@acme.test", password: "demo-password" }),
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.code).toBe("service_unavailable");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("logs one JSON line per request, without tokens, passwords or cookies", async () => {
    const password = "demo-password";
    const tokenRes = await fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Request-Id": "log-test-token" },
      body: JSON.stringify({ email: "jane.smith@acme.test", password }),
    });
    expect(tokenRes.status).toBe(503); // sign-in fails closed here; the token comes from the main server
    const access = await login("jane.smith@acme.test");
    const cookie = `next-auth.session-token=${access}`;
    await fetch(`${server.url}${metricsPath(ACME)}`, {
      headers: { Authorization: `Bearer ${access}`, "X-Request-Id": "log-test-bearer" },
    });
    await fetch(`${server.url}${metricsPath(ACME)}`, {
      headers: { Cookie: cookie, "X-Request-Id": "log-test-cookie" },
    });
    await fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "jane.smith@acme.test", password: "Wr0ng-Secret-Guess" }),
    });
    await new Promise((r) => setTimeout(r, 300));
    const logs = server.logs();
    const lines = logs
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.request_id === "log-test-bearer");
    expect(line).toMatchObject({
      msg: "request",
      route: "/api/v2/companies/{company_id}/user-metrics/",
      method: "GET",
      status: 200,
      company: ACME,
      actor: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
      cache: expect.stringMatching(/HIT|MISS/),
      rate_limit: "degraded",
    });
    expect(typeof line!.duration_ms).toBe("number");
    expect(lines.find((l) => l.request_id === "log-test-token")).toMatchObject({
      route: "/api/v2/auth/token/",
      status: 503,
    });
    for (const secret of [password, "Wr0ng-Secret-Guess", access, access.split(".")[2]!])
      expect(logs).not.toContain(secret);
  });
});

describe("OpenAPI 3.1 document", () => {
  type Doc = {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, object> };
  };
  let doc: Doc;
  let validate: (schema: string, value: unknown) => void;

  beforeAll(async () => {
    doc = (await api<Doc>("/api/v2/openapi.json")).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: "openapi", components: doc.components } as object);
    validate = (schema, value) => {
      const check = ajv.getSchema(`openapi#/components/schemas/${schema}`)!;
      const ok = check(value);
      expect(ok, `${schema}: ${JSON.stringify(check.errors)}`).toBe(true);
    };
  });

  it("is served with a relative server, privately, and audited like every v2 request", async () => {
    const res = await api<{ servers: { url: string }[] }>("/api/v2/openapi.json", {
      headers: { "X-Forwarded-Host": "evil.example", "X-Request-Id": "openapi-audit" },
    });
    expect(res.body.servers).toEqual([{ url: "/" }]);
    expect(res.headers.get("cache-control")).toBe("private, max-age=300");
    const rows = await conn.sql`select 1 from audit_log where request_id = 'openapi-audit'`;
    expect(rows).toHaveLength(1);
  });

  it("covers every v2 route handler", () => {
    expect(doc.openapi).toBe("3.1.0");
    const root = path.resolve("app/api/v2");
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name === "route.ts") routes.push(path.relative(root, dir));
      }
    };
    walk(root);
    const documented = Object.keys(doc.paths);
    for (const route of routes.filter((r) => r !== "openapi.json")) {
      const template = `/api/v2/${route
        .replace("[companyId]", "{company_id}")
        .replace("[keyId]", "{key_id}")
        .replace("[userId]", "{user_id}")}/`;
      expect(documented, template).toContain(template);
    }
  });

  it("describes the real responses: list, summary, refresh, ingestion, token and every error body", async () => {
    const jane = await login("jane.smith@acme.test");
    validate("UserMetricsResponse", (await api(metricsPath(ACME, "page_size=5"), { token: jane })).body);
    validate(
      "UserMetricsSummary",
      (await api(`/api/v2/companies/${ACME}/user-metrics/summary/`, { token: jane })).body,
    );
    validate(
      "UserMetricDetail",
      (
        await api(`/api/v2/companies/${ACME}/user-metrics/a1b2c3d4-e5f6-7890-abcd-ef1234567890/`, {
          token: jane,
        })
      ).body,
    );
    const { companyId, members } = await createCompany(conn.db, [{ role: "admin" }]);
    const admin = await forgeToken(members[0]!.userId);
    validate(
      "RefreshResponse",
      (await api(`/api/v2/companies/${companyId}/user-metrics/refresh/`, { method: "POST", token: admin }))
        .body,
    );
    const now = Date.now();
    const ingest = await api(`/api/v2/companies/${companyId}/sessions/`, {
      method: "POST",
      token: admin,
      body: {
        sessions: [
          {
            id: crypto.randomUUID(),
            user_id: members[0]!.userId,
            started_at: new Date(now - 3_600_000).toISOString(),
            ended_at: new Date(now - 60_000).toISOString(),
          },
        ],
      },
    });
    validate("IngestResult", ingest.body);
    validate(
      "TokenResponse",
      (
        await api("/api/v2/auth/token/", {
          method: "POST",
          body: { email: "john.doe@acme.test", password: "demo-password" },
        })
      ).body,
    );
    const errors = [
      await api(metricsPath(ACME)),
      await api(metricsPath(ACME), { token: await login("viewer@acme.test") }),
      await api(metricsPath(crypto.randomUUID()), { token: jane }),
      await api(metricsPath(ACME, "page_size=1000&status=x"), { token: jane }),
      await api(`/api/v2/companies/${ACME}/user-metrics/${crypto.randomUUID()}/`, { token: jane }),
    ];
    expect(errors.map((e) => e.status)).toEqual([401, 403, 404, 400, 404]);
    for (const e of errors) validate("ErrorBody", e.body);
  });
});
