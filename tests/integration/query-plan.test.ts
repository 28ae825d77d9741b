import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import {
  countUserMetricsQuery,
  listedGroupsQuery,
  listStatement,
  userMetricsPageQuery,
} from "@/db/queries/user-metrics";
import { connectTestDb } from "../helpers/db";
import {
  NO_MEMBER_FILTERS,
  ORDERINGS,
  type MemberFilters,
  type UserMetricsFilters,
} from "@/lib/contracts/user-metrics";
import { addDays, utcDay } from "@/lib/format";

const conn = connectTestDb();
/** The size the SPEC's performance target names: no filter may read it sequentially. */
const MEMBERS = 100_000;
const companyId = randomUUID();
const FIRST = [
  "Anna",
  "José",
  "Zoë",
  "Łukasz",
  "Marie",
  "Ahmed",
  "Chen",
  "Olga",
  "Sven",
  "Jane",
  "John",
  "Priya",
];
const LAST = [
  "Smith",
  "Müller",
  "García",
  "Nowak",
  "Dubois",
  "Kim",
  "Rossi",
  "Øster",
  "Brown",
  "Ivanova",
  "Tanaka",
];

beforeAll(async () => {
  // A large company, built set-based: names and emails to search, every role, departments (and
  // none), activity spread over a year, one member in 20 never active.
  await conn.sql`insert into companies (id, name) values (${companyId}, 'Plan test')`;
  await conn.sql`
    insert into users (id, email, first_name, last_name, password_hash)
    select md5(${companyId} || g)::uuid, 'p' || g || '-' || ${companyId} || '@plan.test',
           (${FIRST}::text[])[1 + g % ${FIRST.length}], (${LAST}::text[])[1 + (g / 7) % ${LAST.length}] || g, 'x'
    from generate_series(1, ${MEMBERS}) g`;
  await conn.sql`
    insert into memberships (company_id, user_id, role, status, department)
    select ${companyId}, md5(${companyId} || g)::uuid,
           (case when g = 1 then 'owner' when g % 50 = 0 then 'admin' when g % 40 = 0 then 'viewer' else 'member' end)::member_role,
           (array['active','inactive','pending'])[1 + g % 3]::member_status,
           (array['Engineering','Marketing','Sales','Support','Finance',null])[1 + g % 6]
    from generate_series(1, ${MEMBERS}) g`;
  // The membership trigger gave each member a (zero) row; their activity is set directly.
  await conn.sql`
    update member_metrics mm set
      last_active = case when g % 20 = 0 then null else now() - (g % 365) * interval '1 day' end,
      last_session_started_at = case when g % 20 = 0 then null else now() - (g % 365) * interval '1 day' end,
      total_sessions = case when g % 20 = 0 then 0 else g % 97 end,
      avg_session_seconds = (g * 37) % 3600,
      month_start = date_trunc('month', now() at time zone 'UTC')::date - case when g % 3 = 0 then interval '1 month' else interval '0' end,
      month_sessions = g % 13
    from generate_series(1, ${MEMBERS}) g
    where mm.company_id = ${companyId} and mm.user_id = md5(${companyId} || g)::uuid`;
  for (const table of ["users", "memberships", "member_metrics", "member_search"])
    await conn.sql.unsafe(`vacuum analyze ${table}`);
}, 300_000);
afterAll(() => conn.close());

