import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, api, forgeToken, login, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingAt, sessionEndingDaysAgo } from "../helpers/fixtures";
import { SEED_USER_METRIC_FIELDS } from "../helpers/seed-fields";

type Metric = Record<string, unknown> & { user_id: string; last_active: string; total_sessions: number };
type Page = { count: number; next: string | null; previous: string | null; results: Metric[] };

const conn = connectTestDb();
afterAll(() => conn.close());

const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("results", () => {
  it("returns the contract's fields, in its formats", async () => {
    const res = await api<Page>(metricsPath(ACME, "status=active&page=1&page_size=10"), {
      token: await login("jane.smith@acme.test"),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual(["count", "next", "previous", "results"]);
    expect(res.body.results).toHaveLength(10);
    for (const m of res.body.results) {
      expect(Object.keys(m)).toEqual(SEED_USER_METRIC_FIELDS);
      expect(m.user_id).toMatch(/^[0-9a-f-]{36}$/);
      for (const field of ["last_active", "created_at", "last_login"])
        expect(m[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(m.avg_session_duration).toMatch(/^\d{2,}:[0-5]\d:[0-5]\d$/);
      expect(m.status).toBe("active");
      expect(Number.isInteger(m.total_sessions)).toBe(true);
      expect(["owner", "admin", "member", "viewer"]).toContain(m.role);
    }
  });

  it("counts exactly the members whose last_active is in the default 30-day window", async () => {
    const [row] = await conn.sql<{ n: number }[]>`
      select count(*)::int as n from (
        select s.user_id, max(s.ended_at) as last_active
        from activity_sessions s
        join memberships m on m.company_id = s.company_id and m.user_id = s.user_id and m.deleted_at is null
        join users u on u.id = s.user_id and u.deleted_at is null
        where s.company_id = ${ACME}
        group by s.user_id
      ) t
      where last_active >= ${new Date(`${dayOffset(-30)}T00:00:00Z`)} and last_active < ${new Date(`${dayOffset(1)}T00:00:00Z`)}`;
    const res = await api<Page>(metricsPath(ACME), { token: await login("jane.smith@acme.test") });
    expect(res.body.count).toBe(row!.n);
    expect(res.body.count).toBeGreaterThanOrEqual(100);
  });

  it("reports a member's figures exactly as computed from their raw sessions", async () => {
    const d = (s: string) => new Date(s);
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const inMonth = new Date(Math.max(monthStart.getTime() + 3_600_000, now.getTime() - 3 * 3_600_000));
    const { companyId, members } = await createCompany(conn.db, [
      {
        department: null,
        sessions: [
          [d("2024-03-01T10:00:00Z"), d("2024-03-01T10:20:00Z")], // 20 min, last month or earlier
          [new Date(inMonth.getTime() - 45 * 60_000), inMonth], // 45 min, this month
          [
            new Date(inMonth.getTime() - 7 * 3_600_000),
            new Date(inMonth.getTime() - 7 * 3_600_000 + 25 * 60_000 + 7_000),
          ], // 25:07
        ],
      },
    ]);
    const res = await api<Page>(metricsPath(companyId), { token: await forgeToken(members[0]!.userId) });
    const [m] = res.body.results;
    expect(m).toMatchObject({
      user_id: members[0]!.userId,
      email: members[0]!.email,
      first_name: "First0",
      last_name: "Last0",
      last_active: inMonth.toISOString().replace(/\.\d{3}Z$/, "Z"),
      total_sessions: 3,
      avg_session_duration: "00:30:02", // (1200 + 2700 + 1507) / 3 = 1802.33 s
      status: "active",
      role: "member",
      department: null,
      created_at: "2024-01-15T09:00:00Z",
    });
    const startedThisMonth = [inMonth.getTime() - 45 * 60_000, inMonth.getTime() - 7 * 3_600_000].filter(
      (t) => t >= monthStart.getTime(),
    ).length;
    expect(m!.sessions_this_month).toBe(startedThisMonth);
  });
});

describe("date window", () => {
  it("includes both boundary days in UTC and nothing outside them", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { sessions: [sessionEndingAt("2025-06-01T00:00:00Z")] }, // first instant of date_from: in
      { sessions: [sessionEndingAt("2025-06-30T23:59:59Z")] }, // last second of date_to: in
      { sessions: [sessionEndingAt("2025-05-31T23:59:59Z")] }, // out
      { sessions: [sessionEndingAt("2025-07-01T00:00:00Z")] }, // out
      { sessions: [] }, // never active: never listed
    ]);
    const token = await forgeToken(members[0]!.userId);
    const res = await api<Page>(
      metricsPath(companyId, "date_from=2025-06-01&date_to=2025-06-30&ordering=last_active"),
      { token },
    );
    expect(res.body.count).toBe(2);
    expect(res.body.results.map((m) => m.user_id)).toEqual([members[0]!.userId, members[1]!.userId]);
    const oneDay = await api<Page>(metricsPath(companyId, "date_from=2025-06-30&date_to=2025-06-30"), {
      token,
    });
    expect(oneDay.body.results.map((m) => m.user_id)).toEqual([members[1]!.userId]);
  });

  it("defaults to the 30 days before today, today included", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { sessions: [sessionEndingDaysAgo(0, 1)] },
      { sessions: [sessionEndingDaysAgo(29)] },
      { sessions: [sessionEndingDaysAgo(32)] },
    ]);
    const token = await forgeToken(members[0]!.userId);
    const res = await api<Page>(metricsPath(companyId), { token });
    expect(res.body.results.map((m) => m.user_id).sort()).toEqual(
      [members[0]!.userId, members[1]!.userId].sort(),
    );
    const explicit = await api<Page>(
      metricsPath(companyId, `date_from=${dayOffset(-30)}&date_to=${today()}`),
      { token },
    );
    expect(explicit.body.count).toBe(res.body.count);
    const onlyTo = await api<Page>(metricsPath(companyId, `date_to=${dayOffset(-31)}`), { token });
    expect(onlyTo.body.results.map((m) => m.user_id)).toEqual([members[2]!.userId]);
  });
});

