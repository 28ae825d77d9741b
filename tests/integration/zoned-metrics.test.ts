import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listUserMetrics } from "@/db/queries/user-metrics";
import { summarizeUserMetrics } from "@/db/queries/user-metrics-summary";
import { retentionCohorts } from "@/db/queries/retention";
import {
  MEMBER_ROLES,
  parseRetentionQuery,
  parseSummaryQuery,
  parseUserMetricsQuery,
  type UserMetricsRetention,
  type UserMetricsSummary,
} from "@/lib/contracts/user-metrics";
import { toRetention } from "@/lib/user-metrics/retention";
import { toSummary } from "@/lib/user-metrics/summary";
import { connectTestDb } from "../helpers/db";
import { createCompany, type FixtureMember } from "../helpers/fixtures";
import {
  DAY,
  dayIn,
  daysBetween,
  firstInstantOf,
  mondayOf,
  plusDays,
  plusMonths,
  random,
  apiZoneName,
  transitions,
} from "../helpers/zones";

/**
 * Days in a company whose zone is not UTC (America/New_York), checked against a model computed
 * here from the fixture's raw sessions with Intl: sessions start around the midnights of several
 * zones and around DST changes; random windows × random request zones × filters × comparisons.
 * The summary (window, daily series, engagement, comparison, change), the list (count, rows,
 * inactive_for, sessions_this_month) and retention all equal the model, on both paths: the
 * request's zone equal to the company's (rollups) and another one (raw sessions).
 */
const conn = connectTestDb();
afterAll(() => conn.close());

const COMPANY_ZONE = "America/New_York";
const REQUEST_ZONES = [
  "UTC",
  "Europe/London",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Kiritimati",
  "America/Santiago",
  "Pacific/Apia",
];
const ALL_ZONES = [COMPANY_ZONE, ...REQUEST_ZONES];
const DEPARTMENTS = ["Sales", "Ops", null] as const;
const STATUSES = ["active", "inactive", "pending"] as const;

const now = new Date();
const SPAN_DAYS = 420;
const rng = random(20261201);

/** Instants worth starting a session near: local midnights of every zone, and DST changes. */
const anchors: number[] = [
  ...ALL_ZONES.flatMap((z) => transitions(z, now.getTime() - SPAN_DAYS * DAY, now.getTime())),
  ...Array.from({ length: 150 }, () => {
    const zone = rng.pick(ALL_ZONES);
    return firstInstantOf(dayIn(now.getTime() - rng.int(SPAN_DAYS) * DAY, zone), zone);
  }),
];

type Member = FixtureMember & { userId?: string; sessions: [Date, Date][]; joinedAt: Date };

const members: Member[] = Array.from({ length: 60 }, (_, i) => {
  // Joined over the last 400 days, none from 35 to 56 days ago (empty weekly cohorts).
  let joinedDaysAgo = rng.int(400);
  if (joinedDaysAgo >= 35 && joinedDaysAgo <= 56) joinedDaysAgo += 30;
  const joinedAt = new Date(now.getTime() - joinedDaysAgo * DAY - rng.int(86_400) * 1000);
  const sessions: [Date, Date][] = [];
  const n = i > 0 && rng.next() < 0.1 ? 0 : 1 + rng.int(12);
  for (let k = 0; k < n; k++) {
    // Whole seconds: near an anchor (± 2 h) or anywhere; mostly after joining, some before.
    const base =
      rng.next() < 0.7
        ? rng.pick(anchors) + (rng.int(4 * 3600) - 2 * 3600) * 1000
        : now.getTime() - rng.int(SPAN_DAYS) * DAY - rng.int(86_400) * 1000;
    const start = Math.floor(base / 1000) * 1000;
    const end = start + (30 + rng.int(3 * 3600)) * 1000;
    if (end > now.getTime() - 60_000) continue;
    if (start < joinedAt.getTime() && rng.next() < 0.8) continue;
    sessions.push([new Date(start), new Date(end)]);
  }
  return {
    role: i === 0 ? "owner" : rng.pick(MEMBER_ROLES),
    status: i === 0 ? "active" : rng.pick(STATUSES),
    department: rng.pick(DEPARTMENTS),
    membershipDeleted: i > 0 && rng.next() < 0.05,
    userDeleted: i > 0 && rng.next() < 0.04,
    joinedAt,
    sessions,
  };
});

