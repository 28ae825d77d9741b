import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, forgeToken, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, type FixtureMember } from "../helpers/fixtures";
import type { UserMetricsSummary } from "@/lib/contracts/user-metrics";

/**
 * A company built from known raw sessions; the list, summary and export must agree with figures
 * computed here, independently of the product's SQL: month boundaries, sessions crossing midnight,
 * open-ended windows, members without sessions, soft-deleted members, ingestion then refresh.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

const DAY = 86_400_000;
const now = new Date();
const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const at = (base: Date, hours: number) => new Date(base.getTime() + hours * 3_600_000);
const day = (d: Date) => d.toISOString().slice(0, 10);
const hhmmss = (s: number) =>
  [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60]
    .map((n) => String(n).padStart(2, "0"))
    .join(":");

type Plan = FixtureMember & { label: string };
// Today's date minus a few days, at midnight UTC, for sessions well inside the default window.
const recent = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 3 * DAY);
const plans: Plan[] = [
  {
    label: "crosses midnight and the month boundary",
    status: "active",
    department: "Engineering",
    sessions: [
      [at(monthStart, -0.5), at(monthStart, 0.25)], // starts last month, ends this month: counts last month
      [at(recent, 23.5), at(recent, 24.5)], // crosses midnight: counts on its start day
      [at(recent, -48), at(recent, -47.75)],
    ],
  },
  { label: "never active", status: "active", department: "Sales", sessions: [] },
  { label: "removed", status: "active", membershipDeleted: true, sessions: [[at(recent, 1), at(recent, 2)]] },
  { label: "deleted user", status: "active", userDeleted: true, sessions: [[at(recent, 1), at(recent, 2)]] },
  {
    label: "long ago",
    status: "inactive",
    department: null,
    sessions: [[at(recent, -24 * 200), at(recent, -24 * 200 + 1)]],
  },
  {
    label: "pending, active recently",
    status: "pending",
    department: null,
    sessions: [[at(recent, 10), at(recent, 10.2)]],
  },
];

let companyId: string;
let token: string;
let ids: string[];
type Raw = { userId: string; start: Date; end: Date };
let raw: Raw[];

function expected(window: { from: string; to: string }, status?: string) {
  const live = plans
    .map((p, i) => ({ ...p, userId: ids[i]! }))
    .filter((p) => !p.membershipDeleted && !p.userDeleted && (!status || p.status === status));
  const rowsFor = (p: (typeof live)[number]) => raw.filter((r) => r.userId === p.userId);
  const listed = live
    .map((p) => {
      const sessions = rowsFor(p);
      if (sessions.length === 0) return null;
      const lastActive = new Date(Math.max(...sessions.map((s) => s.end.getTime())));
      const seconds = sessions.reduce((a, s) => a + (s.end.getTime() - s.start.getTime()) / 1000, 0);
      return {
        user_id: p.userId,
        last_active: lastActive.toISOString().replace(/\.\d{3}Z$/, "Z"),
        total_sessions: sessions.length,
        sessions_this_month: sessions.filter((s) => s.start >= monthStart).length,
        avg_session_duration: hhmmss(Math.round(seconds / sessions.length)),
      };
    })
    .filter(
      (r): r is NonNullable<typeof r> =>
        r !== null &&
        day(new Date(r.last_active)) >= window.from &&
        day(new Date(r.last_active)) <= window.to,
    )
    .sort((a, b) =>
      a.last_active < b.last_active ? 1 : a.last_active > b.last_active ? -1 : a.user_id < b.user_id ? 1 : -1,
    );
  const inWindow = raw.filter(
    (r) =>
      live.some((p) => p.userId === r.userId) && day(r.start) >= window.from && day(r.start) <= window.to,
  );
  const seconds = inWindow.reduce((a, s) => a + (s.end.getTime() - s.start.getTime()) / 1000, 0);
  return {
    listed,
    members: live.length,
    activeUsers: new Set(inWindow.map((s) => s.userId)).size,
    sessions: inWindow.length,
    avg: hhmmss(inWindow.length ? Math.round(seconds / inWindow.length) : 0),
    byDay: (d: string) => inWindow.filter((s) => day(s.start) === d).length,
  };
}

async function check(query: string, window: { from: string; to: string }, status?: string) {
  const want = expected(window, status);
  const list = await api<{ count: number; results: Record<string, unknown>[] }>(
    metricsPath(companyId, `${query}&page_size=100`),
    { token },
  );
  expect(list.status).toBe(200);
  expect(list.body.count).toBe(want.listed.length);
  expect(
    list.body.results.map((r) => ({
      user_id: r.user_id,
      last_active: r.last_active,
      total_sessions: r.total_sessions,
      sessions_this_month: r.sessions_this_month,
      avg_session_duration: r.avg_session_duration,
    })),
  ).toEqual(want.listed);

  const summary = await api<UserMetricsSummary>(
    `/api/v2/companies/${companyId}/user-metrics/summary/?${query}`,
    { token },
  );
  expect(summary.body.window).toMatchObject({ date_from: window.from, date_to: window.to });
  expect(summary.body.company_members.total).toBe(want.members);
  // The window's breakdown counts exactly the listed members.
  expect(summary.body.members.total).toBe(want.listed.length);
  expect(summary.body.activity).toMatchObject({
    listed_members: want.listed.length,
    active_users: want.activeUsers,
    sessions: want.sessions,
    avg_session_duration: want.avg,
  });
  for (const d of summary.body.daily as { date: string; sessions: number }[])
    expect(d.sessions, d.date).toBe(want.byDay(d.date));

  const csv = await (
    await fetch(`${baseUrl()}/api/v2/companies/${companyId}/user-metrics/export/?${query}`, {
      headers: { Authorization: `Bearer ${token}` },
    })
  ).text();
  const lines = csv.trim().split("\r\n").slice(1);
  expect(lines.map((l) => l.split(",")[0])).toEqual(want.listed.map((r) => r.user_id));
  expect(lines.map((l) => l.split(",")[5])).toEqual(want.listed.map((r) => String(r.total_sessions)));
}

beforeAll(async () => {
  const fixture = await createCompany(conn.db, [{ role: "admin", status: "active", sessions: [] }, ...plans]);
  companyId = fixture.companyId;
  token = await forgeToken(fixture.members[0]!.userId);
  // The admin is part of the company too: track them as a plan with no sessions.
  plans.unshift({ label: "admin", status: "active", department: "Engineering", sessions: [] });
  ids = fixture.members.map((m) => m.userId);
  raw = plans.flatMap((p, i) => (p.sessions ?? []).map(([start, end]) => ({ userId: ids[i]!, start, end })));
});

describe("list, summary and export agree with independently computed figures", () => {
  it("for the default window", async () => {
    await check("x=1", { from: day(new Date(Date.parse(day(now)) - 30 * DAY)), to: day(now) });
  });

  it("for an explicit window, a date_to-only window, and a status filter", async () => {
    await check(`date_from=${day(at(recent, -72))}&date_to=${day(recent)}`, {
      from: day(at(recent, -72)),
      to: day(recent),
    });
    const to = day(at(recent, -24 * 150));
    await check(`date_to=${to}`, { from: day(new Date(Date.parse(to) - 30 * DAY)), to });
    await check(
      `status=pending&date_from=${day(at(recent, -24))}`,
      { from: day(at(recent, -24)), to: day(now) },
      "pending",
    );
  });

  it("after ingesting a batch and refreshing", async () => {
    const never = ids[plans.findIndex((p) => p.label === "never active")]!;
    const added = [
      {
        id: randomUUID(),
        user_id: never,
        started_at: at(recent, 5).toISOString(),
        ended_at: at(recent, 5.75).toISOString(),
      },
      {
        id: randomUUID(),
        user_id: ids[0]!,
        started_at: at(now, -2).toISOString(),
        ended_at: at(now, -1).toISOString(),
      },
    ];
    const res = await api(`/api/v2/companies/${companyId}/sessions/`, {
      method: "POST",
      token,
      body: { sessions: added },
    });
    expect(res.status).toBe(201);
    raw.push(
      ...added.map((s) => ({ userId: s.user_id, start: new Date(s.started_at), end: new Date(s.ended_at) })),
    );
    await check("y=1", { from: day(new Date(Date.parse(day(now)) - 30 * DAY)), to: day(now) });
    expect(
      (await api(`/api/v2/companies/${companyId}/user-metrics/refresh/`, { method: "POST", token })).status,
    ).toBe(200);
    await check("z=1", { from: day(new Date(Date.parse(day(now)) - 30 * DAY)), to: day(now) });
  });
});