describe("filters, soft deletes and isolation", () => {
  it("filters by membership status and never lists soft-deleted members or users", async () => {
    const recent = () => [sessionEndingDaysAgo(1)];
    const { companyId, members } = await createCompany(conn.db, [
      { status: "active", sessions: recent() },
      { status: "inactive", sessions: recent() },
      { status: "pending", sessions: recent() },
      { status: "active", sessions: recent(), membershipDeleted: true },
      { status: "active", sessions: recent(), userDeleted: true },
    ]);
    const token = await forgeToken(members[0]!.userId);
    const ids = async (q: string) =>
      (await api<Page>(metricsPath(companyId, q), { token })).body.results.map((m) => m.user_id);
    expect(await ids("status=active")).toEqual([members[0]!.userId]);
    expect(await ids("status=inactive")).toEqual([members[1]!.userId]);
    expect(await ids("status=pending")).toEqual([members[2]!.userId]);
    expect((await ids("")).sort()).toEqual(
      [members[0]!.userId, members[1]!.userId, members[2]!.userId].sort(),
    );
  });

  it("shows a member of two companies only the company asked for", async () => {
    const multi = await login("multi@example.test");
    const acme = await api<Page>(metricsPath(ACME, "page_size=100"), { token: multi });
    const globex = await api<Page>(metricsPath("3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34", "page_size=100"), {
      token: multi,
    });
    const [acmeIds] = await Promise.all([
      conn.sql<{ user_id: string }[]>`select user_id from memberships where company_id = ${ACME}`,
    ]);
    const acmeSet = new Set(acmeIds.map((r) => r.user_id));
    for (const m of acme.body.results) expect(acmeSet.has(m.user_id)).toBe(true);
    expect(
      globex.body.results.every(
        (m) => String(m.email).endsWith("@globex.test") || m.email === "multi@example.test",
      ),
    ).toBe(true);
  });
});

