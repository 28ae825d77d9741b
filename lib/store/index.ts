import "server-only";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Cluster, Redis as IORedis, type RedisOptions } from "ioredis";
import RedisMock from "ioredis-mock";
import { env, type Env } from "@/lib/env";
import { createEvalAdapter } from "./eval-adapter";

/**
 * The shared key-value store behind rate limits and the result cache, chosen once from configuration:
 * Upstash REST, a self-hosted Redis (REDIS_URL), or an in-process store (ioredis-mock, which runs the
 * same Lua scripts) for the embedded default. With Redis, every instance sees the same limits and cache.
 */
export type Store = {
  kind: "upstash" | "redis" | "redis-cluster" | "memory";
  /** What @upstash/ratelimit talks to. */
  ratelimitRedis: UpstashRedis;
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip. */
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  incr(key: string): Promise<number>;
  /** Sets the key to `value` unless it already holds a greater one (compared as strings), in one step. */
  setMax(key: string, value: string, ttlSeconds: number): Promise<void>;
  ping(): Promise<void>;
};

/** KEYS[1] := ARGV[1] (TTL ARGV[2] s) unless it holds a greater string; `>` on strings is byte order in Redis's Lua. */
const SET_MAX = `local cur = redis.call('GET', KEYS[1])
if cur and cur >= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1`;

/**
 * A Redis Cluster hash tag: the keys one command uses together (a company's cache generation and
 * entry, a sliding window's two buckets, an address's failure records) carry the same one, so they
 * live in one slot and the command is never refused as cross-slot.
 */
export const slotOf = (id: string) => `{${id}}`;

const globalForStore = globalThis as unknown as { __userMetricsStore?: Store };

export function getStore(): Store {
  globalForStore.__userMetricsStore ??= createStore();
  return globalForStore.__userMetricsStore;
}

/** The parts of ioredis-mock's internals the sweep uses (src/data.js, src/expires.js). */
type MockInternals = {
  data: { has(key: string): boolean };
  context: { modifiedKeyEvents: NodeJS.EventEmitter };
};

/**
 * An in-process Redis (ioredis-mock) whose keys with a TTL are deleted on time. The mock only drops
 * an expired key when it is read, and its KEYS/SCAN/DBSIZE hide expired keys without deleting them,
 * so rate-limit windows and cache entries for keys nobody asks for again (attacker-chosen emails,
 * one-off filters) would pile up forever. Every key the mock writes is tracked through its
 * modified-key events; an unref'd timer checks at most `batch` tracked keys per tick (a check on
 * an expired key deletes it) and resumes where it stopped.
 */
export function createMemoryClient({
  intervalMs = 1000,
  batch = 10_000,
  mockOptions = {},
}: { intervalMs?: number; batch?: number; mockOptions?: Record<string, unknown> } = {}) {
  const client = new RedisMock(mockOptions) as unknown as IORedis;
  const internals = client as unknown as MockInternals;
  const tracked = new Set<string>();
  internals.context.modifiedKeyEvents.on("modified", (key: string) => tracked.add(key));
  let cursor: Iterator<string> | null = null;
  const sweep = () => {
    let removed = 0;
    for (let checked = 0; checked < batch && tracked.size > 0; checked++) {
      cursor ??= tracked.values();
      const next = cursor.next();
      if (next.done) {
        cursor = null;
        break;
      }
      // `has` deletes the key first if it has expired.
      if (!internals.data.has(next.value)) {
        tracked.delete(next.value);
        removed++;
      }
    }
    return removed;
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return { client, sweep, tracked: () => tracked.size, stop: () => clearInterval(timer) };
}

/** The store for a configuration; `memoryClient` replaces the embedded store's own client (tests). */
export function createStore(config: Env = env, { memoryClient }: { memoryClient?: IORedis } = {}): Store {
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) {
    // Values are our own JSON strings: keep them as strings rather than letting the client parse them.
    const redis = new UpstashRedis({
      url: config.UPSTASH_REDIS_REST_URL,
      token: config.UPSTASH_REDIS_REST_TOKEN,
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
      setMax: async (key, value, ttl) => {
        await redis.eval(SET_MAX, [key], [value, String(ttl)]);
      },
      ping: async () => {
        await redis.ping();
      },
    };
  }
  let client: IORedis | Cluster;
  if (config.REDIS_URL) {
    const options = {
      // Fail fast when Redis is away instead of queueing requests behind it.
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      retryStrategy: (times: number) => Math.min(times * 200, 2000),
    };
    // Commands issued by concurrent requests in the same tick share one write to the socket.
    client = config.REDIS_CLUSTER
      ? clusterClient(config.REDIS_URL, options)
      : new IORedis(config.REDIS_URL, { ...options, enableAutoPipelining: true });
    client.on("error", (error) => console.warn(`[user-metrics] redis: ${error.message}`));
  } else {
    client = memoryClient ?? createMemoryClient().client;
  }
  return {
    kind: config.REDIS_URL ? (config.REDIS_CLUSTER ? "redis-cluster" : "redis") : "memory",
    ratelimitRedis: createEvalAdapter(client) as unknown as UpstashRedis,
    get: (key) => client.get(key),
    mget: (keys) => client.mget(...keys),
    set: async (key, value, ttl) => {
      await client.set(key, value, "EX", ttl);
    },
    incr: (key) => client.incr(key),
    setMax: async (key, value, ttl) => {
      await client.eval(SET_MAX, 1, key, value, String(ttl));
    },
    ping: async () => {
      await client.ping();
    },
  };
}

/**
 * A Redis Cluster (REDIS_CLUSTER=1) from one of its nodes' URL: the client learns the others and
 * the slots from it. Credentials and TLS of the URL hold for every node; a cluster has database 0 only.
 */
function clusterClient(url: string, options: RedisOptions): Cluster {
  const node = new URL(url);
  return new Cluster([{ host: node.hostname, port: Number(node.port || 6379) }], {
    enableAutoPipelining: true,
    clusterRetryStrategy: options.retryStrategy,
    redisOptions: {
      ...options,
      username: node.username ? decodeURIComponent(node.username) : undefined,
      password: node.password ? decodeURIComponent(node.password) : undefined,
      tls: node.protocol === "rediss:" ? {} : undefined,
    },
  });
}
