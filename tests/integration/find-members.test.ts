import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forEachUserMetricsChunk, listUserMetrics, SMALL_SELECTION } from "@/db/queries/user-metrics";
import { summarizeUserMetrics } from "@/db/queries/user-metrics-summary";
import {
  MEMBER_ROLES,
  ORDERINGS,
  parseSummaryQuery,
  parseUserMetricsQuery,
  type UserMetric,
  type UserMetricsSummary,
} from "@/lib/contracts/user-metrics";
import { addDays, utcDay } from "@/lib/format";
import { api, baseUrl, forgeToken, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { random } from "../helpers/random";
import { createCompany, type FixtureMember } from "../helpers/fixtures";

/**
 * Finding members (search, role, department, inactive_for, the new orderings), checked against a
 * model computed here from the fixture's own data: random filter combinations, the list walked page
 * by page, the export's chunks and the summary's totals all equal the model's answer.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

const DAY = 86_400_000;
const now = new Date();
const today = utcDay(now);
const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);

/** The model's folding: lower case without accents (ł and ø have no decomposition). */
const fold = (s: string) =>
  s.normalize("NFD").replace(/\p{M}/gu, "").replace(/ł/gi, "l").replace(/ø/gi, "o").toLowerCase();

const FIRST = ["Zoë", "José", "Ana", "Łukasz", "Søren", "Marie", "John", "Anaïs", "Chloé", "Ülrich"];
const LAST = ["Müller", "García", "Smith", "Nowak", "Ørsted", "Dubois", "Doe", "O'Brien", "Núñez", "Kim"];
const DEPARTMENTS = ["Sales", "Finance", "R&D_100%", null] as const;
const STATUSES = ["active", "inactive", "pending"] as const;

type Member = FixtureMember & {
  firstName: string;
  lastName: string;
  email: string;
  userId?: string;
  sessions: [Date, Date][];
};

const rng = random(20261201);
const members: Member[] = Array.from({ length: 90 }, (_, i) => {
  const firstName = rng.pick(FIRST);
  const lastName = rng.pick(LAST);
  const never = rng.next() < 0.15;
  const sessions: [Date, Date][] = never
    ? []
    : Array.from({ length: 1 + rng.int(6) }, () => {
        // Whole seconds, from today back 200 days; some this month.
        const end = now.getTime() - rng.int(200) * DAY - rng.int(86_000) * 1000 - 60_000;
        return [new Date(end - (60 + rng.int(5000)) * 1000), new Date(end)] as [Date, Date];
      });
  return {
    firstName,
    lastName,
    email: `${fold(firstName).replace(/[^a-z]/g, "")}.${fold(lastName).replace(/[^a-z]/g, "")}${i}@find.test`,
    role: i === 0 ? "admin" : rng.pick(MEMBER_ROLES),
    status: i === 0 ? "active" : rng.pick(STATUSES),
    department: rng.pick(DEPARTMENTS),
    membershipDeleted: i > 0 && rng.next() < 0.05,
    userDeleted: i > 0 && rng.next() < 0.03,
    sessions,
  };
});

let companyId: string;
let token: string;
beforeAll(async () => {
  const fixture = await createCompany(conn.db, members);
  companyId = fixture.companyId;
  fixture.members.forEach((m, i) => (members[i]!.userId = m.userId));
  token = await forgeToken(fixture.members[0]!.userId);
});

type Query = Record<string, string | string[]>;
const toParams = (q: Query) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const value of [v].flat()) params.append(k, value);
  return params;
};

