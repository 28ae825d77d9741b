import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { api, forgeToken } from "../helpers/api";
import { afterRefresh, connectTestDb } from "../helpers/db";
import { createCompany } from "../helpers/fixtures";

/**
 * The incremental paths (ingestion, membership and user triggers) must leave every rollup exactly as
 * a full refresh from raw sessions would: after each step the company's rollups are compared with
 * what `um_refresh_company` computes inside a transaction that is then rolled back.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

const DAY = 86_400_000;
const sessionsPath = (companyId: string) => `/api/v2/companies/${companyId}/sessions/`;

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

type Sql = ReturnType<typeof connectTestDb>["sql"];

/** Every rollup of one company, in a form that ignores bookkeeping (refresh time, zero rows). */
async function snapshot(sql: Sql, companyId: string) {
  const members = await sql`
    select user_id::text, status, listed, role, department, extract(epoch from last_active)::float8 as last_active,
           extract(epoch from last_session_started_at)::float8 as last_started, total_sessions,
           total_duration_seconds::float8 as duration, avg_session_seconds,
           case when month_start = date_trunc('month', now() at time zone 'UTC')::date then month_sessions else 0 end as this_month,
           -- A member with sessions carries their activity-log number.
           total_sessions = 0 or log_no is not distinct from
             (select n.no from company_member_numbers n where n.company_id = mm.company_id and n.user_id = mm.user_id) as log_no_ok
    from member_metrics mm where company_id = ${companyId} order by user_id`;
  const lastActive = await sql`
    select to_char(day, 'YYYY-MM-DD') as day, status, role, department, members from company_last_active_days
    where company_id = ${companyId} and members <> 0 order by day, status, role, department`;
  const daily = await sql`
    select to_char(day, 'YYYY-MM-DD') as day, status, active_members, sessions, duration_seconds::float8 as duration
    from company_daily_metrics
    where company_id = ${companyId} and (active_members <> 0 or sessions <> 0 or duration_seconds <> 0)
    order by day, status`;
  const gaps = await sql`
    select to_char(day, 'YYYY-MM-DD') as day, status, prev_day::text, members from company_activity_gaps
    where company_id = ${companyId} and members <> 0 order by day, status, prev_day`;
  const groups = await sql`
    select status, role, department, members from company_member_groups
    where company_id = ${companyId} and members <> 0 order by status, role, department nulls first`;
  // What search reads, for every live membership (a removed one's text is never read).
  const search = await sql`
    select s.user_id::text, s.search_text from member_search s
    join memberships m on m.company_id = s.company_id and m.user_id = s.user_id and m.deleted_at is null
    where s.company_id = ${companyId} order by s.user_id`;
  const quarters = await sql`
    select to_char(day, 'YYYY-MM-DD') as day, quarter, status, sessions, duration_seconds::float8 as duration
    from company_quarter_metrics
    where company_id = ${companyId} and (sessions <> 0 or duration_seconds <> 0)
    order by day, quarter, status`;
  // The activity log as its readers merge it: per UTC day and member, first and last start quarter.
  const memberDays = await sql`
    select to_char(d.day, 'YYYY-MM-DD') as day, n.user_id::text, min(e.first_quarter) as first, max(e.last_quarter) as last
    from company_member_days d
    cross join lateral um_member_day_entries(d.entries) e
    join company_member_numbers n on n.company_id = d.company_id and n.no = e.no
    where d.company_id = ${companyId}
    group by 1, 2 order by 1, 2`;
  return { members, lastActive, daily, gaps, groups, search, quarters, memberDays };
}

/** The rollups a full refresh would produce right now, without keeping them. */
const refreshed = (sql: Sql, companyId: string) =>
  afterRefresh(sql, companyId, (tx) => snapshot(tx, companyId));

async function expectMatchesRefresh(companyId: string, step: string) {
  const incremental = await snapshot(conn.sql, companyId);
  const full = await refreshed(conn.sql, companyId);
  expect(JSON.parse(JSON.stringify(incremental)), step).toEqual(JSON.parse(JSON.stringify(full)));
  return incremental;
}

