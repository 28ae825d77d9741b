/** The seed's TypeScript interfaces: the wire format of the v2 API, shared by handlers and hooks. */
import type { Ordering, UserStatus } from "@/lib/validation/user-metrics";

export interface UserMetricsParams {
  date_from?: string;
  date_to?: string;
  status?: UserStatus;
  page?: number;
  page_size?: number;
  ordering?: Ordering;
}

export interface UserMetric {
  user_id: string;
  email: string;
  first_name: string;
  last_name: string;
  last_active: string;
  total_sessions: number;
  sessions_this_month: number;
  avg_session_duration: string;
  status: UserStatus;
  role: string;
  department: string | null;
  created_at: string;
  last_login: string;
}

export interface UserMetricsResponse {
  count: number;
  next: string | null;
  previous: string | null;
  results: UserMetric[];
}

export interface APIError {
  detail: string;
  code: string;
  timestamp: string;
  company_id?: string;
  errors?: Record<string, string[]>;
  retry_after?: number;
}

/** GET …/user-metrics/summary/ */
export interface UserMetricsSummary {
  company_id: string;
  /** The window actually used (defaults applied). */
  window: { date_from: string; date_to: string; days: number };
  status: UserStatus | null;
  members: {
    total: number;
    by_status: Record<UserStatus, number>;
    by_role: Record<"owner" | "admin" | "member" | "viewer", number>;
    by_department: { department: string | null; members: number }[];
  };
  activity: {
    /** Members whose last_active falls in the window: the list's `count`. */
    listed_members: number;
    /** Members with at least one session started in the window. */
    active_users: number;
    sessions: number;
    avg_session_duration: string;
    avg_session_seconds: number;
  };
  /** One entry per day of the window, zero-filled. */
  daily: {
    date: string;
    active_users: number;
    sessions: number;
    avg_session_duration: string;
    avg_session_seconds: number;
  }[];
}

/** POST …/user-metrics/refresh/ */
export interface RefreshResponse {
  company_id: string;
  members: number;
  daily_rows: number;
  sessions: number;
  duration_ms: number;
  refreshed_at: string;
}
