/**
 * The hooks' retry rules for React Query, as pure functions (`retry` and `retryDelay` options).
 *
 * React Query calls both with the number of failures *before* this one (0 after the first
 * failure), so a 500 is tried 4 times in all, waiting 1 s, 2 s and 4 s between attempts.
 */

/**
 * Statuses whose answer will not change on retry. 400, 401 and 403 come from the original API document; 404 is our
 * deliberate extension: an unknown or deleted company (`company_not_found`), a page past the
 * last (`invalid_page`) or someone who is not a member (`member_not_found`) stays so, and retrying only delays the error page by 7 seconds.
 */
export const NON_RETRYABLE_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404]);

export const MAX_RETRIES = 3;
export const MAX_RETRY_DELAY_MS = 30_000;

/** Whether asking again can give another answer: the hooks' retries and the pages' Retry button. */
export function isRetryable(error: unknown): boolean {
  const status = field(error, "status");
  return !(typeof status === "number" && NON_RETRYABLE_STATUSES.has(status));
}

export function shouldRetry(failureCount: number, error: unknown): boolean {
  return isRetryable(error) && failureCount < MAX_RETRIES;
}

/**
 * Exponential backoff from 1 s, capped at 30 s. A 429 says when the window frees up
 * (`retry_after`, seconds); retrying sooner would only be refused again, so wait at least that
 * long, still capped so that a long window does not leave the page spinning for minutes.
 */
export function retryDelay(attemptIndex: number, error?: unknown): number {
  const backoff = Math.min(1000 * 2 ** attemptIndex, MAX_RETRY_DELAY_MS);
  const retryAfter = field(error, "retry_after");
  if (field(error, "status") === 429 && typeof retryAfter === "number" && retryAfter > 0) {
    return Math.min(Math.max(backoff, retryAfter * 1000), MAX_RETRY_DELAY_MS);
  }
  return backoff;
}

/**
 * Read structurally rather than with `instanceof ApiClientError`, so a custom `ApiClient` (or a
 * second copy of the module in another bundle) that throws the same shape gets the same rules.
 */
function field(error: unknown, name: "status" | "retry_after"): unknown {
  return typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}