describe("ordering and pagination", () => {
  let companyId: string;
  let token: string;
  const members = 23;

  beforeAll(async () => {
    // Ties on purpose: three distinct last_active instants and three session counts.
    const fixture = await createCompany(
      conn.db,
      Array.from({ length: members }, (_, i) => ({
        sessions: Array.from({ length: 1 + (i % 3) }, (_, k) =>
          sessionEndingAt(`2025-06-1${i % 3}T12:00:00Z`, 10 + k),
        ),
      })),
    );
    companyId = fixture.companyId;
    token = await forgeToken(fixture.members[0]!.userId);
  });

  async function walk(ordering: string, pageSize: number) {
    const seen: Metric[] = [];
    let next: string | null =
      `${metricsPath(companyId, `date_from=2025-06-01&date_to=2025-06-30&page_size=${pageSize}&ordering=${ordering}`)}`;
    let pages = 0;
    while (next) {
      const res: { status: number; body: Page } = await api<Page>(next.replace(/^https?:\/\/[^/]+/, ""), {
        token,
      });
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(members);
      seen.push(...res.body.results);
      next = res.body.next;
      pages++;
    }
    expect(pages).toBe(Math.ceil(members / pageSize));
    return seen;
  }

  it.each(["last_active", "-last_active", "total_sessions", "-total_sessions"])(
    "orders by %s with the user id breaking ties, so pages never overlap or skip",
    async (ordering) => {
      const seen = await walk(ordering, 5);
      expect(new Set(seen.map((m) => m.user_id)).size).toBe(members);
      const key = ordering.replace("-", "") as "last_active" | "total_sessions";
      const sign = ordering.startsWith("-") ? -1 : 1;
      const expected = [...seen].sort((a, b) => {
        const primary = a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
        return sign * (primary || (a.user_id < b.user_id ? -1 : 1));
      });
      expect(seen.map((m) => m.user_id)).toEqual(expected.map((m) => m.user_id));
    },
  );

  it("defaults to -last_active and 20 per page", async () => {
    const res = await api<Page>(metricsPath(companyId, "date_from=2025-06-01&date_to=2025-06-30"), { token });
    expect(res.body.results).toHaveLength(20);
    const explicit = await api<Page>(
      metricsPath(companyId, "date_from=2025-06-01&date_to=2025-06-30&ordering=-last_active&page_size=20"),
      { token },
    );
    expect(res.body.results.map((m) => m.user_id)).toEqual(explicit.body.results.map((m) => m.user_id));
  });

  it("builds absolute next/previous links from the request's origin, keeping every other parameter", async () => {
    const query = "date_from=2025-06-01&date_to=2025-06-30&page_size=5&foo=bar&page=2";
    const res = await api<Page>(metricsPath(companyId, query), { token });
    const origin = new URL(res.body.next!).origin;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const path = `/api/v2/companies/${companyId}/user-metrics/`;
    expect(res.body.next).toBe(
      `${origin}${path}?date_from=2025-06-01&date_to=2025-06-30&page_size=5&foo=bar&page=3`,
    );
    expect(res.body.previous).toBe(
      `${origin}${path}?date_from=2025-06-01&date_to=2025-06-30&page_size=5&foo=bar`,
    );

    const proxied = await api<Page>(metricsPath(companyId, query), {
      token,
      headers: { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "metrics.example.com" },
    });
    expect(proxied.body.next).toBe(
      `https://metrics.example.com${path}?date_from=2025-06-01&date_to=2025-06-30&page_size=5&foo=bar&page=3`,
    );

    const last = await api<Page>(
      metricsPath(companyId, "date_from=2025-06-01&date_to=2025-06-30&page_size=5&page=5"),
      { token },
    );
    expect(last.body.results).toHaveLength(3);
    expect(last.body.next).toBeNull();
  });

  it("answers 404 invalid_page past the last page, but 200 for an empty first page", async () => {
    const past = await api(
      metricsPath(companyId, "date_from=2025-06-01&date_to=2025-06-30&page_size=5&page=6"),
      { token },
    );
    expect(past.status).toBe(404);
    expect(past.body).toMatchObject({ code: "invalid_page", detail: "Invalid page." });
    const empty = await api<Page>(metricsPath(companyId, "date_from=2020-01-01&date_to=2020-01-31"), {
      token,
    });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ count: 0, next: null, previous: null, results: [] });
    const emptyPage2 = await api(metricsPath(companyId, "date_from=2020-01-01&date_to=2020-01-31&page=2"), {
      token,
    });
    expect(emptyPage2.status).toBe(404);
  });
});
