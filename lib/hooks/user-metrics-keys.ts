/**
 * React Query keys of the user-metrics queries, in the original API document's exact shapes, so that code written
 * against that document (or the React Query devtools) finds the same entries:
 *
 *   list      ['user-metrics', companyId, params]
 *   infinite  ['user-metrics-infinite', companyId, params]
 *   summary   ['user-metrics-summary', companyId, params]
 *   member    ['user-metric', companyId, userId, params]   (one member's detail)
 *   retention ['user-metrics-retention', companyId, params]
 *
 * The prefixes (`['user-metrics', companyId]`, …) match every query of one kind for one company;
 * React Query matches keys element by element, so the list prefix does not match the infinite or
 * summary keys: invalidate all of them with `company(companyId)`.
 */
import type {
  InfiniteUserMetricsParams,
  UserMetricDetailParams,
  UserMetricsParams,
  UserMetricsRetentionParams,
  UserMetricsSummaryParams,
} from "@/lib/contracts/user-metrics";

export type {
  InfiniteUserMetricsParams,
  UserMetricDetailParams,
  UserMetricsRetentionParams,
  UserMetricsSummaryParams,
};

const LIST = "user-metrics";
const INFINITE = "user-metrics-infinite";
const SUMMARY = "user-metrics-summary";
const MEMBER = "user-metric";
const RETENTION = "user-metrics-retention";

export const userMetricsKeys = {
  list: (companyId: string, params?: UserMetricsParams) => [LIST, companyId, params] as const,
  infinite: (companyId: string, params?: InfiniteUserMetricsParams) => [INFINITE, companyId, params] as const,
  summary: (companyId: string, params?: UserMetricsSummaryParams) => [SUMMARY, companyId, params] as const,
  member: (companyId: string, userId: string, params?: UserMetricDetailParams) =>
    [MEMBER, companyId, userId, params] as const,
  retention: (companyId: string, params?: UserMetricsRetentionParams) =>
    [RETENTION, companyId, params] as const,

  /** Every list query of a company, whatever its params. */
  lists: (companyId: string) => [LIST, companyId] as const,
  /** Every infinite list query of a company. */
  infinites: (companyId: string) => [INFINITE, companyId] as const,
  /** Every summary query of a company. */
  summaries: (companyId: string) => [SUMMARY, companyId] as const,
  /** Every member detail of a company, whoever the member. */
  members: (companyId: string) => [MEMBER, companyId] as const,
  /** Every retention query of a company. */
  retentions: (companyId: string) => [RETENTION, companyId] as const,
  /**
   * The prefixes above: everything a refresh of that company makes stale, and a change of its
   * time zone too (its days, and so every figure counted by day, move).
   */
  company: (companyId: string) =>
    [
      userMetricsKeys.lists(companyId),
      userMetricsKeys.infinites(companyId),
      userMetricsKeys.summaries(companyId),
      userMetricsKeys.members(companyId),
      userMetricsKeys.retentions(companyId),
    ] as const,
};

export type UserMetricsListKey = ReturnType<typeof userMetricsKeys.list>;
export type InfiniteUserMetricsKey = ReturnType<typeof userMetricsKeys.infinite>;
export type UserMetricsSummaryKey = ReturnType<typeof userMetricsKeys.summary>;
export type UserMetricKey = ReturnType<typeof userMetricsKeys.member>;
export type UserMetricsRetentionKey = ReturnType<typeof userMetricsKeys.retention>;
