import { afterAll, describe, expect, it } from "vitest";
import { ACME, api, baseUrl, GLOBEX, login } from "../helpers/api";
import { connectTestDb } from "../helpers/db";

const conn = connectTestDb();
afterAll(() => conn.close());

describe("GET /api/v1/metrics/users/ (migration path)", () => {
  it("redirects with 308 to the v2 list, mapping include_inactive=false to status=active", async () => {
    const res = await api(`/api/v1/metrics/users/?company_id=${GLOBEX}&include_inactive=false&page_size=5`);
    expect(res.status).toBe(308);
    const location = res.headers.get("location")!;
    expect(location).toBe(`${baseUrl()}/api/v2/companies/${GLOBEX}/user-metrics/?page_size=5&status=active`);
    expect(res.headers.get("link")).toBe(`<${location}>; rel="successor-version"`);
    expect(res.headers.get("deprecation")).toMatch(/^@\d+$/);
  });

  it("drops include_inactive=true (all statuses) and refuses other values", async () => {
    const all = await api(`/api/v1/metrics/users/?company_id=${ACME}&include_inactive=true`);
    expect(all.headers.get("location")).toBe(`${baseUrl()}/api/v2/companies/${ACME}/user-metrics/`);
    const bad = await api(`/api/v1/metrics/users/?company_id=${ACME}&include_inactive=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual({ include_inactive: ["Must be true or false."] });
    expect((await api(`/api/v1/metrics/users/?company_id=acme`)).status).toBe(400);
  });

  it("finds the caller's only company, and says clearly when it cannot", async () => {
    const jane = await api(`/api/v1/metrics/users/?status=active`, {
      token: await login("jane.smith@acme.test"),
    });
    expect(jane.status).toBe(308);
    expect(jane.headers.get("location")).toBe(
      `${baseUrl()}/api/v2/companies/${ACME}/user-metrics/?status=active`,
    );
    const multi = await api(`/api/v1/metrics/users/`, { token: await login("multi@example.test") });
    expect(multi.status).toBe(400);
    expect(multi.body.code).toBe("validation_error");
    expect(multi.body.detail).toBe("Cannot determine the company for this v1 request.");
    expect((multi.body.errors as Record<string, string[]>).company_id![0]).toMatch(/belong to 2 companies/);
    expect((await api(`/api/v1/metrics/users/`)).status).toBe(401);
  });

  it("lands on a working v2 request when followed with the same token", async () => {
    const token = await login("jane.smith@acme.test");
    const res = await fetch(`${baseUrl()}/api/v1/metrics/users/?include_inactive=false&page_size=3`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.url).toContain("/api/v2/companies/");
    const body = (await res.json()) as { results: { status: string }[] };
    expect(body.results).toHaveLength(3);
    expect(body.results.every((r) => r.status === "active")).toBe(true);
  });
});

describe("the product's own use shows up in its metrics", () => {
  it("records an activity session for a signed-in browser and updates that member's metrics", async () => {
    const csrfRes = await fetch(`${baseUrl()}/api/auth/csrf/`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const signIn = await fetch(`${baseUrl()}/api/auth/callback/credentials/`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: csrfRes.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; "),
      },
      body: new URLSearchParams({
        csrfToken,
        email: "owner@acme.test",
        password: "demo-password",
        json: "true",
      }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith("next-auth.session-token="))!
      .split(";")[0]!;
    const [owner] = await conn.sql<{ id: string }[]>`select id from users where email = 'owner@acme.test'`;
    const before = Date.now() - 1000;
    expect(
      (await api(`/api/v2/companies/${ACME}/user-metrics/`, { headers: { Cookie: cookie } })).status,
    ).toBe(200);
    let row: { last_active: Date } | undefined;
    for (let i = 0; i < 30 && !(row && row.last_active.getTime() >= before); i++) {
      await new Promise((r) => setTimeout(r, 100));
      [row] = await conn.sql<
        { last_active: Date }[]
      >`select last_active from member_metrics where company_id = ${ACME} and user_id = ${owner!.id}`;
    }
    expect(row!.last_active.getTime()).toBeGreaterThanOrEqual(before);
    const sessions =
      await conn.sql`select 1 from activity_sessions where company_id = ${ACME} and user_id = ${owner!.id} and ended_at >= ${new Date(before)}`;
    expect(sessions).toHaveLength(1);
  });
});
