import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db/client";
import { applyDatabaseFunctions, FUNCTIONS_FILE } from "@/db/functions";
import { ingestSessions } from "@/db/queries/ingest-sessions";
import { zonedMonthStart } from "@/lib/time/zones";
import { extendBrowserSession } from "@/db/queries/rollups";
import { connectTestDb, migratedPglite } from "../helpers/db";
import { createCompany } from "../helpers/fixtures";

/**
 * The rollup functions in a migrated database are exactly db/functions.sql's (the migrations'
 * older definitions replaced, none left over), applying the file again changes nothing, and the
 * incremental paths built on them agree with a full refresh on both drivers (postgres.js, PGlite).
 */
const file = fs.readFileSync(FUNCTIONS_FILE, "utf8");
/** Each function the file defines, with its body as written. */
const declared = new Map(
  [...file.matchAll(/CREATE OR REPLACE FUNCTION (\w+)\([\s\S]*?\$\$([\s\S]*?)\$\$/g)].map((m) => [
    m[1]!,
    m[2]!,
  ]),
);
const declaredTriggers = [...file.matchAll(/CREATE TRIGGER (\w+)/g)].map((m) => m[1]!).sort();

type Fn = { name: string; src: string; def: string };
const functions = (db: Db) =>
  queryRows<Fn>(
    db,
    sql`select p.proname::text as name, p.prosrc as src, pg_get_functiondef(p.oid) as def
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname like 'um\_%' order by p.proname`,
  );
const triggers = (db: Db) =>
  queryRows<{ name: string; fn: string }>(
    db,
    sql`select t.tgname::text as name, p.proname::text as fn from pg_trigger t join pg_proc p on p.oid = t.tgfoid
        where not t.tgisinternal and p.proname like 'um\_%' order by 1`,
  );

async function expectFunctionsOfTheFile(db: Db) {
  const fns = await functions(db);
  expect(fns.map((f) => f.name)).toEqual([...declared.keys()].sort());
  for (const f of fns) expect(f.src, f.name).toBe(declared.get(f.name));
  // The advisory-lock keys are spelled in their two helpers only.
  expect(fns.filter((f) => f.src.includes("hashtextextended")).map((f) => f.name)).toEqual([
    "um_lock_company",
    "um_refresh_key",
  ]);
  expect((await triggers(db)).map((t) => t.name)).toEqual(declaredTriggers);
}

async function expectApplyingAgainChangesNothing(db: Db) {
  const before = { fns: await functions(db), triggers: await triggers(db) };
  await applyDatabaseFunctions(db);
  await applyDatabaseFunctions(db);
  expect({ fns: await functions(db), triggers: await triggers(db) }).toEqual(before);
}

/** The company's rollups (refresh time and zero rows aside). */
async function snapshot(db: Db, companyId: string) {
  const q = <T>(query: ReturnType<typeof sql>) => queryRows<T>(db, query);
  return {
    members: await q(sql`
      select user_id::text, status, listed, extract(epoch from last_active)::float8 as last_active,
             extract(epoch from last_session_started_at)::float8 as last_started, total_sessions,
             total_duration_seconds::float8 as duration, avg_session_seconds, month_start::text, month_sessions
      from member_metrics where company_id = ${companyId} order by user_id`),
    lastActive: await q(sql`
      select day::text, status, role, department, members from company_last_active_days
      where company_id = ${companyId} and members <> 0 order by day, status, role, department`),
    daily: await q(sql`
      select day::text, status, active_members, sessions, duration_seconds::float8 as duration
      from company_daily_metrics where company_id = ${companyId} and (active_members <> 0 or sessions <> 0)
      order by day, status`),
    gaps: await q(sql`
      select day::text, status, prev_day::text, members from company_activity_gaps
      where company_id = ${companyId} and members <> 0 order by day, status, prev_day`),
  };
}

async function refreshed(db: Db, companyId: string) {
  let result: Awaited<ReturnType<typeof snapshot>> | undefined;
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`select um_refresh_company(${companyId}::uuid, now())`);
      result = await snapshot(tx as unknown as Db, companyId);
      throw new Error("rollback");
    })
    .catch((e: Error) => {
      if (e.message !== "rollback") throw e;
    });
  return result!;
}

const DAY = 86_400_000;

