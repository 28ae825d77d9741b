import "server-only";
import { Ratelimit } from "@upstash/ratelimit";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store";

export type RateLimitState = {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the current window ends. */
  reset: number;
  success: boolean;
  /** True when the store could not be reached and the request was let through. */
  degraded?: boolean;
};

type Limiters = { company: Ratelimit; loginAccount: Ratelimit; loginAddress: Ratelimit };

export const LOGIN_FAILURES = { perAccount: 10, perAddress: 50, window: "15 m" } as const;

// Created once per process: the blocked-caller cache only works on a long-lived instance.
const globalForLimits = globalThis as unknown as { __userMetricsLimiters?: Limiters };

function limiters(): Limiters {
  if (!globalForLimits.__userMetricsLimiters) {
    const redis = getStore().ratelimitRedis;
    const common = {
      redis,
      timeout: 1000,
      analytics: false,
      ephemeralCache: env.NODE_ENV === "test" ? (false as const) : undefined,
    };
    globalForLimits.__userMetricsLimiters = {
      company: new Ratelimit({
        ...common,
        prefix: "um:rl:company",
        limiter: Ratelimit.slidingWindow(env.RATE_LIMIT_PER_MINUTE, "1 m"),
      }),
      loginAccount: new Ratelimit({
        ...common,
        prefix: "um:rl:login-account",
        limiter: Ratelimit.slidingWindow(LOGIN_FAILURES.perAccount, LOGIN_FAILURES.window),
      }),
      loginAddress: new Ratelimit({
        ...common,
        prefix: "um:rl:login-address",
        limiter: Ratelimit.slidingWindow(LOGIN_FAILURES.perAddress, LOGIN_FAILURES.window),
      }),
    };
  }
  return globalForLimits.__userMetricsLimiters;
}

const WINDOW_MS = 60_000;

/**
 * Counts one request against a company's sliding window (100/min by default). If the store is
 * unreachable the request is let through (fail open) and a warning logged: losing rate limiting
 * for a moment is better than refusing every tenant.
 */
export async function limitCompany(companyId: string): Promise<RateLimitState> {
  const limit = env.RATE_LIMIT_PER_MINUTE;
  try {
    const r = await limiters().company.limit(companyId);
    if (r.reason === "timeout")
      return { limit, remaining: limit, reset: Date.now() + WINDOW_MS, success: true, degraded: true };
    return { limit: r.limit, remaining: r.remaining, reset: r.reset, success: r.success };
  } catch (error) {
    console.warn(`[user-metrics] rate limit store unavailable, failing open: ${(error as Error).message}`);
    return { limit, remaining: limit, reset: Date.now() + WINDOW_MS, success: true, degraded: true };
  }
}

/** The limit's policy with nothing counted: for responses refused before the limiter. */
export function policyState(now = Date.now()): RateLimitState {
  const limit = env.RATE_LIMIT_PER_MINUTE;
  return { limit, remaining: limit, reset: (Math.floor(now / WINDOW_MS) + 1) * WINDOW_MS, success: true };
}

export function rateLimitHeaders(state: RateLimitState, now = Date.now()): Record<string, string> {
  const remaining = Math.max(0, state.remaining);
  const secondsLeft = Math.max(0, Math.ceil((state.reset - now) / 1000));
  return {
    "X-RateLimit-Limit": String(state.limit),
    "X-RateLimit-Remaining": String(remaining),
    "X-RateLimit-Reset": String(Math.ceil(state.reset / 1000)),
    // The IETF fields (draft-ietf-httpapi-ratelimit-headers): quota per 60 s window, and what is left.
    "RateLimit-Policy": `"company";q=${state.limit};w=60`,
    RateLimit: `"company";r=${remaining};t=${secondsLeft}`,
  };
}

/** Seconds to wait before the window lets a request through again; at least 1. */
export function retryAfterSeconds(resetMs: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((resetMs - now) / 1000));
}

/** Failed sign-ins, per account and per client address. Successful sign-ins are never counted. */
export const loginFailures = {
  async blocked(email: string, address: string): Promise<number | null> {
    try {
      const [account, client] = await Promise.all([
        limiters().loginAccount.getRemaining(email),
        limiters().loginAddress.getRemaining(address),
      ]);
      const waits = [account, client].filter((r) => r.remaining <= 0).map((r) => retryAfterSeconds(r.reset));
      return waits.length ? Math.max(...waits) : null;
    } catch (error) {
      console.warn(`[user-metrics] login limiter unavailable: ${(error as Error).message}`);
      return null;
    }
  },
  async record(email: string, address: string): Promise<void> {
    try {
      await Promise.all([limiters().loginAccount.limit(email), limiters().loginAddress.limit(address)]);
    } catch (error) {
      console.warn(`[user-metrics] login limiter unavailable: ${(error as Error).message}`);
    }
  },
};
