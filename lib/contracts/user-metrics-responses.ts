/**
 * The user-metrics responses' schemas: what the handlers answer, the OpenAPI document describes
 * and the tests hold answers to. Kept apart from the parameters' contract (./user-metrics), which
 * the pages also load in the browser.
 */
import { z } from "zod";
import { MAX_RETENTION_PERIODS, RETENTION_PERIODS, USER_STATUSES } from "./user-metrics";
import { count, day, duration, timestamp } from "./shared";

const statusEnum = z.enum(USER_STATUSES);

export const userMetricSchema = z
  .object({
    user_id: z.uuid(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    last_active: timestamp.nullable().describe("End of the member's latest session; null if never active"),
    total_sessions: count.describe("All-time sessions in this company"),
    sessions_this_month: count.describe("Sessions started in the current month (of `timezone`)"),
    avg_session_duration: duration,
    status: statusEnum,
    role: z.string().describe("owner | admin | member | viewer"),
    department: z.string().nullable(),
    created_at: timestamp,
    last_login: timestamp
      .nullable()
      .describe("The later of the last sign-in and the latest session start; null if never active"),
  })
  .meta({ id: "UserMetric" });

export const userMetricsResponseSchema = z
  .object({
    count: count.describe("Members the filters select (last_active in the window, or inactive_for)"),
    next: z.url().nullable(),
    previous: z.url().nullable(),
    results: z.array(userMetricSchema),
  })
  .meta({ id: "UserMetricsResponse" });

const dailyPoint = z.object({
  date: day,
  active_users: count,
  sessions: count,
  avg_session_duration: duration,
  avg_session_seconds: count,
});

const memberBreakdown = z.object({
  total: count,
  by_status: z.object({ active: count, inactive: count, pending: count }),
  by_role: z.object({ owner: count, admin: count, member: count, viewer: count }),
  by_department: z.array(z.object({ department: z.string().nullable(), members: count })),
});

const summaryWindow = z
  .object({
    date_from: day,
    date_to: day,
    days: z.int().min(1),
    timezone: z.string().describe("The IANA zone whose days these are"),
  })
  .describe("The window actually used");

const summaryActivity = z.object({
  listed_members: count.describe("The list's count for the same filters"),
  active_users: count.describe("Members with a session started in the window"),
  sessions: count,
  avg_session_duration: duration,
  avg_session_seconds: count,
});

const relativeChange = z
  .number()
  .nullable()
  .describe("(current − previous) / previous: 0.25 is +25 %; null when the previous value is 0");

export const userMetricsSummarySchema = z
  .object({
    company_id: z.uuid(),
    window: summaryWindow,
    status: statusEnum.nullable(),
    members: memberBreakdown.describe(
      "The members the list returns for the same filters (last_active in the window, status), by status, role and department",
    ),
    company_members: memberBreakdown.describe(
      "Every live member of the company (status filter applied, window not), by status, role and department",
    ),
    activity: summaryActivity,
    daily: z.array(dailyPoint).describe("One entry per day of the window, zero-filled"),
    engagement: z
      .object({
        dau: count.describe("Members active on date_to"),
        wau: count.describe("Distinct members active in the 7 days ending on date_to"),
        mau: count.describe("Distinct members active in the 30 days ending on date_to"),
        stickiness: z
          .number()
          .min(0)
          .max(1)
          .describe(
            "Average daily active members over those 30 days divided by mau, 3 decimals; 0 when mau is 0",
          ),
      })
      .describe("The selected members' engagement around date_to"),
    comparison: z
      .object({ window: summaryWindow, activity: summaryActivity, daily: z.array(dailyPoint) })
      .optional()
      .describe("With `compare`: the same figures for the window compared with"),
    change: z
      .object({
        active_users: relativeChange,
        sessions: relativeChange,
        avg_session_seconds: relativeChange,
      })
      .optional()
      .describe("With `compare`: the relative change from the comparison's activity to this window's"),
  })
  .meta({ id: "UserMetricsSummary" });

export const userMetricsRetentionSchema = z
  .object({
    company_id: z.uuid(),
    period: z.enum(RETENTION_PERIODS),
    periods: z.int().min(1).max(MAX_RETENTION_PERIODS),
    timezone: z.string().describe("The IANA zone whose weeks or months these are"),
    status: statusEnum.nullable(),
    cohorts: z
      .array(
        z.object({
          cohort_start: day.describe("First day of the week (Monday) or month the cohort joined in"),
          size: count.describe("Members whose membership was created in that period"),
          retained: z
            .array(z.number().min(0).max(1))
            .describe(
              "For period 0, 1, …: the share of the cohort with a session in it (3 decimals); periods not begun yet are omitted",
            ),
        }),
      )
      .describe("The latest `periods` cohorts, oldest first, empty ones included"),
  })
  .meta({ id: "UserMetricsRetention" });

export const userMetricDetailSchema = userMetricSchema
  .extend({
    daily: z
      .array(z.object({ date: day, sessions: count, avg_session_duration: duration }))
      .describe("One entry per day of the window (by session start), zero-filled"),
    recent_sessions: z
      .array(z.object({ id: z.uuid(), started_at: timestamp, ended_at: timestamp, duration }))
      .max(20)
      .describe("The member's latest 20 sessions in this company, newest first"),
  })
  .meta({ id: "UserMetricDetail" });

export const refreshResponseSchema = z
  .object({
    company_id: z.uuid(),
    members: count,
    daily_rows: count,
    sessions: count,
    duration_ms: count,
    refreshed_at: timestamp,
  })
  .meta({ id: "RefreshResponse" });

export type UserMetric = z.infer<typeof userMetricSchema>;
export type UserMetricsResponse = z.infer<typeof userMetricsResponseSchema>;
export type UserMetricsSummary = z.infer<typeof userMetricsSummarySchema>;
export type UserMetricDetail = z.infer<typeof userMetricDetailSchema>;
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;
export type UserMetricsRetention = z.infer<typeof userMetricsRetentionSchema>;