/** Ingestion (every array parameter) and browser activity, each step checked against a refresh. */
async function expectIncrementalEqualsRefresh(db: Db) {
  const { companyId, members } = await createCompany(db, [
    { role: "owner", sessions: [[new Date(Date.now() - 5 * DAY), new Date(Date.now() - 5 * DAY + 600_000)]] },
    { status: "pending", department: 'O\'Brien, "Quoted" {dept}' },
    { status: "inactive", userDeleted: true },
  ]);
  const check = async (step: string) =>
    expect(JSON.parse(JSON.stringify(await snapshot(db, companyId))), step).toEqual(
      JSON.parse(JSON.stringify(await refreshed(db, companyId))),
    );
  let index = 0;
  const item = (userId: string, daysAgo: number, minutes: number) => {
    const startedAt = new Date(Date.now() - daysAgo * DAY - 3_600_000);
    return {
      index: index++,
      id: randomUUID(),
      userId,
      startedAt,
      endedAt: new Date(startedAt.getTime() + minutes * 60_000),
    };
  };
  const batches = [
    [item(members[0]!.userId, 1, 10), item(members[1]!.userId, 3, 20), item(members[2]!.userId, 2, 5)],
    // Days before the last active one (probed), a repeated day, and a new first day.
    [item(members[0]!.userId, 7, 1), item(members[0]!.userId, 3, 2), item(members[1]!.userId, 3, 3)],
    [item(members[1]!.userId, 40, 4), item(members[0]!.userId, 5, 6)],
  ];
  for (const [i, batch] of batches.entries()) {
    const result = await ingestSessions(db, companyId, batch, batch.length);
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, inserted: batch.length });
    await check(`after batch ${i}`);
  }
  const browser = randomUUID();
  await extendBrowserSession(db, companyId, members[1]!.userId, browser, new Date(Date.now() - 60_000));
  await check("after a browser session starts");
  await extendBrowserSession(db, companyId, members[1]!.userId, browser, new Date());
  await check("after it is extended");
  const [row] = await queryRows<{ n: number; secs: number }>(
    db,
    sql`select count(*)::int as n, max(extract(epoch from ended_at - started_at))::float8 as secs
        from activity_sessions where company_id = ${companyId} and id = ${browser}::uuid`,
  );
  expect(row!.n).toBe(1);
  expect(row!.secs).toBeGreaterThanOrEqual(59);
}

describe("PostgreSQL: the functions after migrate and apply", () => {
  const conn = connectTestDb();
  afterAll(() => conn.close());

  it("are exactly those of db/functions.sql", () => expectFunctionsOfTheFile(conn.db));
  it("are unchanged by applying the file twice more", () => expectApplyingAgainChangesNothing(conn.db));
  it("keep ingestion and browser activity equal to a full refresh", () =>
    expectIncrementalEqualsRefresh(conn.db));

  it("refresh: search rows repaired and pruned, unchanged ones left in place", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "owner" },
      { role: "member" },
      { role: "member" },
    ]);
    const [kept, stale, removed] = members.map((m) => m.userId);
    const rows = () =>
      queryRows<{ user_id: string; search_text: string; ctid: string }>(
        conn.db,
        sql`select user_id::text, search_text, ctid::text from member_search
            where company_id = ${companyId} order by user_id`,
      );
    await conn.db.execute(
      sql`update member_search set search_text = 'stale' where company_id = ${companyId} and user_id = ${stale}`,
    );
    await conn.db.execute(
      sql`update memberships set deleted_at = now() where company_id = ${companyId} and user_id = ${removed}`,
    );
    const before = await rows();
    await conn.db.execute(sql`select um_refresh_company(${companyId}, now())`);
    const after = await rows();
    const want = await queryRows<{ user_id: string; search_text: string }>(
      conn.db,
      sql`select u.id::text as user_id, um_search_text(u.first_name, u.last_name, u.email) as search_text
          from users u where u.id in (${kept}, ${stale}) order by u.id`,
    );
    expect(after.map(({ user_id, search_text }) => ({ user_id, search_text }))).toEqual(want);
    // The row whose text was right is the same tuple: not deleted and written again.
    expect(after.find((r) => r.user_id === kept)!.ctid).toBe(before.find((r) => r.user_id === kept)!.ctid);
  });

  it("start months where the TypeScript side does (um_month_start = zonedMonthStart)", async () => {
    const moments = [
      "2024-02-29T23:59:59.999Z",
      "2024-03-01T00:00:00.000Z",
      "2024-12-31T23:59:59.999Z",
      "2025-01-01T00:00:00.000Z",
      "2025-03-01T00:30:00+02:00",
      "2025-06-30T22:00:00-05:00",
    ].map((s) => new Date(s));
    for (const zone of ["UTC", "America/New_York", "Pacific/Kiritimati"]) {
      const rows = await queryRows<{ month: string }>(
        conn.db,
        sql`select um_month_start(t, ${zone})::text as month
            from unnest(${sql.param(moments.map((m) => m.toISOString()))}::text[]::timestamptz[]) with ordinality as u(t, i)
            order by i`,
      );
      expect(rows.map((r) => r.month)).toEqual(moments.map((m) => zonedMonthStart(m, zone)));
    }
  });
});

describe("PGlite: the functions after migrate and apply", () => {
  const pglite = migratedPglite();

  it("are exactly those of db/functions.sql", () => expectFunctionsOfTheFile(pglite.db()));
  it("are unchanged by applying the file twice more", () => expectApplyingAgainChangesNothing(pglite.db()));
  it("keep ingestion and browser activity equal to a full refresh", () =>
    expectIncrementalEqualsRefresh(pglite.db()));
});
