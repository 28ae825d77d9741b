import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "./env";

describe("configuration", () => {
  it("runs the embedded default with no configuration at all, on a development secret", () => {
    const env = parseEnv({});
    expect(env.mode).toBe("embedded");
    expect(env.usingDevSecret).toBe(true);
    expect(env.RATE_LIMIT_PER_MINUTE).toBe(100);
  });

  it("refuses production (DATABASE_URL) without AUTH_SECRET, or with a short one", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://u@h/db" })).toThrow(/AUTH_SECRET/);
    expect(() => parseEnv({ DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: "short" })).toThrow(
      /at least 32/,
    );
    const env = parseEnv({ DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: "x".repeat(40) });
    expect(env.mode).toBe("production");
    expect(env.usingDevSecret).toBe(false);
  });

  it("refuses a production server (NODE_ENV=production) without AUTH_SECRET, even on the embedded database", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET.*NODE_ENV=production/s);
    expect(() => parseEnv({ NODE_ENV: "production", PGLITE_DIR: "/tmp/x" })).toThrow(/AUTH_SECRET/);
    // `next build` runs with NODE_ENV=production and needs no secret.
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).usingDevSecret).toBe(
      true,
    );
    const env = parseEnv({ NODE_ENV: "production", AUTH_SECRET: "y".repeat(40) });
    expect(env.mode).toBe("embedded");
    expect(env.usingDevSecret).toBe(false);
  });

  it("checks URLs and pairs", () => {
    expect(() => parseEnv({ REDIS_URL: "http://nope" })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: "https://x.upstash.io" })).toThrow(/set together/);
    expect(parseEnv({ DATABASE_URL: "", REDIS_URL: "" }).mode).toBe("embedded");
  });
});

describe("the built-in development secret's warning", () => {
  const flag = globalThis as unknown as { __userMetricsDevSecretWarned?: boolean };
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
    delete flag.__userMetricsDevSecretWarned;
  });

  async function loadEnv(vars: Record<string, string | undefined>) {
    for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
    vi.resetModules();
    delete flag.__userMetricsDevSecretWarned;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { env } = await import("./env");
    return { env, warn };
  }

  it("is given when the secret is first used, once, and not by a process that never uses it", async () => {
    const { env, warn } = await loadEnv({
      NODE_ENV: "development",
      AUTH_SECRET: undefined,
      DATABASE_URL: undefined,
    });
    expect(env.mode).toBe("embedded");
    expect(warn).not.toHaveBeenCalled();
    expect(env.authSecret).toMatch(/development-secret/);
    expect(env.authSecret).toMatch(/development-secret/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/AUTH_SECRET is not set/);
  });

  it("is not given with a secret of one's own", async () => {
    const { env, warn } = await loadEnv({ NODE_ENV: "development", AUTH_SECRET: "z".repeat(40) });
    expect(env.authSecret).toBe("z".repeat(40));
    expect(warn).not.toHaveBeenCalled();
  });
});
