import { describe, expect, it } from "vitest";
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

  it("checks URLs and pairs", () => {
    expect(() => parseEnv({ REDIS_URL: "http://nope" })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: "https://x.upstash.io" })).toThrow(/set together/);
    expect(parseEnv({ DATABASE_URL: "", REDIS_URL: "" }).mode).toBe("embedded");
  });
});
