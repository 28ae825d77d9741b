import { z } from "zod";

/**
 * The one place configuration is read and validated. Everything else imports `env`.
 * Empty strings count as unset, so a blank line in a .env file does not switch modes.
 */
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .refine(
        (v) => {
          try {
            return protocols.includes(new URL(v).protocol);
          } catch {
            return false;
          }
        },
        `must be a URL starting with ${protocols.join(" or ")}//`,
      )
      .optional(),
  );
const intWithDefault = (dflt: number, min: number, max: number) =>
  z.preprocess((v) => (v === "" || v === undefined ? dflt : Number(v)), z.number().int().min(min).max(max));

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
    /** A streaming replica of DATABASE_URL that reads are served from when it is caught up (db/replica.ts). */
    DATABASE_REPLICA_URL: optionalUrl(["postgres:", "postgresql:"]),
    /** How far (ms) the replica may be behind the primary and still be read from. */
    DATABASE_REPLICA_MAX_LAG_MS: intWithDefault(2000, 0, 600_000),
    REDIS_URL: optionalUrl(["redis:", "rediss:"]),
    /** REDIS_URL names one node of a Redis Cluster (keys used together share a hash tag). */
    REDIS_CLUSTER: z.preprocess((v) => v === "1" || v === "true", z.boolean()),
    UPSTASH_REDIS_REST_URL: optionalUrl(["https:", "http:"]),
    UPSTASH_REDIS_REST_TOKEN: optionalString,
    AUTH_SECRET: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.string().min(32, "must be at least 32 characters").optional(),
    ),
    PGLITE_DIR: z.preprocess((v) => (v === "" || v === undefined ? ".data/pglite" : v), z.string()),
    /** Requests per minute per company on the v2 API (100 by default; the benchmark raises it). */
    RATE_LIMIT_PER_MINUTE: intWithDefault(100, 1, 1_000_000),
    /** Lifetime of access tokens and browser sessions, in seconds. */
    TOKEN_TTL_SECONDS: intWithDefault(3600, 60, 30 * 24 * 3600),
    /** Seconds an export may wait for its client to read the next chunk before it is stopped (its slot and connection freed). */
    EXPORT_IDLE_TIMEOUT_SECONDS: intWithDefault(30, 1, 3600),
    /** How many reverse proxies in front of the app append to X-Forwarded-For (0: none, trust only the socket). */
    TRUST_PROXY_HOPS: intWithDefault(0, 0, 10),
    /** Longest a statement of the API may run (ms); refresh, which rewrites a company, gets its own. */
    STATEMENT_TIMEOUT_MS: intWithDefault(15_000, 100, 3_600_000),
    /** Absolute lifetime of a browser session from sign-in, in seconds; re-issuing never extends it. */
    SESSION_MAX_AGE_SECONDS: intWithDefault(12 * 3600, 60, 30 * 24 * 3600),
    /** Bearer token guarding /api/metrics. Unset: open in development, refused in production. */
    METRICS_TOKEN: optionalString,
    /** Enables /api/bench/bare, the benchmark's floor (never in production)... */
    BENCH_BARE_HANDLER: z.preprocess((v) => v === "1" || v === "true", z.boolean()),
    /** ...for requests whose X-Bench-Token header carries this value (each bench run draws a new one). */
    BENCH_BARE_TOKEN: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.string().min(32, "must be at least 32 characters").optional(),
    ),
    NEXT_PHASE: optionalString,
  })
  .superRefine((e, ctx) => {
    if (!!e.UPSTASH_REDIS_REST_URL !== !!e.UPSTASH_REDIS_REST_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["UPSTASH_REDIS_REST_TOKEN"],
        message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
      });
    }
    if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_REPLICA_URL"],
        message: "needs DATABASE_URL (the primary it replicates)",
      });
    }
    const building = e.NEXT_PHASE === "phase-production-build";
    // A production server (npm start) never signs with the built-in secret, embedded database or
    // not: anyone could forge tokens for the demo's fixed ids. Only `npm run dev` runs without one.
    if ((e.DATABASE_URL || e.NODE_ENV === "production") && !e.AUTH_SECRET && !building) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: `is required ${e.NODE_ENV === "production" ? "when NODE_ENV=production (npm start)" : "when DATABASE_URL is set (production mode)"}; generate one with \`openssl rand -base64 48\``,
      });
    }
  });

export type Env = z.infer<typeof schema> & {
  /** "embedded": PGlite + in-process stores; "production": PostgreSQL (+ Redis or Upstash when set). */
  mode: "embedded" | "production";
  authSecret: string;
  usingDevSecret: boolean;
};

/** Used only in the embedded default, with a warning; never accepted in production mode. */
const DEV_SECRET = "user-metrics-development-secret-do-not-use-in-production";

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = result.data;
  return {
    ...e,
    mode: e.DATABASE_URL ? "production" : "embedded",
    authSecret: e.AUTH_SECRET ?? DEV_SECRET,
    usingDevSecret: !e.AUTH_SECRET,
  };
}

const parsed = parseEnv(process.env);

const warned = globalThis as unknown as { __userMetricsDevSecretWarned?: boolean };

/**
 * This process's configuration. Reading `authSecret` while AUTH_SECRET is unset warns, once per
 * process: on first use rather than on import, so a process that never signs or checks a token
 * (the seed, the test harnesses that start a server with a secret of its own) does not cry wolf.
 */
export const env: Env = Object.defineProperty({ ...parsed }, "authSecret", {
  enumerable: true,
  get() {
    if (
      parsed.usingDevSecret &&
      parsed.NEXT_PHASE !== "phase-production-build" &&
      parsed.NODE_ENV !== "test" &&
      !warned.__userMetricsDevSecretWarned
    ) {
      warned.__userMetricsDevSecretWarned = true;
      console.warn(
        "[user-metrics] WARNING: AUTH_SECRET is not set; signing tokens with the built-in development secret. " +
          "Anyone can forge tokens for this instance. Set AUTH_SECRET before exposing it.",
      );
    }
    return parsed.authSecret;
  },
});
