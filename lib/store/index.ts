import "server-only";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis as IORedis } from "ioredis";
import RedisMock from "ioredis-mock";
import { env } from "@/lib/env";
import { createEvalAdapter } from "./eval-adapter";

/**
 * The shared key-value store behind rate limits and the result cache, chosen once from configuration:
 * Upstash REST, a self-hosted Redis (REDIS_URL), or an in-process store (ioredis-mock, which runs the
 * same Lua scripts) for the embedded default. With Redis, every instance sees the same limits and cache.
 */
export type Store = {
  kind: "upstash" | "redis" | "memory";
  /** What @upstash/ratelimit talks to. */
  ratelimitRedis: UpstashRedis;
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip. */
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  incr(key: string): Promise<number>;
  ping(): Promise<void>;
};

const globalForStore = globalThis as unknown as { __userMetricsStore?: Store };

export function getStore(): Store {
  globalForStore.__userMetricsStore ??= createStore();
  return globalForStore.__userMetricsStore;
}

function createStore(): Store {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    // Values are our own JSON strings: keep them as strings rather than letting the client parse them.
    const redis = new UpstashRedis({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      automaticDeserialization: false,
      retry: { retries: 1, backoff: () => 50 },
    });
    return {
      kind: "upstash",
      ratelimitRedis: redis,
      get: (key) => redis.get<string>(key),
      mget: (keys) => redis.mget<(string | null)[]>(...keys),
      set: async (key, value, ttl) => {
        await redis.set(key, value, { ex: ttl });
      },
      incr: (key) => redis.incr(key),
      ping: async () => {
        await redis.ping();
      },
    };
  }
  let client: IORedis;
  if (env.REDIS_URL) {
    client = new IORedis(env.REDIS_URL, {
      // Fail fast when Redis is away instead of queueing requests behind it.
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      // Commands issued by concurrent requests in the same tick share one write to the socket.
      enableAutoPipelining: true,
    });
    client.on("error", (error) => console.warn(`[user-metrics] redis: ${error.message}`));
  } else {
    client = new RedisMock() as unknown as IORedis;
  }
  return {
    kind: env.REDIS_URL ? "redis" : "memory",
    ratelimitRedis: createEvalAdapter(client) as unknown as UpstashRedis,
    get: (key) => client.get(key),
    mget: (keys) => client.mget(...keys),
    set: async (key, value, ttl) => {
      await client.set(key, value, "EX", ttl);
    },
    incr: (key) => client.incr(key),
    ping: async () => {
      await client.ping();
    },
  };
}
