// @vitest-environment node
// Pure functions: no DOM needed, so skip the cost of a jsdom environment.
import { describe, expect, it } from "vitest";
import { ApiClientError } from "@/lib/api-client";
import { retryDelay, shouldRetry } from "./retry";

const error = (status: number, retry_after?: number) =>
  new ApiClientError(status, {
    detail: "x",
    code: "x",
    timestamp: "2025-07-13T15:30:00Z",
    ...(retry_after === undefined ? {} : { retry_after }),
  });

describe("shouldRetry", () => {
  it.each([400, 401, 403, 404])("never retries a %i: the answer will not change", (status) => {
    expect(shouldRetry(0, error(status))).toBe(false);
  });

  it.each([0, 429, 500, 502, 503])("retries a %i up to 3 times", (status) => {
    expect([0, 1, 2, 3, 4].map((n) => shouldRetry(n, error(status)))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it("applies the same rules to any error with that shape, and retries unknown errors", () => {
    expect(shouldRetry(0, { status: 401 })).toBe(false);
    expect(shouldRetry(0, new TypeError("boom"))).toBe(true);
    expect(shouldRetry(3, new TypeError("boom"))).toBe(false);
  });
});

describe("retryDelay", () => {
  it("doubles from 1 s and caps at 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => retryDelay(n))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(retryDelay(2, error(500, 20))).toBe(4000);
  });

  it("waits at least retry_after on a 429, still capped at 30 s", () => {
    expect(retryDelay(0, error(429, 5))).toBe(5000);
    expect(retryDelay(0, error(429, 60))).toBe(30000);
    // The backoff is already longer than retry_after: keep the backoff.
    expect(retryDelay(3, error(429, 2))).toBe(8000);
    expect(retryDelay(1, error(429))).toBe(2000);
  });
});
