import { isoSeconds } from "@/lib/format";

/** Every error code the API answers with, and its HTTP status. */
export const ERROR_STATUS = {
  authentication_required: 401,
  invalid_token: 401,
  authentication_failed: 401,
  permission_denied: 403,
  csrf_failed: 403,
  insufficient_scope: 403,
  company_not_found: 404,
  invalid_page: 404,
  member_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  refresh_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_error: 400,
  parse_error: 400,
  rate_limit_exceeded: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The extra fields some error bodies carry. */
export type ErrorExtra = {
  company_id?: string;
  errors?: Record<string, string[]>;
  retry_after?: number;
  required_scope?: string;
};

export type ErrorBody = { detail: string; code: ErrorCode } & ErrorExtra & { timestamp: string };

/** The one error type handlers throw; the wrapper turns it into the API's error body. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: ErrorExtra = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
  }

  body(now = new Date()): ErrorBody {
    return { detail: this.detail, code: this.code, ...this.extra, timestamp: isoSeconds(now) };
  }
}

export const MESSAGES = {
  authenticationRequired: "Authentication credentials were not provided.",
  invalidToken: "Given token not valid for any token type.",
  permissionDenied: "You do not have permission to access this company's user metrics.",
  companyNotFound: "Company not found or you don't have access to it.",
  invalidPage: "Invalid page.",
  memberNotFound: "Member not found: this user is not a member of the company.",
  invalidQuery: "Invalid query parameters.",
  internal:
    "An unexpected error occurred. It has been logged; quote the X-Request-Id header when reporting it.",
  unavailable: "The service is temporarily unavailable. Try again shortly.",
} as const;

export const rateLimitDetail = (seconds: number) => `Rate limit exceeded. Try again in ${seconds} seconds.`;
