import { decodeJwt, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, api, baseUrl, forgeToken, login, metricsPath } from "../helpers/api";
import { browserSignIn, browserSignOut } from "../helpers/browser";
import { TEST_AUTH_SECRET } from "../helpers/config";
import { connectTestDb, startOfQuietMinute } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";
import { SERVER_ENV } from "./global-setup";

/** The trust rules: sessions that end, writes audited in their own transaction, bounded refusals. */
const conn = connectTestDb();
let second: RunningServer;
beforeAll(async () => {
  second = await startServer({ ...SERVER_ENV, STATEMENT_TIMEOUT_MS: "1000" }, "second instance");
});
afterAll(async () => {
  await second?.stop();
  await conn.close();
});

const JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const sessionClaims = (cookie: string) => decodeJwt(cookie.slice(cookie.indexOf("=") + 1));
const withCookie = (cookie: string, url = baseUrl()) =>
  fetch(`${url}${metricsPath(ACME, "page_size=1")}`, { headers: { Cookie: cookie } });

/** next-auth's session endpoint, which re-issues the cookie; returns the new cookie, if any. */
async function reissue(cookie: string) {
  const res = await fetch(`${baseUrl()}/api/auth/session/`, { headers: { Cookie: cookie } });
  const set = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  return { body: (await res.json()) as Record<string, unknown>, cookie: set?.split(";")[0] ?? null };
}

