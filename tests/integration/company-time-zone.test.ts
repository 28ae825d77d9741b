import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_SCOPES } from "@/lib/contracts/api-keys";
import type { UserMetricsRetention, UserMetricsSummary } from "@/lib/contracts/user-metrics";
import { ACME, api, forgeToken, login } from "../helpers/api";
import { afterRefresh, connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingAt, sessionEndingDaysAgo } from "../helpers/fixtures";
import { DAY, dayIn, firstInstantOf, HOUR, mondayOf, plusDays, random, transitions } from "../helpers/zones";

/**
 * A company's time zone over the API: who may change it and with what, that the change moves the
 * rollups' days (equal to a fresh refresh, a 03:00Z session now on New York's previous day),
 * retires the cache and is audited; that ingestion into a non-UTC company keeps the rollups equal
 * to a full refresh; that a change waits for a refresh holding the claim; and that the summary's
 * and retention's caching, permissions, audit and validation cover the new parameters.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

type Sql = ReturnType<typeof connectTestDb>["sql"];
const companyPath = (id: string) => `/api/v2/companies/${id}/`;
const summaryPath = (id: string, q = "") =>
  `/api/v2/companies/${id}/user-metrics/summary/${q ? `?${q}` : ""}`;
const retentionPath = (id: string, q = "") =>
  `/api/v2/companies/${id}/user-metrics/retention/${q ? `?${q}` : ""}`;
const patch = (id: string, token: string, body: unknown) =>
  api(companyPath(id), { method: "PATCH", token, body });

/** Every rollup of one company (refresh time and zero rows aside). */
async function snapshot(sql: Sql, companyId: string) {
  const members = await sql`
    select user_id::text, status, listed, extract(epoch from last_active)::float8 as last_active,
           extract(epoch from last_session_started_at)::float8 as last_started, total_sessions,
           total_duration_seconds::float8 as duration, avg_session_seconds, month_start::text, month_sessions
    from member_metrics where company_id = ${companyId} order by user_id`;
  const lastActive = await sql`
    select day::text, status, role, department, members from company_last_active_days
    where company_id = ${companyId} and members <> 0 order by day, status, role, department`;
  const daily = await sql`
    select day::text, status, active_members, sessions, duration_seconds::float8 as duration
    from company_daily_metrics where company_id = ${companyId} and (active_members <> 0 or sessions <> 0)
    order by day, status`;
  const gaps = await sql`
    select day::text, status, prev_day::text, members from company_activity_gaps
    where company_id = ${companyId} and members <> 0 order by day, status, prev_day`;
  return JSON.parse(JSON.stringify({ members, lastActive, daily, gaps })) as Record<string, unknown[]>;
}

/** What a full refresh would make of them now, rolled back. */
const refreshed = (sql: Sql, companyId: string) =>
  afterRefresh(sql, companyId, (tx) => snapshot(tx, companyId));

const expectRollupsFresh = async (companyId: string, step: string) =>
  expect(await snapshot(conn.sql, companyId), step).toEqual(await refreshed(conn.sql, companyId));

const storedZone = async (companyId: string) =>
  (await conn.sql<{ timezone: string }[]>`select timezone from companies where id = ${companyId}`)[0]!
    .timezone;

const auditRow = async (requestId: string) =>
  (await conn.sql<Record<string, unknown>[]>`select * from audit_log where request_id = ${requestId}`)[0];

// A session at 03:00Z on 2026-11-20: that day in UTC, the 19th in New York (22:00 EST).
const AT_THREE = sessionEndingAt("2026-11-20T03:30:00Z", 30);

