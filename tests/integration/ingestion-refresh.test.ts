import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ACME, api, forgeToken, login, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";

const conn = connectTestDb();
afterAll(() => conn.close());

const sessionsPath = (companyId: string) => `/api/v2/companies/${companyId}/sessions/`;
const refreshPath = (companyId: string) => `/api/v2/companies/${companyId}/user-metrics/refresh/`;
const iso = (d: Date) => d.toISOString();
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

async function rawCount(companyId: string) {
  const [row] = await conn.sql<
    { n: number }[]
  >`select count(*)::int as n from activity_sessions where company_id = ${companyId}`;
  return row!.n;
}

describe("POST …/sessions/ (ingestion)", () => {
  it("stores a batch, updates the members' metrics at once, and is idempotent by id", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin" },
      { role: "member", sessions: [sessionEndingDaysAgo(10)] },
    ]);
    const admin = await forgeToken(members[0]!.userId);
    const before = await api(metricsPath(companyId), { token: admin });
    expect(before.body.count).toBe(1);
    expect(before.headers.get("x-cache")).toBe("MISS");

    const batch = {
      sessions: [
        {
          id: randomUUID(),
          user_id: members[0]!.userId,
          started_at: iso(hoursAgo(3)),
          ended_at: iso(hoursAgo(2)),
        },
        {
          id: randomUUID(),
          user_id: members[1]!.userId,
          started_at: iso(hoursAgo(5)),
          ended_at: iso(hoursAgo(4.5)),
        },
        {
          id: randomUUID(),
          user_id: members[1]!.userId,
          started_at: iso(hoursAgo(1)),
          ended_at: iso(hoursAgo(0.5)),
        },
      ],
    };
    const res = await api(sessionsPath(companyId), { method: "POST", token: admin, body: batch });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ received: 3, inserted: 3, unchanged: 0, members_updated: 2 });

    // The incremental path brought the rollup up to date, and the cache was retired.
    const after = await api<{
      count: number;
      results: { user_id: string; total_sessions: number; last_active: string }[];
    }>(metricsPath(companyId), { token: admin });
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.body.count).toBe(2);
    const second = after.body.results.find((r) => r.user_id === members[1]!.userId)!;
    expect(second.total_sessions).toBe(3);
    expect(second.last_active).toBe(batch.sessions[2]!.ended_at.replace(/\.\d{3}Z$/, "Z"));

    const again = await api(sessionsPath(companyId), { method: "POST", token: admin, body: batch });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: 3, inserted: 0, unchanged: 3, members_updated: 0 });
    expect(await rawCount(companyId)).toBe(4);
  });

  it("refuses the whole batch when any item is invalid, reporting each item", async () => {
    const other = await createCompany(conn.db, [{}]);
    const { companyId, members } = await createCompany(conn.db, [{ role: "owner" }]);
    const owner = await forgeToken(members[0]!.userId);
    const dup = randomUUID();
    const res = await api(sessionsPath(companyId), {
      method: "POST",
      token: owner,
      body: {
        sessions: [
          {
            id: randomUUID(),
            user_id: members[0]!.userId,
            started_at: iso(hoursAgo(3)),
            ended_at: iso(hoursAgo(2)),
          },
          {
            id: randomUUID(),
            user_id: other.members[0]!.userId,
            started_at: iso(hoursAgo(3)),
            ended_at: iso(hoursAgo(2)),
          },
          { id: dup, user_id: members[0]!.userId, started_at: iso(hoursAgo(3)), ended_at: iso(hoursAgo(4)) },
          { id: dup, user_id: members[0]!.userId, started_at: iso(hoursAgo(3)), ended_at: iso(hoursAgo(2)) },
          {
            id: randomUUID(),
            user_id: members[0]!.userId,
            started_at: iso(hoursAgo(-1)),
            ended_at: iso(hoursAgo(-2)),
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_error");
    expect(res.body.errors).toEqual({
      "sessions[1].user_id": ["Unknown member: this user is not a member of the company."],
      "sessions[2].ended_at": ["Ensure ended_at is not before started_at."],
      "sessions[3].id": ["Duplicate id in this batch (first at sessions[2])."],
      "sessions[4].started_at": ["Ensure this time is not in the future."],
      "sessions[4].ended_at": ["Ensure this time is not in the future."],
    });
    expect(await rawCount(companyId)).toBe(0);
  });

  it("refuses an id that exists with other values", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ role: "admin" }]);
    const token = await forgeToken(members[0]!.userId);
    const id = randomUUID();
    const first = {
      id,
      user_id: members[0]!.userId,
      started_at: iso(hoursAgo(3)),
      ended_at: iso(hoursAgo(2)),
    };
    expect(
      (await api(sessionsPath(companyId), { method: "POST", token, body: { sessions: [first] } })).status,
    ).toBe(201);
    const changed = await api(sessionsPath(companyId), {
      method: "POST",
      token,
      body: { sessions: [{ ...first, ended_at: iso(hoursAgo(1)) }] },
    });
    expect(changed.status).toBe(400);
    expect(changed.body.errors).toEqual({
      "sessions[0].id": ["A session with this id already exists with other values."],
    });
  });

  it("validates the envelope: shape, size, type", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ role: "admin" }]);
    const token = await forgeToken(members[0]!.userId);
    const post = (body: unknown, headers?: Record<string, string>) =>
      api(sessionsPath(companyId), { method: "POST", token, body, headers });
    expect((await post({})).body.errors).toEqual({
      sessions: ["This field is required and must be a list."],
    });
    expect((await post({ sessions: [] })).body.errors).toEqual({ sessions: ["Send at least one session."] });
    expect((await post([1])).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, () => ({
      id: randomUUID(),
      user_id: members[0]!.userId,
      started_at: "2025-01-01T00:00:00Z",
      ended_at: "2025-01-01T00:10:00Z",
    }));
    expect((await post({ sessions: tooMany })).body.errors).toEqual({
      sessions: ["Ensure this list has at most 1000 sessions."],
    });
    const text = await api(sessionsPath(companyId), {
      method: "POST",
      token,
      raw: "id,user_id",
      headers: { "Content-Type": "text/csv" },
    });
    expect(text.status).toBe(415);
    const broken = await api(sessionsPath(companyId), {
      method: "POST",
      token,
      raw: '{"sessions": [',
      headers: { "Content-Type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe("parse_error");
    const huge = await api(sessionsPath(companyId), {
      method: "POST",
      token,
      raw: JSON.stringify({ sessions: [], pad: "x".repeat(600_000) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(huge.status).toBe(413);
  });

  it("is for owners and admins only", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ role: "member" }, { role: "viewer" }]);
    for (const m of members) {
      const res = await api(sessionsPath(companyId), {
        method: "POST",
        token: await forgeToken(m.userId),
        body: { sessions: [] },
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("permission_denied");
    }
  });
});

describe("POST …/user-metrics/refresh/", () => {
  it("recomputes the rollups from raw sessions and answers with what it did", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin", sessions: [sessionEndingDaysAgo(1), sessionEndingDaysAgo(2)] },
      { sessions: [sessionEndingDaysAgo(3)] },
      {},
    ]);
    // Damage the rollup behind the product's back; a refresh must put it right.
    await conn.sql`update member_metrics set total_sessions = 999 where company_id = ${companyId}`;
    const token = await forgeToken(members[0]!.userId);
    const res = await api(refreshPath(companyId), { method: "POST", token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ company_id: companyId, members: 3, sessions: 3, daily_rows: 3 });
    expect(res.body.refreshed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(typeof res.body.duration_ms).toBe("number");
    const rows = await conn.sql<
      { total_sessions: number }[]
    >`select total_sessions from member_metrics where company_id = ${companyId} order by total_sessions`;
    expect(rows.map((r) => r.total_sessions)).toEqual([0, 1, 2]);
  });

  it("never double-counts under concurrent refreshes, and never touches another company", async () => {
    const a = await createCompany(conn.db, [
      {
        role: "admin",
        sessions: [sessionEndingDaysAgo(1), sessionEndingDaysAgo(4), sessionEndingDaysAgo(9)],
      },
      { sessions: [sessionEndingDaysAgo(2)] },
    ]);
    const b = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(1)] }]);
    await conn.sql`update member_metrics set total_sessions = 777 where company_id = ${b.companyId}`;
    const token = await forgeToken(a.members[0]!.userId);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => api(refreshPath(a.companyId), { method: "POST", token })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const r of results) expect(r.body).toMatchObject({ members: 2, sessions: 4 });
    const [sum] = await conn.sql<{ total: number; daily: number }[]>`
      select (select sum(total_sessions)::int from member_metrics where company_id = ${a.companyId}) as total,
             (select sum(sessions)::int from company_daily_metrics where company_id = ${a.companyId}) as daily`;
    expect(sum).toEqual({ total: 4, daily: 4 });
    const [untouched] = await conn.sql<
      { total_sessions: number }[]
    >`select total_sessions from member_metrics where company_id = ${b.companyId}`;
    expect(untouched!.total_sessions).toBe(777);
  });

  it("retires the company's cached results", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "owner", sessions: [sessionEndingDaysAgo(1)] },
    ]);
    const token = await forgeToken(members[0]!.userId);
    await api(metricsPath(companyId), { token });
    expect((await api(metricsPath(companyId), { token })).headers.get("x-cache")).toBe("HIT");
    expect((await api(refreshPath(companyId), { method: "POST", token })).status).toBe(200);
    expect((await api(metricsPath(companyId), { token })).headers.get("x-cache")).toBe("MISS");
  });

  it("refuses members and viewers with 403, and GET with 405", async () => {
    expect(
      (await api(refreshPath(ACME), { method: "POST", token: await login("john.doe@acme.test") })).status,
    ).toBe(403);
    expect(
      (await api(refreshPath(ACME), { method: "POST", token: await login("viewer@acme.test") })).status,
    ).toBe(403);
    expect((await api(refreshPath(ACME), { token: await login("jane.smith@acme.test") })).status).toBe(405);
  });
});