/** What the list must answer for a query, computed from the fixture alone. */
function model(q: Query) {
  const terms = typeof q.search === "string" ? q.search.trim().split(/\s+/).map(fold) : null;
  const roles = typeof q.role === "string" ? q.role.split(",") : null;
  const departments = q.department === undefined ? null : [q.department].flat().map((d) => d || null);
  const inactiveFor = q.inactive_for ? Number(q.inactive_for) : null;
  const dateTo = (q.date_to as string) ?? today;
  const dateFrom = (q.date_from as string) ?? addDays(dateTo, -30);
  const seconds = (s: [Date, Date]) => Math.round((s[1].getTime() - s[0].getTime()) / 1000);
  const rows = members
    .filter((m) => !m.membershipDeleted && !m.userDeleted)
    .map((m) => {
      const last = m.sessions.length ? Math.max(...m.sessions.map((s) => s[1].getTime())) : null;
      const total = m.sessions.reduce((a, s) => a + seconds(s), 0);
      return {
        m,
        userId: m.userId!,
        lastActive: last,
        totalSessions: m.sessions.length,
        thisMonth: m.sessions.filter((s) => s[0].getTime() >= monthStart).length,
        avg: m.sessions.length ? Math.round(total / m.sessions.length) : 0,
      };
    })
    .filter(({ m }) => !q.status || q.status === "all" || m.status === q.status)
    .filter(({ m }) => !roles || roles.includes(m.role!))
    .filter(({ m }) => !departments || departments.includes(m.department ?? null))
    .filter(
      ({ m }) =>
        !terms ||
        terms.every((t) => [m.firstName, m.lastName, m.email].some((field) => fold(field).includes(t))),
    );
  const selected = rows.filter((r) =>
    inactiveFor !== null
      ? r.lastActive === null || r.lastActive < Date.parse(`${addDays(today, -(inactiveFor - 1))}T00:00:00Z`)
      : false,
  );
  const listed =
    inactiveFor !== null
      ? selected
      : rows.filter(
          (r) =>
            r.lastActive !== null &&
            utcDay(new Date(r.lastActive)) >= dateFrom &&
            utcDay(new Date(r.lastActive)) <= dateTo,
        );
  const ordering = (q.ordering as string) ?? "-last_active";
  const key = (r: (typeof rows)[number]) =>
    ({
      last_active: r.lastActive ?? -Infinity,
      total_sessions: r.totalSessions,
      sessions_this_month: r.thisMonth,
      avg_session_duration: r.avg,
    })[ordering.replace(/^-/, "")]!;
  const sign = ordering.startsWith("-") ? -1 : 1;
  listed.sort((a, b) => sign * (key(a) - key(b) || (a.userId < b.userId ? -1 : 1)));
  // The summary's activity: every member the filters select (window aside), sessions started in it.
  const activitySet = inactiveFor !== null ? selected : rows;
  const inWindow = activitySet.flatMap((r) =>
    r.m.sessions.filter((s) => utcDay(s[0]) >= dateFrom && utcDay(s[0]) <= dateTo).map((s) => ({ r, s })),
  );
  return {
    ids: listed.map((r) => r.userId),
    rows: listed,
    activeUsers: new Set(inWindow.map((x) => x.r.userId)).size,
    sessions: inWindow.length,
  };
}

/** A random combination of every filter and ordering (dates only without inactive_for). */
function randomQuery(r: ReturnType<typeof random>): Query {
  const q: Query = { ordering: r.pick(ORDERINGS) };
  if (r.next() < 0.5) {
    const pool = [...FIRST, ...LAST, "find.test", "zoe", "ANA", "muller", "o'b", "a", "ez"];
    const words = Array.from({ length: 1 + r.int(2) }, () => {
      const word = fold(r.pick(pool));
      const start = r.int(Math.max(1, word.length - 2));
      return r.next() < 0.5 ? word.slice(start, start + 3 + r.int(3)) : word.toUpperCase();
    });
    q.search = words.join(r.next() < 0.5 ? " " : "   ");
  }
  if (r.next() < 0.4)
    q.role = [...new Set(Array.from({ length: 1 + r.int(2) }, () => r.pick(MEMBER_ROLES)))].join(",");
  if (r.next() < 0.4)
    q.department = [...new Set(Array.from({ length: 1 + r.int(2) }, () => r.pick(DEPARTMENTS) ?? ""))];
  if (r.next() < 0.2) q.status = r.pick(STATUSES);
  if (r.next() < 0.4) q.inactive_for = String(r.pick([1, 7, 14, 30, 90, 3650]));
  else if (r.next() < 0.5) {
    q.date_from = addDays(today, -(10 + r.int(190)));
    if (r.next() < 0.5) q.date_to = addDays(q.date_from, r.int(120));
  }
  return q;
}