let companyId: string;
beforeAll(async () => {
  const fixture = await createCompany(conn.db, members, { timezone: COMPANY_ZONE });
  companyId = fixture.companyId;
  fixture.members.forEach((m, i) => (members[i]!.userId = m.userId));
});

type Filters = { status?: string; role?: string[]; department?: (string | null)[] };

/** The live members a filter selects. */
const selected = (f: Filters) =>
  members.filter(
    (m) =>
      !m.membershipDeleted &&
      !m.userDeleted &&
      (!f.status || m.status === f.status) &&
      (!f.role || f.role.includes(m.role!)) &&
      (!f.department || f.department.includes(m.department ?? null)),
  );

const seconds = (s: [Date, Date]) => Math.round((s[1].getTime() - s[0].getTime()) / 1000);
const mean = (total: number, n: number) => (n === 0 ? 0 : Math.round(total / n));
const lastActive = (m: Member) =>
  m.sessions.length ? Math.max(...m.sessions.map((s) => s[1].getTime())) : null;

/** What the summary must say about a window, computed from the raw sessions. */
function modelActivity(f: Filters, zone: string, from: string, to: string) {
  const set = selected(f);
  const days = new Map(daysBetween(from, to).map((d) => [d, { users: new Set<string>(), n: 0, dur: 0 }]));
  const users = new Set<string>();
  let sessions = 0;
  let duration = 0;
  for (const m of set)
    for (const s of m.sessions) {
      const day = days.get(dayIn(s[0], zone));
      if (!day) continue;
      day.users.add(m.userId!);
      day.n++;
      day.dur += seconds(s);
      users.add(m.userId!);
      sessions++;
      duration += seconds(s);
    }
  const listed = set.filter((m) => {
    const last = lastActive(m);
    return last !== null && dayIn(last, zone) >= from && dayIn(last, zone) <= to;
  }).length;
  return {
    activity: {
      listed_members: listed,
      active_users: users.size,
      sessions,
      avg_session_seconds: mean(duration, sessions),
    },
    daily: [...days].map(([date, d]) => ({
      date,
      active_users: d.users.size,
      sessions: d.n,
      avg_session_seconds: mean(d.dur, d.n),
    })),
  };
}

const sameDayYearBefore = (day: string) => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
};

type SummaryCase = {
  zone: string | null;
  from: string;
  to: string;
  compare: "previous_period" | "previous_year" | null;
  filters: Filters;
};

function params(c: { zone?: string | null; from?: string; to?: string; compare?: string | null } & Filters) {
  const p = new URLSearchParams();
  if (c.from) p.set("date_from", c.from);
  if (c.to) p.set("date_to", c.to);
  if (c.zone) p.set("timezone", c.zone);
  if (c.compare) p.set("compare", c.compare);
  if (c.status) p.set("status", c.status);
  if (c.role) p.set("role", c.role.join(","));
  for (const d of c.department ?? []) p.append("department", d ?? "");
  return p;
}

async function summary(p: URLSearchParams): Promise<UserMetricsSummary> {
  const f = parseSummaryQuery(p, now, { timezone: COMPANY_ZONE });
  return toSummary(companyId, f, await summarizeUserMetrics(conn.db, companyId, f));
}

const pick = (s: UserMetricsSummary["daily"]) =>
  s.map((d) => ({
    date: d.date,
    active_users: d.active_users,
    sessions: d.sessions,
    avg_session_seconds: d.avg_session_seconds,
  }));
const pickActivity = (a: UserMetricsSummary["activity"]) => ({
  listed_members: a.listed_members,
  active_users: a.active_users,
  sessions: a.sessions,
  avg_session_seconds: a.avg_session_seconds,
});

function randomCase(r: ReturnType<typeof random>, i: number): SummaryCase {
  // The first ones read the rollups (the company's zone, no member filter); then anything.
  const rollups = i < 12;
  const zone = rollups
    ? r.pick([null, COMPANY_ZONE])
    : r.next() < 0.3
      ? r.pick([null, COMPANY_ZONE])
      : r.pick(REQUEST_ZONES);
  const effective = zone ?? COMPANY_ZONE;
  const to = dayIn(now.getTime() - r.int(SPAN_DAYS - 60) * DAY, effective);
  const from = plusDays(to, -r.pick([0, 1, 6, 13, 29, 30, 44, 89, r.int(120)]));
  const filters: Filters = {};
  if (r.next() < 0.3) filters.status = r.pick(STATUSES);
  if (!rollups && r.next() < 0.3)
    filters.role = [...new Set([r.pick(MEMBER_ROLES), r.pick(MEMBER_ROLES)])].sort();
  if (!rollups && r.next() < 0.3)
    filters.department = [...new Set([r.pick(DEPARTMENTS), r.pick(DEPARTMENTS)])];
  return { zone, from, to, compare: r.pick([null, "previous_period", "previous_year"] as const), filters };
}

