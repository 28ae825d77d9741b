import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { countUserMetricsQuery, userMetricsPageQuery } from "@/db/queries/user-metrics";
import { connectTestDb } from "../helpers/db";
import { NO_MEMBER_FILTERS, ORDERINGS, type UserMetricsFilters } from "@/lib/contracts/user-metrics";

const conn = connectTestDb();
const MEMBERS = 50_000;
const companyId = randomUUID();

beforeAll(async () => {
  // A large company, built set-based: activity spread over a year, so a 30-day window is a slice.
  await conn.sql`insert into companies (id, name) values (${companyId}, 'Plan test')`;
  await conn.sql`
    insert into users (id, email, first_name, last_name, password_hash)
    select md5(${companyId} || g)::uuid, 'plan' || g || '-' || ${companyId} || '@plan.test', 'P', 'T', 'x'
    from generate_series(1, ${MEMBERS}) g`;
  await conn.sql`
    insert into memberships (company_id, user_id, role, status)
    select ${companyId}, md5(${companyId} || g)::uuid, 'member', (array['active','inactive','pending'])[1 + g % 3]::member_status
    from generate_series(1, ${MEMBERS}) g`;
  await conn.sql`
    insert into member_metrics (company_id, user_id, status, last_active, last_session_started_at, total_sessions, total_duration_seconds, avg_session_seconds, month_start)
    select ${companyId}, md5(${companyId} || g)::uuid, (array['active','inactive','pending'])[1 + g % 3]::member_status,
           now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day', g % 97, 0, 600, date_trunc('month', now())
    from generate_series(1, ${MEMBERS}) g
    -- The membership trigger already gave each member a (zero) row.
    on conflict (company_id, user_id) do update set status = excluded.status, last_active = excluded.last_active,
      last_session_started_at = excluded.last_session_started_at, total_sessions = excluded.total_sessions,
      avg_session_seconds = excluded.avg_session_seconds`;
  for (const table of ["users", "memberships", "member_metrics"]) await conn.sql.unsafe(`analyze ${table}`);
}, 120_000);
afterAll(() => conn.close());

async function plan({ sql, params }: { sql: string; params: unknown[] }): Promise<string> {
  const rows = await conn.sql.unsafe(`explain ${sql}`, params as never[]);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

const today = new Date().toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

describe("the list query on a large company uses the rollup's indexes", () => {
  it.each(ORDERINGS)("never sequentially scans member_metrics (ordering %s)", async (ordering) => {
    for (const status of [null, "active"] as const) {
      const filters: UserMetricsFilters = {
        ...NO_MEMBER_FILTERS,
        dateFrom: monthAgo,
        dateTo: today,
        status,
        ordering,
      };
      const page = new PgDialect().sqlToQuery(
        userMetricsPageQuery(conn.db, companyId, filters, { limit: 20, offset: 40 }),
      );
      const text = await plan(page);
      expect(text, text).not.toMatch(/Seq Scan on member_metrics/);
      expect(text, text).toMatch(
        /Index (Only )?Scan.* on member_metrics|Bitmap Index Scan on member_metrics/,
      );
    }
  });

  it("counts without reading members: a sum over the per-day counts", async () => {
    for (const status of [null, "active"] as const) {
      const filters: UserMetricsFilters = {
        dateFrom: monthAgo,
        dateTo: today,
        status,
        ...NO_MEMBER_FILTERS,
        ordering: "-last_active",
      };
      const text = await plan(countUserMetricsQuery(conn.db, companyId, filters).toSQL());
      expect(text, text).not.toMatch(/member_metrics|memberships|users/);
      expect(text, text).toMatch(/company_last_active_days/);
    }
  });
});
