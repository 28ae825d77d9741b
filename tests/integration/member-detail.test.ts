import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ACME, api, forgeToken, GLOBEX, login, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingAt } from "../helpers/fixtures";
import type { UserMetric, UserMetricDetail } from "@/lib/contracts/user-metrics";
import { userMetricDetailSchema } from "@/lib/contracts/user-metrics-responses";

const conn = connectTestDb();
afterAll(() => conn.close());

const JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const JOHN = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const detailPath = (companyId: string, userId: string, q = "") =>
  `/api/v2/companies/${companyId}/user-metrics/${userId}/${q ? `?${q}` : ""}`;
const day = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => day(new Date(Date.now() - n * 86_400_000));
const hms = (seconds: number) =>
  [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60]
    .map((n) => String(n).padStart(2, "0"))
    .join(":");

/** Every row of the list for a query, across its pages. */
async function listRows(token: string, companyId: string, q: string): Promise<UserMetric[]> {
  const rows: UserMetric[] = [];
  for (let page = 1; ; page++) {
    const res = await api<{ results: UserMetric[]; next: string | null }>(
      metricsPath(companyId, `${q}&page_size=100&page=${page}`),
      { token },
    );
    expect(res.status).toBe(200);
    rows.push(...res.body.results);
    if (!res.body.next) return rows;
  }
}

/** The member's sessions in the company, straight from the raw table. */
async function rawSessions(companyId: string, userId: string) {
  return conn.sql<{ id: string; started_at: Date; ended_at: Date }[]>`
    select id, started_at, ended_at from activity_sessions
    where company_id = ${companyId} and user_id = ${userId}`;
}

function expectNotFound(res: { status: number; body: Record<string, unknown> }, context: string) {
  expect(res.status, context).toBe(404);
  expect(Object.keys(res.body), context).toEqual(["detail", "code", "timestamp"]);
  expect(res.body.code, context).toBe("member_not_found");
  expect(res.body.detail, context).toBe("Member not found: this user is not a member of the company.");
  expect(res.body.timestamp, context).toMatch(TIMESTAMP);
}