describe("summary in a New York company: random windows × request zones equal the model", () => {
  const r = random(99);
  const cases = Array.from({ length: 40 }, (_, i) => randomCase(r, i));

  it.each(cases.map((c, i) => [i, JSON.stringify(c), c] as const))("#%i %s", async (i, _label, c) => {
    const zone = c.zone ?? COMPANY_ZONE;
    const s = await summary(params({ ...c, ...c.filters }));
    const want = modelActivity(c.filters, zone, c.from, c.to);
    expect(s.window).toEqual({
      date_from: c.from,
      date_to: c.to,
      days: daysBetween(c.from, c.to).length,
      timezone: apiZoneName(zone),
    });
    expect(pickActivity(s.activity)).toEqual(want.activity);
    expect(pick(s.daily)).toEqual(want.daily);
    expect(s.daily.reduce((a, d) => a + d.sessions, 0)).toBe(s.activity.sessions);

    // Engagement around date_to, from the model's own 1-, 7- and 30-day windows.
    const mau = modelActivity(c.filters, zone, plusDays(c.to, -29), c.to);
    const wau = modelActivity(c.filters, zone, plusDays(c.to, -6), c.to);
    const dau = modelActivity(c.filters, zone, c.to, c.to);
    const stickiness =
      mau.activity.active_users === 0
        ? 0
        : Math.round(
            (mau.daily.reduce((a, d) => a + d.active_users, 0) / 30 / mau.activity.active_users) * 1000,
          ) / 1000;
    expect(s.engagement).toEqual({
      dau: dau.activity.active_users,
      wau: wau.activity.active_users,
      mau: mau.activity.active_users,
      stickiness,
    });

    if (!c.compare) {
      expect(s.comparison).toBeUndefined();
      expect(s.change).toBeUndefined();
      return;
    }
    const days = daysBetween(c.from, c.to).length;
    const prev =
      c.compare === "previous_period"
        ? { from: plusDays(c.from, -days), to: plusDays(c.from, -1) }
        : { from: sameDayYearBefore(c.from), to: sameDayYearBefore(c.to) };
    const previous = modelActivity(c.filters, zone, prev.from, prev.to);
    expect(s.comparison!.window).toEqual({
      date_from: prev.from,
      date_to: prev.to,
      days: daysBetween(prev.from, prev.to).length,
      timezone: apiZoneName(zone),
    });
    expect(pickActivity(s.comparison!.activity)).toEqual(previous.activity);
    expect(pick(s.comparison!.daily)).toEqual(previous.daily);
    const change = (cur: number, was: number) => (was === 0 ? null : (cur - was) / was);
    expect(s.change).toEqual({
      active_users: change(want.activity.active_users, previous.activity.active_users),
      sessions: change(want.activity.sessions, previous.activity.sessions),
      avg_session_seconds: change(want.activity.avg_session_seconds, previous.activity.avg_session_seconds),
    });

    // And the comparison is exactly a plain summary of its window; mau that of the 30 days.
    if (i % 4 === 0) {
      const plain = await summary(params({ ...c.filters, zone: c.zone, from: prev.from, to: prev.to }));
      expect(s.comparison!.activity).toEqual(plain.activity);
      expect(s.comparison!.daily).toEqual(plain.daily);
      const month = await summary(
        params({ ...c.filters, zone: c.zone, from: plusDays(c.to, -29), to: c.to }),
      );
      expect(s.engagement.mau).toBe(month.activity.active_users);
      expect(s.engagement.dau).toBe(month.daily.at(-1)!.active_users);
    }
  });

  it("covers both paths and windows with activity (the cases are not vacuous)", () => {
    const viaRollups = cases.filter(
      (c) => (c.zone ?? COMPANY_ZONE) === COMPANY_ZONE && !c.filters.role && !c.filters.department,
    );
    // Another zone without role or department filters: the activity log; with them, raw sessions.
    const viaLog = cases.filter(
      (c) => (c.zone ?? COMPANY_ZONE) !== COMPANY_ZONE && !c.filters.role && !c.filters.department,
    );
    expect(viaRollups.length).toBeGreaterThan(10);
    expect(viaLog.length).toBeGreaterThan(5);
    expect(cases.length - viaRollups.length - viaLog.length).toBeGreaterThan(5);
    const busy = cases.filter(
      (c) => modelActivity(c.filters, c.zone ?? COMPANY_ZONE, c.from, c.to).activity.sessions > 0,
    );
    expect(busy.length).toBeGreaterThan(20);
    // Some sessions count on a different day in New York than in UTC.
    const moved = members
      .flatMap((m) => m.sessions)
      .filter((s) => dayIn(s[0], COMPANY_ZONE) !== dayIn(s[0], "UTC"));
    expect(moved.length).toBeGreaterThan(20);
  });

  it("a zone whose midnights were off the quarter hours (Monrovia, -0:44:30 until 1972) is answered from raw sessions", async () => {
    const s = await summary(params({ zone: "Africa/Monrovia", from: "1971-06-01", to: "1971-06-03" }));
    expect(s.window.timezone).toBe("Africa/Monrovia");
    expect(pick(s.daily)).toEqual(modelActivity({}, "Africa/Monrovia", "1971-06-01", "1971-06-03").daily);
    expect(s.activity.active_users).toBe(0);
  });

  it("a DST day of New York: sessions on each side of the 25-hour 2025-11-02 and 23-hour 2026-03-08 land as the model says", async () => {
    for (const day of ["2025-11-02", "2026-03-08", "2026-11-01"]) {
      const s = await summary(params({ from: plusDays(day, -1), to: plusDays(day, 1) }));
      expect(pick(s.daily)).toEqual(
        modelActivity({}, COMPANY_ZONE, plusDays(day, -1), plusDays(day, 1)).daily,
      );
      const utc = await summary(params({ zone: "UTC", from: plusDays(day, -1), to: plusDays(day, 1) }));
      expect(pick(utc.daily)).toEqual(modelActivity({}, "UTC", plusDays(day, -1), plusDays(day, 1)).daily);
    }
  });
});

