/**
 * The data layer for React (user metrics, API keys and the company's settings): the hooks, their keys and retry rules, the API client
 * context, and the wire types. (Not "use client" itself: the keys, retry rules and types
 * stay usable from server code; the hook modules carry their own directive.)
 */
export { ApiClientProvider, useApiClient } from "./api-client-context";
export {
  isRetryable,
  MAX_RETRIES,
  MAX_RETRY_DELAY_MS,
  NON_RETRYABLE_STATUSES,
  retryDelay,
  shouldRetry,
} from "./retry";
export {
  userMetricsKeys,
  type InfiniteUserMetricsKey,
  type InfiniteUserMetricsParams,
  type UserMetricDetailParams,
  type UserMetricKey,
  type UserMetricsListKey,
  type UserMetricsRetentionKey,
  type UserMetricsRetentionParams,
  type UserMetricsSummaryKey,
  type UserMetricsSummaryParams,
} from "./user-metrics-keys";
export {
  listQueryParams,
  USER_METRICS_STALE_TIME,
  useUserMetrics,
  userMetricsPath,
  userMetricsQueryOptions,
} from "./use-user-metrics";
export {
  infiniteUserMetricsQueryOptions,
  nextPageParam,
  useInfiniteUserMetrics,
  type InfiniteUserMetricsData,
} from "./use-infinite-user-metrics";
export { useUserMetricsSummary, userMetricsSummaryQueryOptions } from "./use-user-metrics-summary";
export { useUserMetric, userMetricPath, userMetricQueryOptions } from "./use-user-metric";
export { useUserMetricsRetention, userMetricsRetentionQueryOptions } from "./use-user-metrics-retention";
export { companyKeys, type CompanyKey } from "./company-keys";
export { companyPath, companyQueryOptions, useCompany, useUpdateCompany } from "./use-company";
export { useRefreshUserMetrics } from "./use-refresh-user-metrics";
export {
  countCsvRecords,
  useExportUserMetrics,
  userMetricsExportUrl,
  type ExportUserMetricsResult,
  type ExportUserMetricsVariables,
  type UserMetricsExportParams,
} from "./use-export-user-metrics";
export { apiKeysKeys, type ApiKeysListKey } from "./api-keys-keys";
export {
  apiKeysPath,
  apiKeysQueryOptions,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  type CreateApiKeyVariables,
  type RevokeApiKeyVariables,
} from "./use-api-keys";
export {
  ApiClientError,
  createApiClient,
  defaultApiClient,
  type ApiClient,
  type ApiClientOptions,
  type DownloadResult,
  type QueryParams,
  type RequestOptions,
} from "@/lib/api-client";
export type {
  Ordering,
  RefreshResponse,
  UserMetric,
  UserMetricDetail,
  UserMetricsParams,
  RetentionPeriod,
  UserMetricsResponse,
  UserMetricsRetention,
  UserMetricsSummary,
  UserStatus,
} from "@/lib/contracts/user-metrics";
export type { CompanyResponse, UpdateCompanyInput } from "@/lib/contracts/companies";
export type {
  ApiKey,
  ApiKeyList,
  ApiKeyScope,
  CreateApiKeyInput,
  CreatedApiKey,
} from "@/lib/contracts/api-keys";
export type { APIError } from "@/lib/contracts/errors";