describe("GET …/user-metrics/{user_id}/", () => {
  it("answers a member's list row, a zero-filled window summing to their raw sessions, and their latest sessions", async () => {
    const token = await login("jane.smith@acme.test");
    // A member no test signs in as: a sign-in moves `last_login` (other files sign Jane in at
    // any moment, so her row could change between the two reads).
    const rows = await listRows(token, ACME, "date_from=1900-01-01");
    const row = rows.find(
      (r) =>
        !r.email.startsWith("jane.") &&
        r.email.endsWith("@acme.test") &&
        r.total_sessions > 0 &&
        !/^(owner|viewer|john\.doe)@/.test(r.email),
    );
    expect(row).toBeDefined();
    const subject = row!.user_id;
    const res = await api<UserMetricDetail>(detailPath(ACME, subject), { token });
    expect(res.status).toBe(200);
    const detail = userMetricDetailSchema.parse(res.body);
    // Field order: the UserMetric's, then the detail's own.
    expect(Object.keys(res.body)).toEqual([...Object.keys(userMetricDetailSchema.shape)]);
    const { daily, recent_sessions, ...figures } = detail;
    expect(figures).toEqual(row);

    // The default window: 30 days before today, today included.
    expect(daily).toHaveLength(31);
    expect(daily[0]!.date).toBe(daysAgo(30));
    expect(daily.at(-1)!.date).toBe(daysAgo(0));
    const raw = await rawSessions(ACME, subject);
    const from = Date.parse(`${daysAgo(30)}T00:00:00Z`);
    const inWindow = raw.filter((s) => s.started_at.getTime() >= from);
    expect(daily.reduce((a, d) => a + d.sessions, 0)).toBe(inWindow.length);
    for (const d of daily)
      expect(d.sessions, d.date).toBe(inWindow.filter((s) => day(s.started_at) === d.date).length);

    const newest = [...raw].sort((a, b) => b.started_at.getTime() - a.started_at.getTime()).slice(0, 20);
    expect(recent_sessions.map((s) => s.id)).toEqual(newest.map((s) => s.id));
    for (const s of recent_sessions) expect(s.started_at <= s.ended_at).toBe(true);
  });

  it("counts each day's sessions and their rounded mean duration from raw sessions, in this company only", async () => {
    const a = await createCompany(conn.db, [
      {
        sessions: [
          [new Date("2025-03-10T09:00:00Z"), new Date("2025-03-10T09:10:00Z")],
          [new Date("2025-03-10T12:00:00Z"), new Date("2025-03-10T12:20:01Z")],
          // Crosses midnight: counts on the day it started.
          [new Date("2025-03-11T23:50:00Z"), new Date("2025-03-12T00:20:00Z")],
          // Outside the window, either side.
          [new Date("2025-03-08T23:59:00Z"), new Date("2025-03-09T00:30:00Z")],
          [new Date("2025-03-14T00:00:00Z"), new Date("2025-03-14T00:05:00Z")],
        ],
      },
    ]);
    const userId = a.members[0]!.userId;
    // The same person in another company, with sessions the first company must not see.
    await createCompany(conn.db, [
      { userId, sessions: [[new Date("2025-03-10T15:00:00Z"), new Date("2025-03-10T16:00:00Z")]] },
    ]);
    const res = await api<UserMetricDetail>(
      detailPath(a.companyId, userId, "date_from=2025-03-09&date_to=2025-03-13"),
      { token: await forgeToken(userId) },
    );
    expect(res.status).toBe(200);
    expect(res.body.daily).toEqual([
      { date: "2025-03-09", sessions: 0, avg_session_duration: "00:00:00" },
      // (600 + 1201) / 2 = 900.5 → 901 s
      { date: "2025-03-10", sessions: 2, avg_session_duration: "00:15:01" },
      { date: "2025-03-11", sessions: 1, avg_session_duration: "00:30:00" },
      { date: "2025-03-12", sessions: 0, avg_session_duration: "00:00:00" },
      { date: "2025-03-13", sessions: 0, avg_session_duration: "00:00:00" },
    ]);
    expect(res.body.total_sessions).toBe(5);
    // Every session of this company, the window does not apply; newest first.
    expect(res.body.recent_sessions.map((s) => s.started_at)).toEqual([
      "2025-03-14T00:00:00Z",
      "2025-03-11T23:50:00Z",
      "2025-03-10T12:00:00Z",
      "2025-03-10T09:00:00Z",
      "2025-03-08T23:59:00Z",
    ]);
    expect(res.body.recent_sessions[1]).toMatchObject({
      ended_at: "2025-03-12T00:20:00Z",
      duration: "00:30:00",
    });
  });

  it("lists at most the latest 20 sessions, newest first", async () => {
    const sessions = Array.from({ length: 25 }, (_, i) =>
      sessionEndingAt(new Date(Date.parse("2025-05-01T12:00:00Z") + i * 3_600_000), 5 + i),
    );
    const { companyId, members } = await createCompany(conn.db, [{ sessions }]);
    const userId = members[0]!.userId;
    const res = await api<UserMetricDetail>(detailPath(companyId, userId), {
      token: await forgeToken(userId),
    });
    expect(res.body.recent_sessions).toHaveLength(20);
    const raw = (await rawSessions(companyId, userId)).sort(
      (x, y) => y.started_at.getTime() - x.started_at.getTime(),
    );
    expect(res.body.recent_sessions).toEqual(
      raw.slice(0, 20).map((s) => ({
        id: s.id,
        started_at: s.started_at.toISOString().replace(".000Z", "Z"),
        ended_at: s.ended_at.toISOString().replace(".000Z", "Z"),
        duration: hms(Math.round((s.ended_at.getTime() - s.started_at.getTime()) / 1000)),
      })),
    );
    expect(res.body.recent_sessions[0]!.duration).toBe("00:29:00");
  });

  it("answers a never-active member with nulls, zeros and no sessions", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin", sessions: [sessionEndingAt(new Date(Date.now() - 3_600_000))] },
      { role: "member", status: "pending", department: null },
    ]);
    const res = await api<UserMetricDetail>(
      detailPath(companyId, members[1]!.userId, `date_from=${daysAgo(6)}`),
      { token: await forgeToken(members[0]!.userId) },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user_id: members[1]!.userId,
      email: members[1]!.email,
      last_active: null,
      last_login: null,
      total_sessions: 0,
      sessions_this_month: 0,
      avg_session_duration: "00:00:00",
      status: "pending",
      role: "member",
      department: null,
      recent_sessions: [],
    });
    expect(res.body.daily).toHaveLength(7);
    expect(res.body.daily.every((d) => d.sessions === 0 && d.avg_session_duration === "00:00:00")).toBe(true);
  });

  it("answers 404 member_not_found for another company's member, a removed one, an unknown id and a malformed id", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin" },
      { membershipDeleted: true, sessions: [sessionEndingAt(new Date(Date.now() - 3_600_000))] },
      { userDeleted: true },
    ]);
    const other = await createCompany(conn.db, [{ sessions: [sessionEndingAt("2025-06-01T10:00:00Z")] }]);
    const token = await forgeToken(members[0]!.userId);
    const cases: [string, string][] = [
      ["another company's member", other.members[0]!.userId],
      ["soft-deleted membership", members[1]!.userId],
      ["soft-deleted user", members[2]!.userId],
      ["unknown uuid", randomUUID()],
      ["not a uuid", "not-a-uuid"],
      ["digits", "123"],
      ["injection", encodeURIComponent(`${members[0]!.userId}'--`)],
      ["too long", `${members[0]!.userId}0`],
    ];
    for (const [name, userId] of cases)
      expectNotFound(await api(detailPath(companyId, userId), { token }), name);
    // Jane of Acme is no member of Globex, and Globex's admin reads Globex only.
    const globex = await login("admin@globex.test");
    expectNotFound(await api(detailPath(GLOBEX, JANE), { token: globex }), "Jane in Globex");
    expect((await api(detailPath(ACME, JANE), { token: globex })).status).toBe(403);
    // The id is matched case-insensitively, as a uuid.
    const upper = await api(detailPath(ACME, JOHN.toUpperCase()), {
      token: await login("jane.smith@acme.test"),
    });
    expect(upper.status).toBe(200);
    expect(upper.body.user_id).toBe(JOHN);
  });

  it("checks in the list's order: 401 → 404 company → 403 → 400 → 404 member", async () => {
    const jane = await login("jane.smith@acme.test");
    const viewer = await login("viewer@acme.test");
    const unknown = randomUUID();
    expect((await api(detailPath(ACME, JANE))).status).toBe(401);
    expect((await api(detailPath(ACME, unknown))).body.code).toBe("authentication_required");
    const company = await api(detailPath(randomUUID(), JANE), { token: jane });
    expect(company.status).toBe(404);
    expect(company.body.code).toBe("company_not_found");
    const denied = await api(detailPath(ACME, JANE, "date_from=nope"), { token: viewer });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe("permission_denied");

    const bad = await api(detailPath(ACME, unknown, "date_from=2025-02-30&date_to=2025-01-01x"), {
      token: jane,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(["detail", "code", "errors", "timestamp"]);
    expect(bad.body.code).toBe("validation_error");
    expect(Object.keys(bad.body.errors as object).sort()).toEqual(["date_from", "date_to"]);
    const reversed = await api(detailPath(ACME, "not-a-uuid", "date_from=2025-02-01&date_to=2025-01-01"), {
      token: jane,
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual({ date_from: ["Ensure date_from is on or before date_to."] });
    const long = await api(detailPath(ACME, JANE, "date_from=2020-01-01&date_to=2025-01-01"), {
      token: jane,
    });
    expect(long.body.errors).toEqual({ date_from: ["Ensure the window spans at most 731 days."] });

    expectNotFound(await api(detailPath(ACME, unknown, "date_from=2025-01-01"), { token: jane }), "member");
    const post = await api(detailPath(ACME, JANE), { token: jane, method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toContain("GET");
  });

  it("is cached per member and window like the list (ETag, 304, HIT), and an ingest retires it", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin", sessions: [sessionEndingAt(new Date(Date.now() - 7_200_000))] },
      { sessions: [sessionEndingAt(new Date(Date.now() - 7_200_000))] },
    ]);
    const [admin, member] = members.map((m) => m.userId) as [string, string];
    const token = await forgeToken(admin);
    const first = await api<UserMetricDetail>(detailPath(companyId, admin), { token });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, max-age=120");
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("x-ratelimit-limit")).toBe("100");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    const again = await api(detailPath(companyId, admin), { token });
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(
      (await api(detailPath(companyId, admin), { token, headers: { "If-None-Match": etag } })).status,
    ).toBe(304);
    // Another member, another window: entries of their own.
    const other = await api<UserMetricDetail>(detailPath(companyId, member), { token });
    expect(other.headers.get("x-cache")).toBe("MISS");
    expect(other.body.user_id).toBe(member);
    expect(
      (await api(detailPath(companyId, admin, `date_from=${daysAgo(3)}`), { token })).headers.get("x-cache"),
    ).toBe("MISS");

    const now = Date.now();
    const ingest = await api(`/api/v2/companies/${companyId}/sessions/`, {
      method: "POST",
      token,
      body: {
        sessions: [
          {
            id: randomUUID(),
            user_id: admin,
            started_at: new Date(now - 600_000).toISOString(),
            ended_at: new Date(now - 60_000).toISOString(),
          },
        ],
      },
    });
    expect(ingest.status).toBe(201);
    const after = await api<UserMetricDetail>(detailPath(companyId, admin), { token });
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.body.total_sessions).toBe(first.body.total_sessions + 1);
    expect(after.body.recent_sessions).toHaveLength(2);
    // The day the new session started on (yesterday's, in the first ten minutes after midnight).
    const startDay = day(new Date(now - 600_000));
    expect(after.body.daily.find((d) => d.date === startDay)!.sessions).toBeGreaterThanOrEqual(1);
  });

  it("writes one audit row per request, allowed or refused", async () => {
    const jane = await login("jane.smith@acme.test");
    await api(detailPath(ACME, JOHN), { token: jane, headers: { "X-Request-Id": "detail-audit-ok" } });
    await api(detailPath(ACME, "nobody"), { token: jane, headers: { "X-Request-Id": "detail-audit-404" } });
    const rows = await conn.sql<
      {
        request_id: string;
        action: string;
        path: string;
        status: number;
        code: string | null;
        actor_user_id: string;
      }[]
    >`select request_id, action, path, status, code, actor_user_id from audit_log
      where request_id in ('detail-audit-ok', 'detail-audit-404') order by request_id desc`;
    expect(rows).toEqual([
      {
        request_id: "detail-audit-ok",
        action: "user_metrics.detail",
        path: `/api/v2/companies/${ACME}/user-metrics/${JOHN}/`,
        status: 200,
        code: null,
        actor_user_id: JANE,
      },
      {
        request_id: "detail-audit-404",
        action: "user_metrics.detail",
        path: `/api/v2/companies/${ACME}/user-metrics/nobody/`,
        status: 404,
        code: "member_not_found",
        actor_user_id: JANE,
      },
    ]);
  });
});