describe("list in a New York company: count, rows, inactive_for and sessions_this_month equal the model", () => {
  const r = random(1234);
  const cases = Array.from({ length: 24 }, (_, i) => {
    const zone = i % 3 === 0 ? null : r.pick([COMPANY_ZONE, ...REQUEST_ZONES]);
    const effective = zone ?? COMPANY_ZONE;
    const inactiveFor = r.next() < 0.35 ? r.pick([1, 7, 30, 90, 200]) : null;
    const to = dayIn(now.getTime() - r.int(200) * DAY, effective);
    const from = plusDays(to, -r.int(150));
    const status = r.next() < 0.3 ? r.pick(STATUSES) : null;
    return { zone, inactiveFor, from, to, status };
  });

  it.each(cases.map((c, i) => [i, JSON.stringify(c), c] as const))("#%i %s", async (_i, _label, c) => {
    const zone = c.zone ?? COMPANY_ZONE;
    const today = dayIn(now, zone);
    const p = new URLSearchParams({ page_size: "100" });
    if (c.zone) p.set("timezone", c.zone);
    if (c.status) p.set("status", c.status);
    if (c.inactiveFor) p.set("inactive_for", String(c.inactiveFor));
    else {
      p.set("date_from", c.from);
      p.set("date_to", c.to);
    }
    const f = parseUserMetricsQuery(p, now, { timezone: COMPANY_ZONE });
    const { count, rows } = await listUserMetrics(conn.db, companyId, f);
    const set = selected(c.status ? { status: c.status } : {});
    const cutoff = c.inactiveFor ? firstInstantOf(plusDays(today, -(c.inactiveFor - 1)), zone) : 0;
    const want = set
      .filter((m) => {
        const last = lastActive(m);
        if (c.inactiveFor) return last === null || last < cutoff;
        return last !== null && dayIn(last, zone) >= c.from && dayIn(last, zone) <= c.to;
      })
      .map((m) => ({
        userId: m.userId!,
        lastActive: lastActive(m),
        totalSessions: m.sessions.length,
        sessionsThisMonth: m.sessions.filter((s) => dayIn(s[0], zone).slice(0, 7) === today.slice(0, 7))
          .length,
        avgSessionSeconds: mean(
          m.sessions.reduce((a, s) => a + seconds(s), 0),
          m.sessions.length,
        ),
      }))
      .sort((a, b) => (a.userId < b.userId ? -1 : 1));
    expect(count).toBe(want.length);
    expect(
      rows
        .map((row) => ({
          userId: row.userId,
          lastActive: row.lastActive ? new Date(row.lastActive).getTime() : null,
          totalSessions: row.totalSessions,
          sessionsThisMonth: row.sessionsThisMonth,
          avgSessionSeconds: row.avgSessionSeconds,
        }))
        .sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    ).toEqual(want);
  });
});

