import { describe, expect, it } from "vitest";
import RedisMock from "ioredis-mock";
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis as UpstashRedis } from "@upstash/redis";
import type { Redis as IORedis } from "ioredis";
import { createEvalAdapter } from "./eval-adapter";

const limiterOn = (client: IORedis, tokens: number) =>
  new Ratelimit({
    redis: createEvalAdapter(client) as unknown as UpstashRedis,
    limiter: Ratelimit.slidingWindow(tokens, "1 m"),
    ephemeralCache: false,
    prefix: `t${Math.random()}`,
  });

describe("the @upstash/ratelimit adapter over ioredis", () => {
  it("runs the real sliding-window script: counts down, then refuses", async () => {
    const limiter = limiterOn(new RedisMock() as unknown as IORedis, 3);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit("company-a"));
    expect(results.map((r) => [r.success, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(results[3]!.reset).toBeGreaterThan(Date.now());
    expect((await limiter.limit("company-b")).success).toBe(true);
    expect((await limiter.getRemaining("company-a")).remaining).toBe(0);
  });

  it("strips the shebang Redis 7.0 rejects, and answers NOSCRIPT for a hash it has not seen", async () => {
    const calls: string[] = [];
    const fake = {
      evalsha: async () => {
        calls.push("evalsha");
        throw new Error("NOSCRIPT No matching script");
      },
      eval: async (script: string) => {
        calls.push(script);
        return [1, 2];
      },
    } as unknown as IORedis;
    const adapter = createEvalAdapter(fake);
    await expect(adapter.evalsha("abc", [], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await adapter.eval("#!lua flags=allow-key-locking\nreturn 1", ["k"], [1, null])).toEqual([1, 2]);
    expect(calls).toEqual(["evalsha", "return 1"]);
  });
});
