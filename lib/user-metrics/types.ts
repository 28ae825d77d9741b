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