describe("retention in a New York company equals the model", () => {
  type RCase = { period: "week" | "month"; periods: number; zone: string | null } & Filters;
  const cases: RCase[] = [
    { period: "week", periods: 8, zone: null },
    { period: "week", periods: 24, zone: null },
    { period: "week", periods: 24, zone: "Pacific/Kiritimati" },
    { period: "week", periods: 12, zone: "UTC", status: "active" },
    { period: "month", periods: 12, zone: null },
    { period: "month", periods: 24, zone: "Australia/Lord_Howe" },
    { period: "month", periods: 6, zone: null, role: ["member", "viewer"] },
    { period: "week", periods: 20, zone: "Asia/Kathmandu", department: ["Sales", null] },
    { period: "month", periods: 1, zone: null },
    { period: "week", periods: 1, zone: "Europe/London" },
  ];

  function model(c: RCase) {
    const zone = c.zone ?? COMPANY_ZONE;
    const today = dayIn(now, zone);
    const startOf = (day: string) => (c.period === "week" ? mondayOf(day) : `${day.slice(0, 7)}-01`);
    const add = (start: string, n: number) =>
      c.period === "week" ? plusDays(start, 7 * n) : plusMonths(start, n);
    const first = add(startOf(today), -(c.periods - 1));
    const cohorts = Array.from({ length: c.periods }, (_, i) => add(first, i));
    return cohorts.map((start) => {
      const cohort = selected(c).filter((m) => startOf(dayIn(m.joinedAt, zone)) === start);
      const retained: number[] = [];
      for (let k = 0; add(start, k) <= today; k++) {
        const period = add(start, k);
        const active = cohort.filter((m) => m.sessions.some((s) => startOf(dayIn(s[0], zone)) === period));
        retained.push(cohort.length === 0 ? 0 : Math.round((active.length / cohort.length) * 1000) / 1000);
      }
      return { cohort_start: start, size: cohort.length, retained };
    });
  }

  async function retention(c: RCase): Promise<UserMetricsRetention> {
    const p = params({ zone: c.zone, status: c.status, role: c.role, department: c.department });
    p.set("period", c.period);
    p.set("periods", String(c.periods));
    const query = parseRetentionQuery(p, now, { timezone: COMPANY_ZONE });
    return toRetention(companyId, query, await retentionCohorts(conn.db, companyId, query));
  }

  it.each(cases.map((c) => [JSON.stringify(c), c] as const))("%s", async (_label, c) => {
    const got = await retention(c);
    expect(got).toMatchObject({
      company_id: companyId,
      period: c.period,
      periods: c.periods,
      timezone: apiZoneName(c.zone ?? COMPANY_ZONE),
      status: c.status ?? null,
    });
    const want = model(c);
    expect(got.cohorts).toEqual(want);
    // Triangle: the latest cohort has one period begun, each older one at least as many.
    expect(got.cohorts.at(-1)!.retained).toHaveLength(1);
    for (let i = 1; i < got.cohorts.length; i++)
      expect(got.cohorts[i - 1]!.retained.length).toBeGreaterThanOrEqual(got.cohorts[i]!.retained.length);
    if (c.period === "week")
      for (const cohort of got.cohorts)
        expect(new Date(`${cohort.cohort_start}T00:00:00Z`).getUTCDay()).toBe(1);
    else for (const cohort of got.cohorts) expect(cohort.cohort_start.endsWith("-01")).toBe(true);
  });

  it("has empty cohorts of size 0 and non-empty ones with activity (the model is not vacuous)", () => {
    const weeks = model({ period: "week", periods: 24, zone: null });
    expect(weeks.some((c) => c.size === 0)).toBe(true);
    expect(weeks.filter((c) => c.size > 0 && c.retained.some((x) => x > 0)).length).toBeGreaterThan(3);
    // Joining days differ between zones for some members (the zone matters here).
    expect(
      members.some((m) => dayIn(m.joinedAt, "Pacific/Kiritimati") !== dayIn(m.joinedAt, COMPANY_ZONE)),
    ).toBe(true);
  });
});