async function plan({ sql, params }: { sql: string; params: unknown[] }): Promise<string> {
  const rows = await conn.sql.unsafe(`explain ${sql}`, params as never[]);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

const today = utcDay(new Date());
const monthAgo = addDays(today, -30);
const SEQUENTIAL = /Seq Scan on (member_metrics|member_search|memberships|users)/;

const filtersOf = (
  ordering: UserMetricsFilters["ordering"],
  members: Partial<MemberFilters> = {},
  status: UserMetricsFilters["status"] = null,
): UserMetricsFilters => ({
  ...NO_MEMBER_FILTERS,
  dateFrom: monthAgo,
  dateTo: today,
  timezone: "UTC",
  companyTimezone: "UTC",
  today,
  status,
  ordering,
  ...members,
  inactiveBefore: members.inactiveFor ? addDays(today, -(members.inactiveFor - 1)) : null,
});

describe("the list query on a large company uses the rollup's indexes", () => {
  it.each(ORDERINGS)("never sequentially scans member_metrics (ordering %s)", async (ordering) => {
    for (const status of [null, "active"] as const) {
      const page = new PgDialect().sqlToQuery(
        userMetricsPageQuery(conn.db, companyId, filtersOf(ordering, {}, status), { limit: 20, offset: 40 }),
      );
      const text = await plan(page);
      expect(text, text).not.toMatch(SEQUENTIAL);
      expect(text, text).toMatch(
        /Index (Only )?Scan.* on member_metrics|Bitmap Index Scan on member_metrics/,
      );
    }
  });

  it("counts and groups without reading members: sums over the per-day counts", async () => {
    const selections: Partial<MemberFilters>[] = [
      {},
      { inactiveFor: 14 },
      { roles: ["admin", "viewer"] },
      { departments: ["Finance", null] },
      { inactiveFor: 90, roles: ["admin"] },
    ];
    for (const status of [null, "active"] as const)
      for (const members of selections) {
        const f = filtersOf("-last_active", members, status);
        // The list's count, and the summary's breakdown of the same members by status, role and department.
        for (const query of [countUserMetricsQuery(companyId, f), listedGroupsQuery(companyId, f)!]) {
          const text = await plan(new PgDialect().sqlToQuery(query));
          expect(text, text).not.toMatch(/member_metrics|memberships|users/);
          expect(text, text).toMatch(/company_last_active_days/);
        }
      }
  });
});

// Each member filter alone and combined, selective values as a user types them: none may read the
// company's members sequentially, for the page (with an OFFSET) nor for the count.
const MEMBER_FILTERS: [string, Partial<MemberFilters>][] = [
  ["search of 3 characters", { search: ["müll"] }],
  ["search of two terms", { search: ["jose", "garc"] }],
  ["search of an email fragment", { search: ["p4711-"] }],
  ["one role", { roles: ["admin"] }],
  ["two roles", { roles: ["admin", "viewer"] }],
  ["one department", { departments: ["Finance"] }],
  ["no department", { departments: [null] }],
  ["inactive for 14 days", { inactiveFor: 14 }],
  ["inactive for 90 days, admins", { inactiveFor: 90, roles: ["admin"] }],
  ["search, role and department", { search: ["anna"], roles: ["member"], departments: ["Sales", null] }],
];

describe("every member filter is served by an index at 100,000 members", () => {
  it.each(MEMBER_FILTERS)("%s", async (_name, members) => {
    for (const ordering of [
      "-last_active",
      "last_active",
      "-total_sessions",
      "avg_session_duration",
    ] as const) {
      const f = filtersOf(ordering, members);
      const page = await plan(
        new PgDialect().sqlToQuery(userMetricsPageQuery(conn.db, companyId, f, { limit: 20, offset: 20 })),
      );
      expect(page, `${ordering}\n${page}`).not.toMatch(SEQUENTIAL);
      const count = await plan(new PgDialect().sqlToQuery(countUserMetricsQuery(companyId, f)));
      expect(count, count).not.toMatch(SEQUENTIAL);
      if (members.search) expect(count, count).toMatch(/Index (Only )?Scan.* on member_search/);
    }
  });

  // The statement a list request runs (count and page together), whichever way it was chosen.
  it.each(MEMBER_FILTERS)("the list request's statement with %s", async (_name, members) => {
    for (const ordering of ORDERINGS.filter((o) => !o.endsWith("sessions_this_month"))) {
      const f = { ...filtersOf(ordering, members), pageSize: 20 };
      const text = await plan(new PgDialect().sqlToQuery(await listStatement(conn.db, companyId, f, 20)));
      expect(text, `${ordering}\n${text}`).not.toMatch(SEQUENTIAL);
    }
  });

  // sessions_this_month is a figure of the current month (a counter of an earlier month reads 0),
  // so it sorts by an expression: the selected rows are read and the page taken by a top-N sort.
  // A selective filter reads only its members through an index (docs/performance.md has the
  // figures of a broad one).
  it.each(MEMBER_FILTERS.filter(([, m]) => m.search || m.roles?.includes("admin")))(
    "-sessions_this_month with %s",
    async (_name, members) => {
      const f = filtersOf("-sessions_this_month", members);
      const page = await plan(
        new PgDialect().sqlToQuery(userMetricsPageQuery(conn.db, companyId, f, { limit: 20, offset: 20 })),
      );
      expect(page, page).not.toMatch(SEQUENTIAL);
    },
  );

  // Within a narrow window, probing each of the few hundred members' text is as good a plan; over
  // most of the company (inactive for 30 days), the trigram index must find the matches.
  it("a search of 3+ characters over most of the company is found through the trigram index", async () => {
    for (const members of [
      { search: ["müll"], inactiveFor: 30 },
      { search: ["garc", "jos"], inactiveFor: 7 },
    ]) {
      const text = await plan(
        new PgDialect().sqlToQuery(countUserMetricsQuery(companyId, filtersOf("-last_active", members))),
      );
      expect(text, text).toMatch(/Bitmap Index Scan on member_search_text_idx/);
    }
  });
});
