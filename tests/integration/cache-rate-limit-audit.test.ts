import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { ACME, api, forgeToken, login, metricsPath } from "../helpers/api";
import { TEST_REDIS_URL } from "../helpers/config";
import { connectTestDb, startOfQuietMinute } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";

const conn = connectTestDb();
const redis = new Redis(TEST_REDIS_URL);
afterAll(async () => {
  await conn.close();
  redis.disconnect();
});

async function auditRows(requestId: string) {
  return conn.sql<Record<string, unknown>[]>`select * from audit_log where request_id = ${requestId}`;
}

describe("rate limit: 100 requests per minute per company, sliding window", () => {
  it("counts down, refuses the 101st with the API's 429, and leaves other companies alone", async () => {
    const a = await createCompany(conn.db, [
      { role: "admin", sessions: [sessionEndingDaysAgo(1)] },
      { role: "viewer" },
    ]);
    const b = await createCompany(conn.db, [{ role: "admin", sessions: [sessionEndingDaysAgo(1)] }]);
    const token = await forgeToken(a.members[0]!.userId);
    // The window slides across clock minutes; keep the burst inside one so the count is exact.
    await startOfQuietMinute();

    const first = await api(metricsPath(a.companyId), { token });
    expect(first.headers.get("x-ratelimit-limit")).toBe("100");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("99");
    const reset = Number(first.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);

    for (let i = 2; i <= 100; i++) {
      const res = await api(metricsPath(a.companyId, `page_size=${(i % 50) + 1}`), { token });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(100 - i));
    }
    const refused = await api(metricsPath(a.companyId), { token });
    expect(refused.status).toBe(429);
    expect(Object.keys(refused.body)).toEqual(["detail", "code", "retry_after", "timestamp"]);
    expect(refused.body.code).toBe("rate_limit_exceeded");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.retry_after).toBe(retryAfter);
    expect(refused.body.detail).toBe(`Rate limit exceeded. Try again in ${retryAfter} seconds.`);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");

    // 429 comes before 400, but after 403: a viewer is still told it has no access.
    expect((await api(metricsPath(a.companyId, "page_size=1000"), { token })).status).toBe(429);
    expect(
      (await api(metricsPath(a.companyId), { token: await forgeToken(a.members[1]!.userId) })).status,
    ).toBe(403);

    // Another company has its own window.
    const other = await api(metricsPath(b.companyId), { token: await forgeToken(b.members[0]!.userId) });
    expect(other.status).toBe(200);
    expect(other.headers.get("x-ratelimit-remaining")).toBe("99");

    // The window lives in Redis, so every instance shares it.
    const keys = await redis.keys(`um:rl:company:{${a.companyId}}:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it("puts the policy's rate-limit headers on refusals, without counting them or revealing the company's traffic", async () => {
    const c = await createCompany(conn.db, [
      { role: "viewer" },
      { role: "admin", sessions: [sessionEndingDaysAgo(1)] },
    ]);
    const viewer = await forgeToken(c.members[0]!.userId);
    const admin = await forgeToken(c.members[1]!.userId);
    await startOfQuietMinute(5);
    for (let i = 0; i < 3; i++)
      expect((await api(metricsPath(c.companyId), { token: admin })).status).toBe(200);
    for (const res of [
      await api(metricsPath(c.companyId)),
      await api(metricsPath(c.companyId), { token: viewer }),
    ]) {
      expect([401, 403]).toContain(res.status);
      expect(res.headers.get("x-ratelimit-limit")).toBe("100");
      expect(res.headers.get("x-ratelimit-remaining")).toBe("100");
      expect(res.headers.get("x-ratelimit-reset")).toMatch(/^\d{10}$/);
    }
    // Refusals were not counted: the admin's next request is the 4th.
    expect((await api(metricsPath(c.companyId), { token: admin })).headers.get("x-ratelimit-remaining")).toBe(
      "96",
    );
  });
});

describe("result cache", () => {
  it("misses, then hits for the same normalised parameters, with Cache-Control private for 2 minutes", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(1)] }]);
    const token = await forgeToken(members[0]!.userId);
    const miss = await api(metricsPath(companyId, "status=active"), { token });
    expect(miss.headers.get("x-cache")).toBe("MISS");
    expect(miss.headers.get("cache-control")).toBe("private, max-age=120");
    const hit = await api(metricsPath(companyId, "status=active&unknown=1"), { token });
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.body.results).toEqual(miss.body.results);
    // Same filters spelled differently normalise to the same entry.
    const day = new Date().toISOString().slice(0, 10);
    const spelled = await api(
      metricsPath(companyId, `status=active&page=1&page_size=20&ordering=-last_active&date_to=${day}`),
      { token },
    );
    expect(spelled.headers.get("x-cache")).toBe("HIT");
    expect((await api(metricsPath(companyId, "status=inactive"), { token })).headers.get("x-cache")).toBe(
      "MISS",
    );

    const [key] = await redis.keys(`um:cache:{${companyId}}:*`);
    expect(key).toBeDefined();
    const ttl = await redis.ttl(key!);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it("is consulted only after authentication and permission checks", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { sessions: [sessionEndingDaysAgo(1)] },
      { role: "viewer" },
    ]);
    const warm = await api(metricsPath(companyId), { token: await forgeToken(members[0]!.userId) });
    expect(warm.status).toBe(200);
    expect((await api(metricsPath(companyId))).status).toBe(401);
    expect((await api(metricsPath(companyId), { token: await forgeToken(members[1]!.userId) })).status).toBe(
      403,
    );
    const stranger = await api(metricsPath(companyId), { token: await login("admin@globex.test") });
    expect(stranger.status).toBe(403);
    expect(stranger.text).not.toContain(members[0]!.userId);
  });

  it("serves fresh results after the company's cache is invalidated", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(1)] }]);
    const token = await forgeToken(members[0]!.userId);
    expect((await api(metricsPath(companyId), { token })).headers.get("x-cache")).toBe("MISS");
    expect((await api(metricsPath(companyId), { token })).headers.get("x-cache")).toBe("HIT");
    await redis.incr(`um:cache-gen:{${companyId}}`); // what a refresh does (lib/cache.ts invalidateCompany)
    expect((await api(metricsPath(companyId), { token })).headers.get("x-cache")).toBe("MISS");
  });
});

describe("audit trail: one durable row per request", () => {
  it("records allowed and refused requests with actor, company, action, parameters, status, address and agent", async () => {
    const jane = await login("jane.smith@acme.test");
    const cases: {
      token?: string;
      query: string;
      company: string;
      status: number;
      actor: string | null;
      code: string | null;
    }[] = [
      {
        token: jane,
        query: "status=active&page_size=5",
        company: ACME,
        status: 200,
        actor: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        code: null,
      },
      { query: "status=active", company: ACME, status: 401, actor: null, code: "authentication_required" },
      {
        token: jane,
        query: "page_size=500",
        company: ACME,
        status: 400,
        actor: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        code: "validation_error",
      },
      {
        token: jane,
        query: "",
        company: "nope",
        status: 404,
        actor: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        code: "company_not_found",
      },
      {
        token: await login("viewer@acme.test"),
        query: "",
        company: ACME,
        status: 403,
        actor: null,
        code: "permission_denied",
      },
    ];
    for (const c of cases) {
      const res = await api(metricsPath(c.company, c.query), {
        token: c.token,
        headers: { "User-Agent": "audit-test/1.0" },
      });
      expect(res.status).toBe(c.status);
      const requestId = res.headers.get("x-request-id")!;
      const rows = await auditRows(requestId);
      expect(rows, `${c.status}`).toHaveLength(1);
      const row = rows[0]!;
      expect(row).toMatchObject({
        action: "user_metrics.list",
        method: "GET",
        company_ref: c.company,
        status: c.status,
        code: c.code,
        user_agent: "audit-test/1.0",
        path: `/api/v2/companies/${c.company}/user-metrics/`,
      });
      if (c.actor) expect(row.actor_user_id).toBe(c.actor);
      if (c.status === 401) expect(row.actor_user_id).toBeNull();
      expect(row.client_address).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
      expect(row.params).toEqual(Object.fromEntries(new URLSearchParams(c.query)));
      expect(new Date(row.occurred_at as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it("writes the row even for parameters PostgreSQL cannot store as sent (NUL)", async () => {
    const res = await api(metricsPath(ACME, "page_size=1&x=%00&%00=y"), {
      token: await login("jane.smith@acme.test"),
    });
    expect(res.status).toBe(200);
    const rows = await auditRows(res.headers.get("x-request-id")!);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.params).toMatchObject({ page_size: "1", x: "\uFFFD" });
  });

  it("audits 405s and the slash-less path too", async () => {
    for (const [path, method] of [
      [metricsPath(ACME), "DELETE"],
      [`/api/v2/companies/${ACME}/user-metrics`, "GET"],
    ] as const) {
      const res = await api(path, { method });
      expect(await auditRows(res.headers.get("x-request-id")!)).toHaveLength(1);
    }
  });

  it("keeps the caller's X-Request-Id and never records a password", async () => {
    const res = await api(metricsPath(ACME), { headers: { "X-Request-Id": "trace-abc.123" } });
    expect(res.headers.get("x-request-id")).toBe("trace-abc.123");
    expect(await auditRows("trace-abc.123")).toHaveLength(1);

    const token = await api("/api/v2/auth/token/", {
      method: "POST",
      body: { email: "nobody-audit@example.test", password: "s3cret-passw0rd" },
      headers: { "X-Request-Id": "token-audit-1" },
    });
    expect(token.status).toBe(401);
    const rows = await auditRows("token-audit-1");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "auth.token", status: 401, code: "authentication_failed" });
    expect(rows[0]!.params).toMatchObject({ email: "nobody-audit@example.test" });
    expect(JSON.stringify(rows[0])).not.toContain("s3cret-passw0rd");
  });
});