describe("browser sessions end", () => {
  it("keep the expiry of their sign-in however often the cookie is re-issued", async () => {
    const { cookie } = await browserSignIn("jane.smith@acme.test", "demo-password");
    const first = sessionClaims(cookie!);
    expect(first.exp! - (first.auth_time as number)).toBe(12 * 3600);
    await new Promise((r) => setTimeout(r, 1100));
    const again = await reissue(cookie!);
    expect(again.cookie).not.toBeNull();
    const renewed = sessionClaims(again.cookie!);
    expect(renewed.iat).toBeGreaterThan(first.iat!);
    expect(renewed.exp).toBe(first.exp); // never extended
    expect(renewed.sid).toBe(first.sid);
  });

  it("end at their absolute lifetime even when a token claims more", async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = await new SignJWT({ sid: crypto.randomUUID(), auth_time: now - 13 * 3600 })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(JANE)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(TEST_AUTH_SECRET));
    expect((await withCookie(`next-auth.session-token=${stale}`)).status).toBe(401);
    expect((await reissue(`next-auth.session-token=${stale}`)).body).toEqual({});
  });

  it("never turn an API access token into a (renewable) cookie", async () => {
    const access = await login("jane.smith@acme.test");
    const cookie = `next-auth.session-token=${access}`;
    const res = await withCookie(cookie);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("invalid_token");
    const session = await reissue(cookie);
    expect(session.body).toEqual({});
    // At most the cookie is cleared; no session token is issued for it.
    expect(session.cookie ?? "next-auth.session-token=").toBe("next-auth.session-token=");
  });

  it("are revoked by signing out: every instance refuses the old cookie at once", async () => {
    const { cookie } = await browserSignIn("jane.smith@acme.test", "demo-password");
    expect((await withCookie(cookie!)).status).toBe(200);
    expect((await withCookie(cookie!, second.url)).status).toBe(200);
    const out = await browserSignOut(cookie!);
    expect(out.status).toBeLessThan(400);
    // A copy of the cookie kept by an attacker is worth nothing now, on this instance and the other.
    expect((await withCookie(cookie!)).status).toBe(401);
    expect((await withCookie(cookie!, second.url)).status).toBe(401);
    const page = await fetch(`${baseUrl()}/companies/`, { headers: { Cookie: cookie! }, redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/sign-in");
  });

  it("count one activity session per real sign-in, however often the cookie is re-issued", async () => {
    const { cookie } = await browserSignIn("john.doe@acme.test", "demo-password");
    const john = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    const count = async () =>
      Number(
        (
          await conn.sql<{ n: string }[]>`select count(*) as n from activity_sessions
            where company_id = ${ACME} and user_id = ${john} and started_at > now() - interval '1 minute'`
        )[0]!.n,
      );
    let current = cookie!;
    for (let i = 0; i < 3; i++) {
      expect((await withCookie(current)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      current = (await reissue(current)).cookie ?? current;
    }
    expect((await withCookie(current)).status).toBe(200);
    let n = 0;
    for (let i = 0; i < 30 && n === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      n = await count();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(1);
  });
});

describe("the browser's sign-in", () => {
  it("shares the token endpoint's limits: slowed from the guessing address, open from the owner's", async () => {
    const [user] = await conn.sql<{ email: string }[]>`select email from users
      where email like '%@globex.test' and email <> 'admin@globex.test' order by email limit 1 offset 11`;
    const email = user!.email;
    const attacker = { "X-Forwarded-For": `10.11.${Math.floor(Math.random() * 250)}.1` };
    for (let i = 0; i < 6; i++)
      expect(
        (
          await api("/api/v2/auth/token/", {
            method: "POST",
            body: { email, password: `g${i}` },
            headers: attacker,
          })
        ).status,
      ).toBe(401);
    expect((await browserSignIn(email, "demo-password", attacker)).cookie).toBeNull();
    expect(
      (await browserSignIn(email, "demo-password", { "X-Forwarded-For": "10.11.251.2" })).cookie,
    ).not.toBeNull();
  });
});

describe("after sign-in, only a path of this site", () => {
  it.each([
    "/.//evil.example/",
    "/..//evil.example/",
    "/%2e//evil.example/",
    "//evil.example/",
    "/\\evil.example",
  ])("%s → /companies", async (target) => {
    const { cookie } = await browserSignIn("jane.smith@acme.test", "demo-password");
    const res = await fetch(`${baseUrl()}/sign-in/?callbackUrl=${encodeURIComponent(target)}`, {
      headers: { Cookie: cookie! },
      redirect: "manual",
    });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("/companies");
  });
});

describe("writes and their audit row commit together", () => {
  const failing = "audit-must-fail";
  beforeAll(async () => {
    // A database that refuses one request's audit row: the change of that request must not stay.
    await conn.sql.unsafe(`
      create or replace function test_refuse_audit() returns trigger language plpgsql as $$
      begin
        if new.request_id like '${failing}%' then raise exception 'audit refused for the test'; end if;
        return new;
      end $$;
      drop trigger if exists test_refuse_audit on audit_log;
      create trigger test_refuse_audit before insert on audit_log for each row execute function test_refuse_audit();`);
  });
  afterAll(async () => {
    await conn.sql.unsafe(
      `drop trigger if exists test_refuse_audit on audit_log; drop function if exists test_refuse_audit();`,
    );
  });

  it("ingestion: no audit row, no sessions (503)", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ role: "admin", sessions: [] }]);
    const token = await forgeToken(members[0]!.userId);
    const id = crypto.randomUUID();
    const now = Date.now();
    const res = await api(`/api/v2/companies/${companyId}/sessions/`, {
      method: "POST",
      token,
      headers: { "X-Request-Id": `${failing}-ingest` },
      body: {
        sessions: [
          {
            id,
            user_id: members[0]!.userId,
            started_at: new Date(now - 600_000).toISOString(),
            ended_at: new Date(now - 60_000).toISOString(),
          },
        ],
      },
    });
    expect(res.status).toBe(503);
    expect(
      await conn.sql`select 1 from activity_sessions where company_id = ${companyId} and id = ${id}`,
    ).toHaveLength(0);
    const [metric] = await conn.sql<{ total_sessions: number }[]>`select total_sessions from member_metrics
      where company_id = ${companyId} and user_id = ${members[0]!.userId}`;
    expect(metric?.total_sessions ?? 0).toBe(0);
  });

  it("refresh: no audit row, rollups untouched (503)", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin", sessions: [sessionEndingDaysAgo(1)] },
    ]);
    const token = await forgeToken(members[0]!.userId);
    const before = await conn.sql`select refreshed_at from member_metrics where company_id = ${companyId}`;
    const res = await api(`/api/v2/companies/${companyId}/user-metrics/refresh/`, {
      method: "POST",
      token,
      headers: { "X-Request-Id": `${failing}-refresh` },
    });
    expect(res.status).toBe(503);
    expect(await conn.sql`select refreshed_at from member_metrics where company_id = ${companyId}`).toEqual(
      before,
    );
    const ok = await api(`/api/v2/companies/${companyId}/user-metrics/refresh/`, { method: "POST", token });
    expect(ok.status).toBe(200);
    const rows =
      await conn.sql`select status from audit_log where request_id = ${ok.headers.get("x-request-id")!}`;
    expect(rows).toEqual([{ status: 200 }]);
  });
});