let fixture: Awaited<ReturnType<typeof createCompany>>;
const tokens: Record<"owner" | "admin" | "member" | "viewer", string> = {} as never;
beforeAll(async () => {
  fixture = await createCompany(conn.db, [
    { role: "owner", sessions: [AT_THREE, sessionEndingDaysAgo(2)] },
    { role: "admin", sessions: [sessionEndingAt("2026-11-21T04:10:00Z", 20)] },
    { role: "member", sessions: [sessionEndingDaysAgo(40)] },
    { role: "viewer" },
  ]);
  const [owner, admin, member, viewer] = fixture.members;
  tokens.owner = await forgeToken(owner!.userId);
  tokens.admin = await forgeToken(admin!.userId);
  tokens.member = await forgeToken(member!.userId);
  tokens.viewer = await forgeToken(viewer!.userId);
});

describe("PATCH /companies/{id}/: the company's zone", () => {
  it("owner and admin change it (canonical spelling back); GET shows it", async () => {
    const { companyId } = fixture;
    const a = await patch(companyId, tokens.owner, { timezone: "Europe/Berlin" });
    expect(a.status, a.text).toBe(200);
    expect(a.body).toEqual({ id: companyId, name: expect.any(String), timezone: "Europe/Berlin" });
    expect(await storedZone(companyId)).toBe("Europe/Berlin");
    const b = await patch(companyId, tokens.admin, { timezone: "US/Eastern" });
    expect(b.status, b.text).toBe(200);
    expect(b.body).toMatchObject({ timezone: "America/New_York" });
    const got = await api(companyPath(companyId), { token: tokens.member });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ id: companyId, name: expect.any(String), timezone: "America/New_York" });
    await expectRollupsFresh(companyId, "after two changes");
    const back = await patch(companyId, tokens.owner, { timezone: "UTC" });
    expect(back.status).toBe(200);
    expect(await storedZone(companyId)).toBe("UTC");
  });

  it("members, viewers and API keys (even with every scope) get 403; the zone stays", async () => {
    const { companyId } = fixture;
    for (const token of [tokens.member, tokens.viewer]) {
      const res = await patch(companyId, token, { timezone: "Asia/Tokyo" });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: "permission_denied" });
    }
    const created = await api(`/api/v2/companies/${companyId}/api-keys/`, {
      method: "POST",
      token: tokens.admin,
      body: { name: "all scopes", scopes: [...API_KEY_SCOPES], expires_in_days: 1 },
    });
    expect(created.status, created.text).toBe(201);
    const key = (created.body as { key: string }).key;
    const res = await patch(companyId, key, { timezone: "Asia/Tokyo" });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "permission_denied" });
    // The key still reads the company (the refusal is the change, not the key).
    expect((await api(companyPath(companyId), { token: key })).status).toBe(200);
    expect(await storedZone(companyId)).toBe("UTC");
  });

  it("an unknown zone, a non-string, a missing field, an offset or a POSIX rule is a 400 validation_error", async () => {
    const { companyId } = fixture;
    for (const body of [
      { timezone: "Mars/Olympus_Mons" },
      { timezone: 5 },
      { timezone: null },
      {},
      { timezone: "" },
      { timezone: "+05:00" },
      { timezone: "UTC+3" },
      { timezone: "EST5EDT" },
      { timezone: ["UTC"] },
      { timezone: "Europe/Berlin\u0000" },
    ]) {
      const res = await patch(companyId, tokens.owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body, JSON.stringify(body)).toMatchObject({ code: "validation_error" });
      expect(Object.keys((res.body as { errors: object }).errors), JSON.stringify(body)).toEqual([
        "timezone",
      ]);
    }
    const raw = await api(companyPath(companyId), {
      method: "PATCH",
      token: tokens.owner,
      raw: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(raw.status).toBe(400);
    expect(await storedZone(companyId)).toBe("UTC");
  });

  it("moves the daily buckets, leaves rollups equal to a refresh, retires the cache and is audited", async () => {
    const { companyId } = fixture;
    const q = "date_from=2026-11-18&date_to=2026-11-22";
    const day = (s: UserMetricsSummary, date: string) => s.daily.find((d) => d.date === date)!.sessions;
    const before = await api<UserMetricsSummary>(summaryPath(companyId, q), { token: tokens.owner });
    expect(before.status).toBe(200);
    expect(before.headers.get("x-cache")).toBe("MISS");
    expect(before.body.window.timezone).toBe("UTC");
    expect([
      day(before.body, "2026-11-19"),
      day(before.body, "2026-11-20"),
      day(before.body, "2026-11-21"),
    ]).toEqual([0, 1, 1]);
    const again = await api(summaryPath(companyId, q), { token: tokens.owner });
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(again.headers.get("etag")).toBe(before.headers.get("etag"));

    const res = await patch(companyId, tokens.admin, { timezone: "America/New_York" });
    expect(res.status).toBe(200);
    const row = await auditRow(res.headers.get("x-request-id")!);
    expect(row).toMatchObject({
      action: "companies.update",
      method: "PATCH",
      company_ref: companyId,
      status: 200,
      actor_user_id: fixture.members[1]!.userId,
    });
    expect(JSON.stringify(row!.params)).toContain("America/New_York");
    await expectRollupsFresh(companyId, "after the change");
    const [stored] = await conn.sql<{ day: string }[]>`
      select day::text from company_daily_metrics where company_id = ${companyId} and sessions > 0
        and day between '2026-11-18' and '2026-11-22' order by day`;
    expect(stored!.day).toBe("2026-11-19");

    const after = await api<UserMetricsSummary>(summaryPath(companyId, q), { token: tokens.owner });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    expect(after.body.window.timezone).toBe("America/New_York");
    // 03:00Z on the 20th is 22:00 on the 19th in New York; 04:10Z on the 21st is 23:10 on the 20th.
    expect([
      day(after.body, "2026-11-19"),
      day(after.body, "2026-11-20"),
      day(after.body, "2026-11-21"),
    ]).toEqual([1, 1, 0]);
    // The same request naming UTC reads raw sessions in UTC: the old buckets.
    const utc = await api<UserMetricsSummary>(summaryPath(companyId, `${q}&timezone=UTC`), {
      token: tokens.owner,
    });
    expect(utc.body.daily).toEqual(before.body.daily);

    // Setting the same zone again changes nothing and is still audited, as unchanged.
    const same = await patch(companyId, tokens.admin, { timezone: "America/New_York" });
    expect(same.status).toBe(200);
    expect((await auditRow(same.headers.get("x-request-id")!))!.status).toBe(200);
    expect((await api(summaryPath(companyId, q), { token: tokens.owner })).headers.get("x-cache")).toBe(
      "HIT",
    );
  });

  it("waits for a refresh that holds the claim, then recomputes: never a mixed rollup", async () => {
    const { companyId } = await createCompany(conn.db, [
      { role: "owner", sessions: [AT_THREE, sessionEndingDaysAgo(3)] },
      { sessions: [sessionEndingAt("2026-03-08T06:30:00Z", 20), sessionEndingDaysAgo(1)] },
    ]);
    const token = await forgeToken(
      (
        await conn.sql<{ user_id: string }[]>`
        select user_id::text from memberships where company_id = ${companyId} and role = 'owner'`
      )[0]!.user_id,
    );
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: () => void;
    const claimed = new Promise<void>((r) => (held = r));
    const holder = conn.sql.begin(async (tx) => {
      const [got] = await tx<{ ok: boolean }[]>`select um_try_lock_refresh(${companyId}) as ok`;
      expect(got!.ok).toBe(true);
      held();
      await released;
      // Then a refresh in the old zone, as the scheduled one does before it lets the claim go.
      // (Until here the holder has the claim only, not the company's lock: only the claim can
      // have kept the change waiting.)
      await tx`select um_refresh_company(${companyId}, now())`;
    });
    await claimed;
    let settled = false;
    const change = patch(companyId, token, { timezone: "America/New_York" }).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(settled, "the change waits for the claim").toBe(false);
    expect(await storedZone(companyId)).toBe("UTC");
    release();
    await holder;
    const res = await change;
    expect(res.status, res.text).toBe(200);
    expect(await storedZone(companyId)).toBe("America/New_York");
    await expectRollupsFresh(companyId, "after the change that waited");
  });
});

