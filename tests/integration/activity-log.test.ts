import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db/client";
import { memberRole } from "@/db/schema";
import { summarizeUserMetrics } from "@/db/queries/user-metrics-summary";
import { parseSummaryQuery } from "@/lib/contracts/user-metrics";
import { connectTestDb, migratedPglite } from "../helpers/db";
import { random } from "../helpers/random";

/**
 * A summary in a zone other than the company's is counted from the activity log and the quarter
 * rollup; one with member filters from raw sessions. With a filter that selects every member the
 * two must agree exactly, in PostgreSQL and in PGlite (whose driver hands bytea back differently),
 * after a refresh and after browser sessions appended chunks to the log.
 */
const DAY = 86_400_000;
const now = new Date(Date.UTC(2026, 10, 20, 15, 0));
const ZONES = [
  "America/New_York",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "Pacific/Kiritimati",
  "Europe/London",
];
const EVERY_ROLE = memberRole.enumValues.join(",");

async function makeCompany(db: Db, seed: number) {
  const r = random(seed);
  const companyId = randomUUID();
  await queryRows(
    db,
    sql`insert into companies (id, name) values (${companyId}, ${`log ${seed}`}) returning id`,
  );
  const members: string[] = [];
  for (let i = 0; i < 25; i++) {
    const userId = randomUUID();
    members.push(userId);
    await queryRows(
      db,
      sql`insert into users (id, email, first_name, last_name, password_hash)
          values (${userId}, ${`log-${seed}-${i}-${companyId.slice(0, 8)}@fixture.test`}, 'L', ${`M${i}`}, 'x') returning id`,
    );
    await queryRows(
      db,
      sql`insert into memberships (company_id, user_id, role, status)
          values (${companyId}, ${userId}, ${r.pick(memberRole.enumValues)}, ${r.pick(["active", "inactive", "pending"] as const)})
          returning id`,
    );
  }
  // Sessions over 140 days, at any minute of the day (so they fall either side of every zone's midnight).
  const sessions = Array.from({ length: 600 }, () => {
    const start = now.getTime() - r.int(140 * 24 * 60) * 60_000;
    return { id: randomUUID(), user: r.pick(members), start, end: start + r.int(7200) * 1000 };
  });
  for (const s of sessions)
    await queryRows(
      db,
      sql`insert into activity_sessions (company_id, id, user_id, started_at, ended_at)
          values (${companyId}, ${s.id}, ${s.user}, ${new Date(s.start).toISOString()}::timestamptz,
                  ${new Date(s.end).toISOString()}::timestamptz) returning id`,
    );
  await queryRows(db, sql`select um_refresh_company(${companyId}::uuid, ${now.toISOString()}::timestamptz)`);
  return { companyId, members, r };
}

function defineChecks(getDb: () => Db) {
  async function both(companyId: string, params: string) {
    const p = new URLSearchParams(params);
    const f = parseSummaryQuery(p, now, { timezone: "UTC" });
    const fromLog = await summarizeUserMetrics(getDb(), companyId, f);
    const all = new URLSearchParams(`${params}&role=${EVERY_ROLE}`);
    const fromRaw = await summarizeUserMetrics(
      getDb(),
      companyId,
      parseSummaryQuery(all, now, { timezone: "UTC" }),
    );
    return { fromLog, fromRaw };
  }
  const pick = (d: Awaited<ReturnType<typeof summarizeUserMetrics>>) => ({
    window: d.window,
    daily: d.daily,
    engagement: d.engagement,
    comparison: d.comparison && { window: d.comparison.window, daily: d.comparison.daily },
  });

  it("equals the raw sessions for random windows, zones, statuses and comparisons", async () => {
    const { companyId, members, r } = await makeCompany(getDb(), 7);
    const check = async (label: string) => {
      let active = 0;
      for (let i = 0; i < 12; i++) {
        const to = new Date(now.getTime() - r.int(60) * DAY).toISOString().slice(0, 10);
        const from = new Date(Date.parse(to) - r.pick([0, 6, 29, 44, 89]) * DAY).toISOString().slice(0, 10);
        const status = r.pick(["", "", "active", "pending"]);
        const compare = r.pick(["", "previous_period", "previous_year"]);
        const params = `date_from=${from}&date_to=${to}&timezone=${r.pick(ZONES)}${status ? `&status=${status}` : ""}${compare ? `&compare=${compare}` : ""}`;
        const { fromLog, fromRaw } = await both(companyId, params);
        expect(pick(fromLog), `${label}: ${params}`).toEqual(pick(fromRaw));
        active += fromLog.window.active_users;
      }
      expect(active, `${label}: the windows saw activity`).toBeGreaterThan(20);
    };
    await check("after a refresh");
    const [active] = await queryRows<{ n: number }>(
      getDb(),
      sql`select count(*)::int as n from company_member_days where company_id = ${companyId}`,
    );
    expect(active!.n).toBeGreaterThan(100);

    // Browser sessions started and extended: chunks of one entry each, merged by the reader.
    for (let i = 0; i < 8; i++) {
      const at = new Date(now.getTime() - r.int(20 * 24 * 60) * 60_000);
      const session = randomUUID();
      await queryRows(
        getDb(),
        sql`select um_extend_session(${companyId}::uuid, ${members[i]!}::uuid, ${session}::uuid, ${at.toISOString()}::timestamptz)`,
      );
    }
    await check("after browser sessions");
  }, 120_000);
}

describe("PostgreSQL: the activity log", () => {
  const conn = connectTestDb();
  afterAll(() => conn.close());
  defineChecks(() => conn.db);
});

describe("PGlite: the activity log", () => {
  const pglite = migratedPglite();
  defineChecks(pglite.db);
});