describe("random filter combinations: pages, export and summary equal the model", () => {
  const r = random(7);
  const queries = Array.from({ length: 60 }, () => randomQuery(r));

  it.each(queries.map((q, i) => [i, JSON.stringify(q), q] as const))("#%i %s", async (_i, _label, q) => {
    const want = model(q);
    const params = toParams(q);
    const filters = parseUserMetricsQuery(params, now);
    const pageSize = 1 + (want.ids.length % 7);
    // Both ways a page is found: the selection read and sorted, and the ordering's index walked.
    for (const smallSelection of [SMALL_SELECTION, 0]) {
      const walked: string[] = [];
      for (let page = 1; ; page++) {
        const { count, rows } = await listUserMetrics(
          conn.db,
          companyId,
          { ...filters, page, pageSize },
          { smallSelection },
        );
        expect(count).toBe(want.ids.length);
        walked.push(...rows.map((row) => row.userId));
        if (rows.length < pageSize) break;
      }
      expect(walked, `smallSelection ${smallSelection}`).toEqual(want.ids);
    }

    // A role filter's count by its complement (the other roles subtracted from the rollups' count).
    const exported: string[] = [];
    await forEachUserMetricsChunk(
      conn.db,
      companyId,
      filters,
      async (rows) => {
        exported.push(...rows.map((row) => row.userId));
      },
      { chunkSize: 4 },
    );
    expect(exported).toEqual(want.ids);

    const summary = await summarizeUserMetrics(conn.db, companyId, parseSummaryQuery(params, now));
    expect(summary.listed).toBe(want.ids.length);
    expect(summary.members.reduce((a, g) => a + g.n, 0)).toBe(want.ids.length);
    const groups = new Map<string, number>();
    for (const r of want.rows) {
      const key = `${r.m.status}/${r.m.role}/${r.m.department}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    expect(
      new Map(summary.members.map((g) => [`${g.status}/${g.role}/${g.department}`, g.n])),
      "the summary's members by status, role and department",
    ).toEqual(groups);
    expect(summary.window).toMatchObject({ active_users: want.activeUsers, sessions: want.sessions });
    expect(summary.daily.reduce((a, d) => a + d.sessions, 0)).toBe(want.sessions);
  });
});

describe("finding members over the API", () => {
  const list = (query: string) =>
    api<{ count: number; results: UserMetric[] }>(metricsPath(companyId, `${query}&page_size=100`), {
      token,
    });

  it("search ignores case and accents, and every term must match", async () => {
    const zoe = members.filter(
      (m) => !m.membershipDeleted && !m.userDeleted && m.firstName === "Zoë" && m.sessions.length > 0,
    );
    expect(zoe.length).toBeGreaterThan(0);
    const { status, body } = await list("search=ZOE&date_from=2020-01-01");
    expect(status).toBe(200);
    expect(body.results.map((r) => r.user_id).sort()).toEqual(zoe.map((m) => m.userId!).sort());
    for (const r of body.results) expect(r.first_name).toBe("Zoë");
    const both = await list("search=zoë%20m%C3%9CLLER&date_from=2020-01-01");
    for (const r of both.body.results) expect(`${r.first_name} ${r.last_name}`).toBe("Zoë Müller");
    expect(both.body.count).toBe(model({ search: "zoe muller", date_from: "2020-01-01" }).ids.length);
  });

  it("%, _ and ' in a search match themselves", async () => {
    const { body } = await list("search=o'b&date_from=2020-01-01");
    expect(body.count).toBe(model({ search: "o'b", date_from: "2020-01-01" }).ids.length);
    expect((await list("search=%25&date_from=2020-01-01")).body.count).toBe(0);
    expect((await list("search=_&date_from=2020-01-01")).body.count).toBe(0);
  });

  it("department= selects members without one; departments repeat; roles are comma-separated", async () => {
    const { body } = await list(
      "department=&department=R%26D_100%25&role=member,viewer&date_from=2020-01-01",
    );
    const want = model({ department: ["", "R&D_100%"], role: "member,viewer", date_from: "2020-01-01" });
    expect(body.results.map((r) => r.user_id)).toEqual(want.ids);
    for (const r of body.results) {
      expect([null, "R&D_100%"]).toContain(r.department);
      expect(["member", "viewer"]).toContain(r.role);
    }
  });

  it("inactive_for lists never-active members with nulls, after dated ones, before them ascending", async () => {
    const desc = await list("inactive_for=30");
    const never = desc.body.results.filter((r) => r.last_active === null);
    expect(never.length).toBeGreaterThan(0);
    for (const r of never) expect(r.last_login).toBeNull();
    const firstNull = desc.body.results.findIndex((r) => r.last_active === null);
    expect(desc.body.results.slice(firstNull).every((r) => r.last_active === null)).toBe(true);
    const asc = await list("inactive_for=30&ordering=last_active");
    const lastNull = asc.body.results.map((r) => r.last_active === null).lastIndexOf(true);
    expect(asc.body.results.slice(0, lastNull + 1).every((r) => r.last_active === null)).toBe(true);
    expect(asc.body.count).toBe(desc.body.count);
    const cutoff = `${addDays(today, -29)}T00:00:00Z`;
    for (const r of desc.body.results) if (r.last_active) expect(r.last_active < cutoff).toBe(true);
  });

  it("the summary and the export honour the filters", async () => {
    const q = "role=member,admin&inactive_for=14";
    const want = model({ role: "member,admin", inactive_for: "14" });
    const summary = await api<UserMetricsSummary>(
      `/api/v2/companies/${companyId}/user-metrics/summary/?${q}`,
      {
        token,
      },
    );
    expect(summary.status).toBe(200);
    expect(summary.body.activity.listed_members).toBe(want.ids.length);
    expect(summary.body.members.total).toBe(want.ids.length);
    expect(summary.body.activity.sessions).toBe(want.sessions);
    const csv = await (
      await fetch(
        `${baseUrl()}/api/v2/companies/${companyId}/user-metrics/export/?${q}&ordering=-avg_session_duration`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      )
    ).text();
    const want2 = model({ role: "member,admin", inactive_for: "14", ordering: "-avg_session_duration" });
    expect(
      csv
        .trim()
        .split("\r\n")
        .slice(1)
        .map((l) => l.split(",")[0]),
    ).toEqual(want2.ids);
    // A never-active member's times are empty cells, not "null".
    expect(csv).not.toMatch(/,null/);
  });

  it("reports every bad value of every new parameter in one 400, and inactive_for beside a date names both", async () => {
    const bad = await api(
      metricsPath(
        companyId,
        `search=${"x".repeat(101)}&role=boss&inactive_for=0&ordering=name&page_size=500`,
      ),
      { token },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "validation_error" });
    expect(Object.keys((bad.body as { errors: object }).errors).sort()).toEqual(
      ["inactive_for", "ordering", "page_size", "role", "search"].sort(),
    );
    const both = await api(metricsPath(companyId, "inactive_for=7&date_to=2026-01-01"), { token });
    expect(both.status).toBe(400);
    expect((both.body as { errors: Record<string, string[]> }).errors).toEqual({
      inactive_for: ["Cannot be combined with date_from or date_to."],
      date_to: ["Cannot be combined with inactive_for."],
    });
    for (const path of ["summary/", "export/"]) {
      const res = await api(`/api/v2/companies/${companyId}/user-metrics/${path}?inactive_for=x&role=`, {
        token,
      });
      expect(res.status).toBe(400);
      expect(Object.keys((res.body as { errors: object }).errors)).toEqual(["inactive_for"]);
    }
  });
});