describe("ingestion into a New York company keeps the rollups equal to a full refresh", () => {
  it("random batches near local midnights and DST changes", async () => {
    const zone = "America/New_York";
    const r = random(20261201);
    const now = Date.now();
    const anchors = [
      ...transitions(zone, now - 400 * DAY, now),
      ...Array.from({ length: 40 }, () => firstInstantOf(dayIn(now - r.int(400) * DAY, zone), zone)),
    ];
    const { companyId, members } = await createCompany(
      conn.db,
      [
        { role: "admin" },
        ...Array.from({ length: 8 }, (_, i) => ({
          status: (["active", "inactive", "pending"] as const)[i % 3],
          sessions: i % 3 === 0 ? [] : [sessionEndingDaysAgo(20 + i)],
        })),
      ],
      { timezone: zone },
    );
    const token = await forgeToken(members[0]!.userId);
    await expectRollupsFresh(companyId, "after creation");
    for (let batch = 0; batch < 8; batch++) {
      const sessions = Array.from({ length: 1 + r.int(20) }, () => {
        const member = r.pick(members);
        const start = Math.min(r.pick(anchors) + (r.int(6 * 3600) - 3 * 3600) * 1000, now - 4 * HOUR);
        return {
          id: randomUUID(),
          user_id: member.userId,
          started_at: new Date(start).toISOString(),
          ended_at: new Date(start + r.int(5400) * 1000).toISOString(),
        };
      });
      const res = await api(`/api/v2/companies/${companyId}/sessions/`, {
        method: "POST",
        token,
        body: { sessions },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await expectRollupsFresh(companyId, `after batch ${batch}`);
    }
    // The days really are New York's: some session's day differs from its UTC day.
    const [moved] = await conn.sql<{ n: number }[]>`
      select count(*)::int as n from activity_sessions where company_id = ${companyId}
        and (started_at at time zone 'America/New_York')::date <> (started_at at time zone 'UTC')::date`;
    expect(moved!.n).toBeGreaterThan(0);
  });
});

describe("the new parameters: caching, permissions, audit, validation", () => {
  it("summary: another timezone or compare is another cache entry with another ETag", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "owner", sessions: [AT_THREE, sessionEndingDaysAgo(1), sessionEndingDaysAgo(9)] },
    ]);
    const token = await forgeToken(members[0]!.userId);
    const base = "date_from=2026-11-10&date_to=2026-11-25";
    const etags = new Set<string>();
    for (const extra of [
      "",
      "&timezone=America/New_York",
      "&timezone=Asia/Tokyo",
      "&compare=previous_period",
      "&compare=previous_year",
      "&timezone=America/New_York&compare=previous_period",
    ]) {
      const first = await api<UserMetricsSummary>(summaryPath(companyId, base + extra), { token });
      expect(first.status, extra).toBe(200);
      expect(first.headers.get("x-cache"), extra).toBe("MISS");
      const second = await api(summaryPath(companyId, base + extra), { token });
      expect(second.headers.get("x-cache"), extra).toBe("HIT");
      expect(second.headers.get("etag"), extra).toBe(first.headers.get("etag"));
      etags.add(first.headers.get("etag")!);
    }
    expect(etags.size).toBe(6);
    // The spelling of a zone is not part of the key: US/Eastern is America/New_York's entry.
    const alias = await api<UserMetricsSummary>(summaryPath(companyId, `${base}&timezone=US/Eastern`), {
      token,
    });
    expect(alias.headers.get("x-cache")).toBe("HIT");
    expect(alias.body.window.timezone).toBe("America/New_York");
  });

  it("summary: every bad timezone and compare value in one 400", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ role: "owner" }]);
    const token = await forgeToken(members[0]!.userId);
    const res = await api(
      summaryPath(companyId, "timezone=Mars/Base&compare=last_week&date_from=2026-13-01"),
      {
        token,
      },
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "validation_error" });
    expect(Object.keys((res.body as { errors: object }).errors).sort()).toEqual([
      "compare",
      "date_from",
      "timezone",
    ]);
    for (const zone of ["+05:00", "EST5EDT", "utc+1", "x".repeat(65), "Europe/Berlin\u0000"]) {
      const bad = await api(summaryPath(companyId, `timezone=${encodeURIComponent(zone)}`), { token });
      expect(bad.status, zone).toBe(400);
      expect(Object.keys((bad.body as { errors: object }).errors), zone).toEqual(["timezone"]);
    }
  });

  it("retention: viewer 403, cached, audited, every bad parameter in one 400", async () => {
    const { companyId, members } = await createCompany(
      conn.db,
      [
        { role: "admin", sessions: [sessionEndingDaysAgo(1)], joinedAt: new Date(Date.now() - 20 * DAY) },
        { role: "viewer" },
      ],
      { timezone: "Asia/Tokyo" },
    );
    const admin = await forgeToken(members[0]!.userId);
    const viewer = await forgeToken(members[1]!.userId);
    const denied = await api(retentionPath(companyId), { token: viewer });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: "permission_denied" });
    expect((await auditRow(denied.headers.get("x-request-id")!))!.action).toBe("user_metrics.retention");

    const first = await api<UserMetricsRetention>(retentionPath(companyId), { token: admin });
    expect(first.status, first.text).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.body).toMatchObject({ period: "week", periods: 8, timezone: "Asia/Tokyo", status: null });
    expect(first.body.cohorts).toHaveLength(8);
    const today = dayIn(Date.now(), "Asia/Tokyo");
    expect(first.body.cohorts.at(-1)!.cohort_start).toBe(mondayOf(today));
    expect(first.body.cohorts[0]!.cohort_start).toBe(plusDays(mondayOf(today), -49));
    const second = await api(retentionPath(companyId), { token: admin });
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    const row = await auditRow(first.headers.get("x-request-id")!);
    expect(row).toMatchObject({ action: "user_metrics.retention", status: 200, company_ref: companyId });
    const other = await api(retentionPath(companyId, "timezone=UTC"), { token: admin });
    expect(other.headers.get("x-cache")).toBe("MISS");

    for (const [q, keys] of [
      ["period=day&periods=0&timezone=Mars/Base", ["period", "periods", "timezone"]],
      ["periods=25", ["periods"]],
      ["periods=x&period=quarter", ["period", "periods"]],
      ["role=boss&status=gone", ["role", "status"]],
    ] as const) {
      const bad = await api(retentionPath(companyId, q), { token: admin });
      expect(bad.status, q).toBe(400);
      expect(bad.body, q).toMatchObject({ code: "validation_error" });
      expect(Object.keys((bad.body as { errors: object }).errors).sort(), q).toEqual([...keys].sort());
    }
    expect((await api(retentionPath(companyId, "periods=24&period=month"), { token: admin })).status).toBe(
      200,
    );
  });

  it("demo: Acme's retention has cohorts to show in the last 12 weeks, and the summary compares", async () => {
    const jane = await login("jane.smith@acme.test");
    const res = await api<UserMetricsRetention>(retentionPath(ACME, "period=week&periods=12"), {
      token: jane,
    });
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe("UTC");
    const joined = res.body.cohorts.filter((c) => c.size > 0);
    expect(joined.length).toBeGreaterThanOrEqual(6);
    expect(joined.some((c) => c.retained.some((x) => x > 0))).toBe(true);
    const s = await api<UserMetricsSummary>(summaryPath(ACME, "compare=previous_period"), { token: jane });
    expect(s.status).toBe(200);
    expect(s.body.comparison!.activity.sessions).toBeGreaterThan(0);
    expect(s.body.engagement.mau).toBeGreaterThan(0);
    expect(s.body.engagement.stickiness).toBeGreaterThan(0);
  });
});
