import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "../helpers/config";
import { ACME, api, baseUrl, forgeToken, login, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingAt } from "../helpers/fixtures";
import type { UserMetricsSummary } from "@/lib/contracts/user-metrics";
import { SEED_USER_METRIC_FIELDS } from "../helpers/seed-fields";

const conn = connectTestDb();
afterAll(() => conn.close());

const summaryPath = (companyId: string, q = "") =>
  `/api/v2/companies/${companyId}/user-metrics/summary/${q ? `?${q}` : ""}`;
const exportPath = (companyId: string, q = "") =>
  `/api/v2/companies/${companyId}/user-metrics/export/${q ? `?${q}` : ""}`;

/** A minimal RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe("GET …/user-metrics/summary/", () => {
  it("echoes the window used, zero-fills every day, and counts members by status, role and department", async () => {
    const token = await login("jane.smith@acme.test");
    const res = await api<UserMetricsSummary>(
      summaryPath(ACME, "date_from=2026-01-01&date_to=2026-01-31&status=all"),
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, max-age=120");
    expect(res.body.window).toEqual({
      timezone: "UTC",
      date_from: "2026-01-01",
      date_to: "2026-01-31",
      days: 31,
    });
    expect(res.body.status).toBeNull();
    expect(res.body.daily).toHaveLength(31);
    expect(res.body.daily[0]!.date).toBe("2026-01-01");
    expect(res.body.daily[30]!.date).toBe("2026-01-31");
    // Company-wide figures, whatever the window.
    expect(res.body.company_members.total).toBe(247);
    expect(
      Object.values(res.body.company_members.by_status as Record<string, number>).reduce((a, b) => a + b),
    ).toBe(247);
    expect(Object.keys(res.body.company_members.by_role)).toEqual(["owner", "admin", "member", "viewer"]);
    expect(res.body.company_members.by_department.at(-1)!.department).toBeNull();
    expect(Object.keys(res.body.members.by_role)).toEqual(["owner", "admin", "member", "viewer"]);
    expect(res.body.members.total).toBe(res.body.activity.listed_members);

    const defaults = await api<UserMetricsSummary>(summaryPath(ACME), { token });
    expect(defaults.body.window.days).toBe(31);
    expect(defaults.body.window.date_to).toBe(new Date().toISOString().slice(0, 10));
    const list = await api(metricsPath(ACME), { token });
    expect(defaults.body.activity.listed_members).toBe(list.body.count);
    expect(defaults.body.activity.sessions).toBe(
      defaults.body.daily.reduce((a: number, d: { sessions: number }) => a + d.sessions, 0),
    );
  });

  it("counts the members breakdowns over exactly the members the list returns", async () => {
    const token = await login("jane.smith@acme.test");
    const today = new Date().toISOString().slice(0, 10);
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    for (const q of [
      "",
      "status=active",
      `date_from=${daysAgo(7)}&date_to=${today}`,
      `date_from=${daysAgo(90)}&date_to=${daysAgo(20)}&status=inactive`,
      `date_from=${daysAgo(365)}&date_to=${today}&status=pending`,
      "date_from=2020-01-01&date_to=2020-12-31",
    ]) {
      const summary = await api<UserMetricsSummary>(summaryPath(ACME, q), { token });
      expect(summary.status, q).toBe(200);
      const rows: { status: string; role: string; department: string | null }[] = [];
      let count = 0;
      for (let page = 1; ; page++) {
        const p = await api<{ count: number; next: string | null; results: typeof rows }>(
          metricsPath(ACME, `${q}${q ? "&" : ""}page_size=100&page=${page}`),
          { token },
        );
        expect(p.status, q).toBe(200);
        count = p.body.count;
        rows.push(...p.body.results);
        if (!p.body.next) break;
      }
      const tally = <K extends string | null>(key: (r: (typeof rows)[number]) => K) => {
        const out = new Map<K, number>();
        for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
        return out;
      };
      const { members } = summary.body;
      expect(members.total, q).toBe(count);
      expect(rows.length, q).toBe(count);
      const nonZero = (o: Record<string, number>) => Object.entries(o).filter(([, n]) => n > 0);
      expect(new Map(nonZero(members.by_status)), q).toEqual(tally((r) => r.status));
      expect(new Map(nonZero(members.by_role)), q).toEqual(tally((r) => r.role));
      expect(new Map(members.by_department.map((d) => [d.department, d.members])), q).toEqual(
        tally((r) => r.department),
      );
      expect(summary.body.company_members.total, q).toBeGreaterThanOrEqual(members.total);
    }
  });

  it("never serves a cached summary of the shape before company_members (an older instance's)", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { sessions: [sessionEndingAt(new Date(Date.now() - 86_400_000))] },
    ]);
    const token = await forgeToken(members[0]!.userId);
    const first = await api<UserMetricsSummary>(summaryPath(companyId), { token });
    expect(first.headers.get("x-cache")).toBe("MISS");
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const [key] = await redis.keys(`um:cache:{${companyId}}:summary:*`);
      const entry = (await redis.get(key!))!;
      const cut = entry.indexOf("\n");
      const old = JSON.parse(entry.slice(cut + 1)) as Record<string, unknown>;
      delete old.company_members;
      await redis.set(key!, `${entry.slice(0, cut)}\n${JSON.stringify(old)}`, "EX", 120);
    } finally {
      redis.disconnect();
    }
    const again = await api<UserMetricsSummary>(summaryPath(companyId), { token });
    expect(again.body.company_members.total).toBe(1);
    expect(again.headers.get("x-cache")).toBe("MISS");
  });

  it("applies the status filter, caps the window, and refuses viewers", async () => {
    const token = await login("jane.smith@acme.test");
    const active = await api<UserMetricsSummary>(summaryPath(ACME, "status=active"), { token });
    expect(active.body.status).toBe("active");
    expect(active.body.members.by_status.inactive).toBe(0);
    expect(active.body.members.total).toBe(active.body.members.by_status.active);
    const long = await api(summaryPath(ACME, "date_from=2020-01-01&date_to=2025-01-01"), { token });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual({ date_from: ["Ensure the window spans at most 731 days."] });
    expect((await api(summaryPath(ACME, "status=nope"), { token })).body.errors).toEqual({
      status: ['"nope" is not a valid choice.'],
    });
    expect((await api(summaryPath(ACME), { token: await login("viewer@acme.test") })).status).toBe(403);
  });
});

describe("GET …/user-metrics/export/", () => {
  it("streams every row of the list as CSV, in the list's order, with the contract's header row", async () => {
    const token = await login("jane.smith@acme.test");
    const query = "date_from=2026-01-01&date_to=2026-12-31&ordering=total_sessions&page=3&page_size=5";
    const res = await fetch(`${baseUrl()}${exportPath(ACME, query)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="user-metrics-acme-corp-2026-01-01_2026-12-31.csv"',
    );
    expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    const text = await res.text();
    expect(text.endsWith("\r\n")).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(SEED_USER_METRIC_FIELDS);
    // Every row the list has, across all its pages, in the same order.
    const listed: string[] = [];
    for (let page = 1; ; page++) {
      const p = await api<{ results: { user_id: string }[]; next: string | null }>(
        metricsPath(
          ACME,
          `date_from=2026-01-01&date_to=2026-12-31&ordering=total_sessions&page_size=100&page=${page}`,
        ),
        { token },
      );
      listed.push(...p.body.results.map((r) => r.user_id));
      if (!p.body.next) break;
    }
    expect(rows.map((r) => r[0])).toEqual(listed);
    expect(rows.length).toBeGreaterThan(100);

    const [audit] = await conn.sql<{ params: Record<string, string>; status: number }[]>`
      select params, status from audit_log where request_id = ${res.headers.get("x-request-id")!}`;
    // The audit row is completed when the stream ends.
    for (let i = 0; i < 20 && audit!.params.stream === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      Object.assign(
        audit!,
        (
          await conn.sql<
            { params: Record<string, string> }[]
          >`select params from audit_log where request_id = ${res.headers.get("x-request-id")!}`
        )[0],
      );
    }
    expect(audit!.params).toMatchObject({ rows: String(rows.length), stream: "complete" });
  });

  it("quotes per RFC 4180 and neutralises formula injection", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      {
        department: '=HYPERLINK("http://evil.test","x")',
        sessions: [sessionEndingAt("2025-06-10T12:00:00Z")],
      },
    ]);
    await conn.sql`update users set first_name = ${"@SUM(1+1)"}, last_name = ${'Smith, "Jr"\nIII'} where id = ${members[0]!.userId}`;
    const res = await fetch(
      `${baseUrl()}${exportPath(companyId, "date_from=2025-06-01&date_to=2025-06-30")}`,
      {
        headers: { Authorization: `Bearer ${await forgeToken(members[0]!.userId)}` },
      },
    );
    const text = await res.text();
    expect(text).toContain(`,'@SUM(1+1),"Smith, ""Jr""\nIII",`);
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.test"",""x"")",`);
    const [, row] = parseCsv(text);
    expect(row![2]).toBe("'@SUM(1+1)");
    expect(row![3]).toBe('Smith, "Jr"\nIII');
  });

  it("neutralises formulas behind whitespace, after a line feed and in full-width signs", async () => {
    const hostile = [" =1+1", "\t@SUM(A1)", "\nx", "\uFF1D1+1", " \uFF0B1", "\uFF0D2", "\u3000\uFF20x"];
    const { companyId, members } = await createCompany(
      conn.db,
      hostile.map((department) => ({ department, sessions: [sessionEndingAt("2025-06-10T12:00:00Z")] })),
    );
    const res = await fetch(
      `${baseUrl()}${exportPath(companyId, "date_from=2025-06-01&date_to=2025-06-30")}`,
      { headers: { Authorization: `Bearer ${await forgeToken(members[0]!.userId)}` } },
    );
    const departments = parseCsv(await res.text())
      .slice(1)
      .map((r) => r[10]);
    expect(departments.sort()).toEqual(hostile.map((d) => `'${d}`).sort());
  });

  it("answers 400 for bad filters and 403 to viewers, before streaming anything", async () => {
    const bad = await api(exportPath(ACME, "ordering=email"), { token: await login("jane.smith@acme.test") });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await api(exportPath(ACME), { token: await login("viewer@acme.test") })).status).toBe(403);
  });
});
