import type { CohortRow } from "@/db/queries/retention";
import { addPeriods, type RetentionQuery, type UserMetricsRetention } from "@/lib/contracts/user-metrics";

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The retention table: every cohort from the oldest asked for to the current period, empty ones
 * included, oldest first; each with the share of its members active in period 0, 1, … for the
 * periods that have begun by today (in the request's zone).
 */
export function toRetention(companyId: string, q: RetentionQuery, rows: CohortRow[]): UserMetricsRetention {
  const byCohort = new Map(rows.map((r) => [r.cohort, r]));
  const cohorts: UserMetricsRetention["cohorts"] = [];
  for (let i = 0; i < q.periods; i++) {
    const start = addPeriods(q.firstCohort, i, q.period);
    const row = byCohort.get(start);
    const size = row?.size ?? 0;
    const retained: number[] = [];
    for (let k = 0; addPeriods(start, k, q.period) <= q.today; k++)
      retained.push(size === 0 ? 0 : round3((row?.active[String(k)] ?? 0) / size));
    cohorts.push({ cohort_start: start, size, retained });
  }
  return {
    company_id: companyId,
    period: q.period,
    periods: q.periods,
    timezone: q.timezone,
    status: q.status,
    cohorts,
  };
}