describe("refresh", () => {
  it("runs once per company at a time: a second one is refused at once (409), not queued on a connection", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ role: "admin", sessions: [] }]);
    const token = await forgeToken(members[0]!.userId);
    const holder = await conn.sql.reserve();
    try {
      await holder`select pg_advisory_lock(hashtextextended(${`refresh:${companyId}`}, 0))`;
      const started = Date.now();
      const res = await fetch(`${second.url}/api/v2/companies/${companyId}/user-metrics/refresh/`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { code: string }).code).toBe("refresh_in_progress");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      await holder`select pg_advisory_unlock_all()`;
      holder.release();
    }
  });

  it("runs no whole-table maintenance (VACUUM) on the request path", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin", sessions: [sessionEndingDaysAgo(1)] },
    ]);
    const token = await forgeToken(members[0]!.userId);
    const vacuums = async () => {
      await conn.sql`select pg_stat_clear_snapshot()`;
      const [row] = await conn.sql<
        { n: string }[]
      >`select vacuum_count as n from pg_stat_user_tables where relname = 'member_metrics'`;
      return Number(row!.n);
    };
    const before = await vacuums();
    expect(
      (await api(`/api/v2/companies/${companyId}/user-metrics/refresh/`, { method: "POST", token })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 700));
    expect(await vacuums()).toBe(before);
  });
});

describe("deadlines and bounds", () => {
  it("gives API statements a deadline: a request stuck behind a lock answers 503, not a hang", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(1)] }]);
    const token = await forgeToken(members[0]!.userId);
    const holder = await conn.sql.reserve();
    try {
      await holder`begin`;
      await holder`lock table member_metrics in access exclusive mode`;
      const started = Date.now();
      const res = await fetch(`${second.url}${metricsPath(companyId)}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await holder`rollback`;
      holder.release();
    }
  });

  it("limits requests refused with 401 per client address: the 301st in a minute is a 429", async () => {
    const address = `10.9.${Math.floor(Math.random() * 250)}.5`;
    // The window is a sliding minute aligned to the clock: keep the burst inside one.
    await startOfQuietMinute(20);
    const statuses: number[] = [];
    for (let i = 0; i < 301; i += 50)
      statuses.push(
        ...(
          await Promise.all(
            Array.from({ length: Math.min(50, 301 - i) }, () =>
              api(metricsPath(ACME), { headers: { "X-Forwarded-For": address } }),
            ),
          )
        ).map((r) => r.status),
      );
    expect(statuses.filter((s) => s === 401).length).toBe(300);
    const last = await api(metricsPath(ACME), { headers: { "X-Forwarded-For": address } });
    expect(last.status).toBe(429);
    expect(last.body.code).toBe("rate_limit_exceeded");
    expect(Number(last.headers.get("retry-after"))).toBe(last.body.retry_after);
    // Another address is not affected.
    expect((await api(metricsPath(ACME), { headers: { "X-Forwarded-For": "10.9.251.1" } })).status).toBe(401);
  });

  it("bounds every audit row's parameters to 4 KB and names the company canonically", async () => {
    const token = await login("jane.smith@acme.test");
    const query = Array.from({ length: 30 }, (_, i) =>
      Array.from({ length: 5 }, () => `p${i}=${"x".repeat(60)}`).join("&"),
    ).join("&");
    const res = await api(`/api/v2/companies/${ACME.toUpperCase()}/user-metrics/?${query}`, {
      token,
      headers: { "X-Forwarded-For": "10.10.0.1" },
    });
    expect(res.status).toBe(200);
    const [row] = await conn.sql<{ size: number; company_ref: string; truncated: string }[]>`
      select octet_length(params::text) as size, company_ref, params->>'_truncated' as truncated
      from audit_log where request_id = ${res.headers.get("x-request-id")!}`;
    expect(row!.size).toBeLessThanOrEqual(4096);
    expect(row!.truncated).toBe("true");
    expect(row!.company_ref).toBe(ACME);
  });
});
