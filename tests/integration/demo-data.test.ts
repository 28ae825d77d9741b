import { afterAll, describe, expect, it } from "vitest";
import { ACME, GLOBEX, INITECH } from "../helpers/api";
import { connectTestDb } from "../helpers/db";

const conn = connectTestDb();
afterAll(() => conn.close());

describe("demo data (the demo data is a contract)", () => {
  it("has the three companies with their fixed ids, Initech soft-deleted", async () => {
    const rows = await conn.sql<{ id: string; name: string; deleted: boolean }[]>`
      select id, name, deleted_at is not null as deleted from companies where id in (${ACME}, ${GLOBEX}, ${INITECH}) order by name`;
    expect(rows).toEqual([
      { id: ACME, name: "Acme Corp", deleted: false },
      { id: GLOBEX, name: "Globex", deleted: false },
      { id: INITECH, name: "Initech", deleted: true },
    ]);
  });

  it("has the accounts and roles of the table", async () => {
    const rows = await conn.sql<
      {
        email: string;
        id: string;
        company_id: string;
        role: string;
        status: string;
        department: string | null;
        first_name: string;
        last_name: string;
      }[]
    >`
      select u.email, u.id, m.company_id, m.role, m.status, m.department, u.first_name, u.last_name
      from users u join memberships m on m.user_id = u.id and m.deleted_at is null
      where u.email in ('owner@acme.test','jane.smith@acme.test','john.doe@acme.test','viewer@acme.test','admin@globex.test','multi@example.test')`;
    const find = (email: string, company: string) =>
      rows.find((r) => r.email === email && r.company_id === company);
    expect(find("owner@acme.test", ACME)?.role).toBe("owner");
    expect(find("owner@acme.test", INITECH)?.role).toBe("owner");
    expect(find("jane.smith@acme.test", ACME)).toMatchObject({
      id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
      role: "admin",
      department: "Marketing",
      first_name: "Jane",
      last_name: "Smith",
      status: "active",
    });
    expect(find("john.doe@acme.test", ACME)).toMatchObject({
      id: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
      role: "member",
      department: "Engineering",
      first_name: "John",
      last_name: "Doe",
      status: "active",
    });
    expect(find("viewer@acme.test", ACME)?.role).toBe("viewer");
    expect(rows.filter((r) => r.email === "admin@globex.test").map((r) => [r.company_id, r.role])).toEqual([
      [GLOBEX, "admin"],
    ]);
    expect(
      rows
        .filter((r) => r.email === "multi@example.test")
        .map((r) => r.company_id)
        .sort(),
    ).toEqual([ACME, GLOBEX].sort());
  });

  it("gives Acme 247 members of every status and role, several departments, some null, some never active", async () => {
    const [acme] = await conn.sql<Record<string, number>[]>`
      select count(*)::int as members,
             count(distinct m.status)::int as statuses,
             count(distinct m.role)::int as roles,
             count(distinct m.department)::int as departments,
             count(*) filter (where m.department is null)::int as no_department,
             count(*) filter (where mm.last_active is null)::int as never_active,
             count(*) filter (where mm.last_active >= now() - interval '30 days')::int as active_30d,
             count(*) filter (where mm.last_active < now() - interval '150 days')::int as active_long_ago
      from memberships m left join member_metrics mm on mm.company_id = m.company_id and mm.user_id = m.user_id
      where m.company_id = ${ACME} and m.deleted_at is null`;
    expect(acme!.members).toBe(247);
    expect(acme!.statuses).toBe(3);
    expect(acme!.roles).toBe(4);
    expect(acme!.departments).toBeGreaterThanOrEqual(4);
    expect(acme!.no_department).toBeGreaterThan(0);
    expect(acme!.never_active).toBeGreaterThan(0);
    expect(acme!.active_30d).toBeGreaterThanOrEqual(100);
    expect(acme!.active_long_ago).toBeGreaterThan(0);
    const [globex] = await conn.sql<
      { n: number }[]
    >`select count(*)::int as n from memberships where company_id = ${GLOBEX} and deleted_at is null`;
    expect(globex!.n).toBeGreaterThanOrEqual(35);
    expect(globex!.n).toBeLessThanOrEqual(45);
  });

  it("has Jane and John active in the last 7 days and no session in the future", async () => {
    const rows = await conn.sql<{ user_id: string; last_active: Date }[]>`
      select user_id, last_active from member_metrics where company_id = ${ACME} and user_id in ('a1b2c3d4-e5f6-7890-abcd-ef1234567890', 'f47ac10b-58cc-4372-a567-0e02b2c3d479')`;
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.last_active.getTime()).toBeGreaterThan(Date.now() - 7 * 86_400_000);
    const [future] = await conn.sql<
      { n: number }[]
    >`select count(*)::int as n from activity_sessions where ended_at > now() or ended_at < started_at`;
    expect(future!.n).toBe(0);
  });

  it("computes the rollup from the raw sessions (checked here with independent SQL)", async () => {
    const mismatches = await conn.sql`
      with expected as (
        select m.company_id, m.user_id, max(s.ended_at) as last_active, count(s.id)::int as total,
               coalesce(round(avg(extract(epoch from s.ended_at - s.started_at))), 0)::int as avg_seconds
        from memberships m
        left join activity_sessions s on s.company_id = m.company_id and s.user_id = m.user_id
        where m.company_id in (${ACME}, ${GLOBEX}) and m.deleted_at is null
        group by m.company_id, m.user_id
      )
      select e.* from expected e
      left join member_metrics mm on mm.company_id = e.company_id and mm.user_id = e.user_id
      where mm.user_id is null or mm.last_active is distinct from e.last_active or mm.total_sessions <> e.total
         or abs(mm.avg_session_seconds - e.avg_seconds) > 1`;
    expect(mismatches).toHaveLength(0);
    const [daily] = await conn.sql<{ sessions: number; raw: number }[]>`
      select (select sum(sessions)::int from company_daily_metrics where company_id = ${ACME}) as sessions,
             (select count(*)::int from activity_sessions where company_id = ${ACME}) as raw`;
    expect(daily!.sessions).toBe(daily!.raw);
  });
  it("has Acme's members joining over the last 365 days, about a fifth in the last 90, none after a session; Globex in New York", async () => {
    const [acme] = await conn.sql<
      { members: number; recent: number; oldest_days: number; newest_days: number }[]
    >`
      select count(*)::int as members,
             count(*) filter (where created_at >= now() - interval '90 days')::int as recent,
             max(extract(epoch from now() - created_at) / 86400)::float8 as oldest_days,
             min(extract(epoch from now() - created_at) / 86400)::float8 as newest_days
      from memberships where company_id = ${ACME} and deleted_at is null`;
    expect(acme!.recent / acme!.members).toBeGreaterThanOrEqual(0.15);
    expect(acme!.recent / acme!.members).toBeLessThanOrEqual(0.25);
    expect(acme!.oldest_days).toBeLessThan(366);
    expect(acme!.oldest_days).toBeGreaterThan(300);
    expect(acme!.newest_days).toBeGreaterThanOrEqual(0);
    // Retention's cohorts have members in most of the last 12 weeks.
    const [weeks] = await conn.sql<{ n: number }[]>`
      select count(distinct date_trunc('week', created_at at time zone 'UTC'))::int as n
      from memberships where company_id = ${ACME} and deleted_at is null and created_at >= now() - interval '84 days'`;
    expect(weeks!.n).toBeGreaterThanOrEqual(8);
    const early = await conn.sql`
      select s.company_id, s.user_id, s.started_at, m.created_at from activity_sessions s
      join memberships m on m.company_id = s.company_id and m.user_id = s.user_id
      where s.company_id in (${ACME}, ${GLOBEX}) and s.started_at < m.created_at limit 5`;
    expect(early).toEqual([]);
    const zones = await conn.sql<{ id: string; timezone: string }[]>`
      select id::text, timezone from companies where id in (${ACME}, ${GLOBEX}, ${INITECH}) order by name`;
    expect(zones).toEqual([
      { id: ACME, timezone: "UTC" },
      { id: GLOBEX, timezone: "America/New_York" },
      { id: INITECH, timezone: "UTC" },
    ]);
  });
});
