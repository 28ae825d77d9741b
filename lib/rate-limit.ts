import "server-only";
import { Ratelimit } from "@upstash/ratelimit";
import { env } from "@/lib/env";
import { getStore, slotOf } from "@/lib/store";

export type RateLimitState = {
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the current window ends. */
  reset: number;
  success: boolean;
  /** True when the store could not be reached and the request was let through. */
  degraded?: boolean;
};

type Limiters = {
  company: Ratelimit;
  signInAccount: Ratelimit;
  signInAddress: Ratelimit;
  refusedAddress: Ratelimit;
};

/** Requests refused before the company limiter (401 and the like) per client address a minute. */
export const REFUSED_PER_ADDRESS = 300;

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
      signInAccount: new Ratelimit({
        ...common,
        prefix: "um:rl:signin-account",
        limiter: Ratelimit.slidingWindow(SIGN_IN_LIMITS.attemptsPerAccount, "1 m"),
      }),
      signInAddress: new Ratelimit({
        ...common,
        prefix: "um:rl:signin-address",
        limiter: Ratelimit.slidingWindow(SIGN_IN_LIMITS.attemptsPerAddress, "1 m"),
      }),
      refusedAddress: new Ratelimit({
        ...common,
        prefix: "um:rl:refused",
        limiter: Ratelimit.slidingWindow(REFUSED_PER_ADDRESS, "1 m"),
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
    const r = await limiters().company.limit(slotOf(companyId));
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

/**
 * Sign-in limits, shared by the token endpoint and the browser's sign-in: password checks are
 * costly by design, so attempts (right or wrong) are counted before any hash is computed.
 */
export const SIGN_IN_LIMITS = {
  /** Attempts per client address a minute: an office behind one address still signs in freely. */
  attemptsPerAddress: 60,
  /** Attempts per account a minute, from anywhere: bounds the hashing one account can cause. */
  attemptsPerAccount: 30,
  /** Failures of one account from one address, and of any account from one address, before delays. */
  freeFailuresPerPair: 5,
  freeFailuresPerAddress: 20,
  /** The first delay; each further failure doubles it, up to the maximum. */
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  /** Failures are forgotten this long after the last one. */
  failureWindowMs: 15 * 60_000,
} as const;

export type SignInGate = { ok: true } | { ok: false; retryAfter: number } | { ok: false; unavailable: true };

/*
 * Growing delays for failures, atomically in the store. KEYS: failure records (hashes n = failures,
 * u = epoch ms before which no attempt is taken). While any record's delay runs, the attempt is
 * refused (and not counted). Otherwise the first record — counted here, before the password is
 * checked, so a burst of concurrent guesses cannot slip past it — and only that one gets n + 1; once
 * n passes its free allowance, its next attempt waits base · 2^(n − free − 1), at most max.
 */
const GATE_SCRIPT = `
local now = tonumber(ARGV[1])
local wait = 0
for i = 1, #KEYS do
  local u = tonumber(redis.call('HGET', KEYS[i], 'u') or '0')
  if u > now and u - now > wait then wait = u - now end
end
if wait > 0 then return wait end
if ARGV[6] == '1' then
  local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  local free = tonumber(ARGV[3])
  if n > free then
    local d = math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ (n - free - 1))
    redis.call('HSET', KEYS[1], 'u', math.floor(now + d))
  end
end
return 0`;

const pairKey = (account: string, address: string) => `um:signin:fail:${slotOf(address)}:${account}`;
const addressKey = (address: string) => `um:signin:fail:${slotOf(address)}`;

async function failureScript(keys: string[], free: number, count: boolean): Promise<number> {
  const L = SIGN_IN_LIMITS;
  const args = [Date.now(), L.failureWindowMs, free, L.baseDelayMs, L.maxDelayMs, count ? "1" : "0"];
  return Number(await getStore().ratelimitRedis.eval(GATE_SCRIPT, keys, args));
}

function unavailable(error: unknown): SignInGate {
  // Fail closed: without the store nothing would stop guessing, so sign-in waits for it.
  console.warn(`[user-metrics] sign-in limiter unavailable, refusing sign-in: ${(error as Error).message}`);
  return { ok: false, unavailable: true };
}

export const signInLimiter = {
  /**
   * Before the password is checked: counts the attempt per address and per account (atomically,
   * in the store) and applies any failure delay of this address, for this account or for all.
   */
  async admit(account: string, address: string): Promise<SignInGate> {
    try {
      const [byAddress, byAccount] = await Promise.all([
        limiters().signInAddress.limit(slotOf(address)),
        limiters().signInAccount.limit(slotOf(account)),
      ]);
      if (byAddress.reason === "timeout" || byAccount.reason === "timeout") throw new Error("store timeout");
      const refused = [byAddress, byAccount].filter((r) => !r.success);
      if (refused.length)
        return { ok: false, retryAfter: Math.max(...refused.map((r) => retryAfterSeconds(r.reset))) };
      const waitMs = await failureScript(
        [pairKey(account, address), addressKey(address)],
        SIGN_IN_LIMITS.freeFailuresPerPair,
        true,
      );
      return waitMs > 0 ? { ok: false, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) } : { ok: true };
    } catch (error) {
      return unavailable(error);
    }
  },
  /** After a wrong password: one more failure of this address over all accounts. */
  async failed(address: string): Promise<void> {
    try {
      await failureScript([addressKey(address)], SIGN_IN_LIMITS.freeFailuresPerAddress, true);
    } catch (error) {
      console.warn(`[user-metrics] sign-in failure not recorded: ${(error as Error).message}`);
    }
  },
  /** After the right password: the proof is given, this address's failures for the account are forgotten. */
  async succeeded(account: string, address: string): Promise<void> {
    try {
      await getStore().ratelimitRedis.eval(
        "return redis.call('DEL', KEYS[1])",
        [pairKey(account, address)],
        [],
      );
    } catch (error) {
      console.warn(`[user-metrics] sign-in success not recorded: ${(error as Error).message}`);
    }
  },
};

/**
 * Counts a request refused before the company limiter (no or bad credentials, an unknown method)
 * against its client address; past the limit the answer is 429 instead. The store away: let it be.
 */
export async function limitRefused(address: string): Promise<RateLimitState | null> {
  try {
    const r = await limiters().refusedAddress.limit(slotOf(address));
    if (r.reason === "timeout") return null;
    return { limit: r.limit, remaining: r.remaining, reset: r.reset, success: r.success };
  } catch {
    return null;
  }
}
