/**
 * The seed's TypeScript interfaces — the wire format of the v2 API, shared by handlers and hooks —
 * inferred from the zod schemas in ./schemas.ts (type-only imports: no zod in client bundles).
 */
import type { z } from "zod";
import type { Ordering, UserStatus } from "@/lib/validation/user-metrics";
import type {
  errorBodySchema,
  ingestResultSchema,
  refreshResponseSchema,
  tokenResponseSchema,
  userMetricSchema,
  userMetricsResponseSchema,
  userMetricsSummarySchema,
} from "./schemas";

export interface UserMetricsParams {
  date_from?: string;
  date_to?: string;
  status?: UserStatus;
  page?: number;
  page_size?: number;
  ordering?: Ordering;
}

export type UserMetric = z.infer<typeof userMetricSchema>;
export type UserMetricsResponse = z.infer<typeof userMetricsResponseSchema>;
/** The seed's APIError; `code` stays a string so clients can add their own (network_error…). */
export type APIError = Omit<z.infer<typeof errorBodySchema>, "code"> & { code: string };
/** GET …/user-metrics/summary/ */
export type UserMetricsSummary = z.infer<typeof userMetricsSummarySchema>;
/** POST …/user-metrics/refresh/ */
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;
/** POST …/sessions/ */
export type IngestResult = z.infer<typeof ingestResultSchema>;
/** POST /api/v2/auth/token/ */
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