describe("incremental rollups equal a full refresh", () => {
  it("after random batches: out of order, same day, new first and last days, several per member", async () => {
    const rand = random(20261126);
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin" },
      ...Array.from({ length: 7 }, (_, i) => ({
        status: (["active", "inactive", "pending"] as const)[i % 3],
        department: i % 2 ? "Sales" : null,
        sessions:
          i % 3 === 0
            ? []
            : [
                [new Date(Date.now() - (20 + i) * DAY), new Date(Date.now() - (20 + i) * DAY + 600_000)] as [
                  Date,
                  Date,
                ],
              ],
      })),
    ]);
    const token = await forgeToken(members[0]!.userId);
    await expectMatchesRefresh(companyId, "after creation");

    for (let batch = 0; batch < 8; batch++) {
      const sessions = Array.from({ length: 1 + Math.floor(rand() * 25) }, () => {
        const member = members[Math.floor(rand() * members.length)]!;
        // Days spread over 60 days, some far in the past, so new first days and gaps both occur.
        const start =
          Date.now() - Math.floor(rand() * 60) * DAY - Math.floor(rand() * 20) * 3_600_000 - 3_600_000;
        const end = start + Math.floor(rand() * 7200_000);
        return {
          id: randomUUID(),
          user_id: member.userId,
          started_at: new Date(start).toISOString(),
          ended_at: new Date(end).toISOString(),
        };
      });
      const res = await api(sessionsPath(companyId), { method: "POST", token, body: { sessions } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await expectMatchesRefresh(companyId, `after batch ${batch}`);
    }
  });

  it("after status changes, soft deletes and restores of memberships and users", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      {
        role: "owner",
        sessions: [[new Date(Date.now() - 3 * DAY), new Date(Date.now() - 3 * DAY + 900_000)]],
      },
      {
        status: "pending",
        department: "Support",
        sessions: [
          [new Date(Date.now() - 9 * DAY), new Date(Date.now() - 9 * DAY + 300_000)],
          [new Date(Date.now() - 2 * DAY), new Date(Date.now() - 2 * DAY + 300_000)],
        ],
      },
      { sessions: [[new Date(Date.now() - 1 * DAY), new Date(Date.now() - 1 * DAY + 60_000)]] },
    ]);
    const [, second, third] = members;
    const steps: [string, () => Promise<unknown>][] = [
      [
        "status pending → active",
        () =>
          conn.sql`update memberships set status = 'active' where company_id = ${companyId} and user_id = ${second!.userId}`,
      ],
      [
        "role and department change",
        () =>
          conn.sql`update memberships set role = 'admin', department = null where company_id = ${companyId} and user_id = ${second!.userId}`,
      ],
      [
        "membership soft-deleted",
        () =>
          conn.sql`update memberships set deleted_at = now() where company_id = ${companyId} and user_id = ${third!.userId}`,
      ],
      [
        "membership added again",
        () =>
          conn.sql`insert into memberships (company_id, user_id, role, status) values (${companyId}, ${third!.userId}, 'member', 'pending')`,
      ],
      ["user soft-deleted", () => conn.sql`update users set deleted_at = now() where id = ${second!.userId}`],
      ["user restored", () => conn.sql`update users set deleted_at = null where id = ${second!.userId}`],
      [
        "status active → inactive",
        () =>
          conn.sql`update memberships set status = 'inactive' where company_id = ${companyId} and user_id = ${second!.userId}`,
      ],
      [
        "user renamed, with an accented name and a new email",
        () =>
          conn.sql`update users set first_name = 'Zoë', last_name = 'Łukaszewicz', email = ${`zoe.${second!.userId}@example.test`} where id = ${second!.userId}`,
      ],
      [
        "sign-in time changed (not a liveness change)",
        () => conn.sql`update users set last_login_at = now() where id = ${second!.userId}`,
      ],
    ];
    for (const [step, change] of steps) {
      await change();
      await expectMatchesRefresh(companyId, step);
    }
    // And the API's counts follow: three live members again, all active in the last 30 days.
    const token = await forgeToken(members[0]!.userId);
    const summary = await api<{ members: { total: number }; activity: { listed_members: number } }>(
      `/api/v2/companies/${companyId}/user-metrics/summary/`,
      { token },
    );
    expect(summary.body.members.total).toBe(3);
    expect(summary.body.activity.listed_members).toBe(3);
  });

  it("after memberships arrive in bulk, one statement for many members (some deleted users)", async () => {
    const { companyId } = await createCompany(conn.db, [{ role: "owner" }]);
    const tag = companyId.slice(0, 8);
    await conn.sql`
      insert into users (id, email, first_name, last_name, password_hash, deleted_at)
      select md5(${companyId} || 'bulk' || g)::uuid, 'bulk' || g || '-' || ${tag} || '@fixture.test', 'B', 'K', 'x',
             case when g % 7 = 0 then now() end
      from generate_series(1, 300) g`;
    await conn.sql`
      insert into memberships (company_id, user_id, role, status, department)
      select ${companyId}, md5(${companyId} || 'bulk' || g)::uuid,
             (array['member','admin','viewer'])[1 + g % 3]::member_role,
             (array['active','inactive','pending'])[1 + g % 3]::member_status,
             case when g % 4 = 0 then null else 'Dept ' || (g % 5) end
      from generate_series(1, 300) g`;
    const after = await expectMatchesRefresh(companyId, "after the bulk insert");
    expect(after.members).toHaveLength(301);
  });

  it("after many batches on one day (the activity log's chunks merged) and browser sessions started and extended", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "owner" },
      ...Array.from({ length: 5 }, () => ({})),
    ]);
    const token = await forgeToken(members[0]!.userId);
    const day = Date.UTC(2026, 10, 20);
    for (let batch = 0; batch < 70; batch++) {
      const member = members[batch % members.length]!;
      const start = day + ((batch * 37) % 96) * 900_000 + 60_000;
      const res = await api(sessionsPath(companyId), {
        method: "POST",
        token,
        body: {
          sessions: [
            {
              id: randomUUID(),
              user_id: member.userId,
              started_at: new Date(start).toISOString(),
              ended_at: new Date(start + 120_000).toISOString(),
            },
          ],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const [chunks] = await conn.sql<{ n: number }[]>`
      select count(*)::int as n from company_member_days where company_id = ${companyId} and day = '2026-11-20'`;
    expect(chunks!.n).toBeGreaterThan(0);
    expect(chunks!.n).toBeLessThanOrEqual(65);
    await expectMatchesRefresh(companyId, "after 70 batches on one day");

    const browser = randomUUID();
    const at = new Date(day + 23 * 3_600_000 + 50 * 60_000);
    await conn.sql`select um_extend_session(${companyId}::uuid, ${members[1]!.userId}::uuid, ${browser}::uuid, ${at.toISOString()}::timestamptz)`;
    await conn.sql`select um_extend_session(${companyId}::uuid, ${members[1]!.userId}::uuid, ${browser}::uuid, ${new Date(at.getTime() + 30 * 60_000).toISOString()}::timestamptz)`;
    await expectMatchesRefresh(companyId, "after a browser session started and extended");
  });
});
