import { afterEach, describe, expect, it } from "vitest";
import { Ratelimit } from "@upstash/ratelimit";
import { parseEnv } from "@/lib/env";
import { createMemoryClient, createStore } from "./index";

/** What the mock keeps about expiry; `has` reads it without deleting anything. */
type Expires = { has(key: string): boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

describe("the embedded store", () => {
  it("deletes keys whose TTL has passed without anyone reading them", async () => {
    // A database of its own: ioredis-mock shares data between instances with the same host/port/db.
    const memory = createMemoryClient({ intervalMs: 100, mockOptions: { db: 7 } });
    stops.push(memory.stop);
    const store = createStore(parseEnv({}), { memoryClient: memory.client });
    expect(store.kind).toBe("memory");

    // Plain SET EX (the result cache) and PEXPIRE inside a Lua script (the rate limiter's windows).
    for (let i = 0; i < 5; i++) await store.set(`um:cache:test:${i}`, "{}", 1);
    const fixed = new Ratelimit({
      redis: store.ratelimitRedis,
      limiter: Ratelimit.fixedWindow(3, "1 s"),
      ephemeralCache: false,
      prefix: "um:rl:test-fixed",
    });
    const sliding = new Ratelimit({
      redis: store.ratelimitRedis,
      limiter: Ratelimit.slidingWindow(3, "100 ms"),
      ephemeralCache: false,
      prefix: "um:rl:test-sliding",
    });
    for (let i = 0; i < 20; i++) {
      await fixed.limit(`someone-${i}@attacker.test`);
      await sliding.limit(`someone-${i}@attacker.test`);
    }
    await store.incr("um:gen:test"); // no TTL: must stay

    const client = memory.client;
    const expires = (client as unknown as { expires: Expires }).expires;
    const withTtl = (await client.keys("*")).filter((k) => k !== "um:gen:test");
    expect(withTtl.length).toBeGreaterThanOrEqual(45);
    for (const key of withTtl) expect(expires.has(key), key).toBe(true);

    await sleep(2_000);
    // The mock's own KEYS and DBSIZE hide expired keys without deleting them, so look at its
    // expiry table (cleared only when a key is deleted) and at what the sweep still tracks.
    for (const key of withTtl) expect(expires.has(key), key).toBe(false);
    expect(memory.tracked()).toBe(1);
    expect(await client.dbsize()).toBe(1);
    expect(await store.get("um:gen:test")).toBe("1");
  });

  it("checks a bounded number of keys per sweep and resumes where it stopped", async () => {
    const memory = createMemoryClient({ intervalMs: 60_000, batch: 10, mockOptions: { db: 8 } });
    stops.push(memory.stop);
    for (let i = 0; i < 25; i++) await memory.client.set(`k${i}`, "v", "PX", 1);
    await sleep(20);
    expect(memory.sweep()).toBe(10);
    expect(memory.sweep()).toBe(10);
    expect(memory.sweep()).toBe(5);
    expect(memory.tracked()).toBe(0);
  });
});

describe("setMax", () => {
  it("keeps the greatest value (fixed-width strings), in one step, with its TTL", async () => {
    const memory = createMemoryClient({ mockOptions: { db: 9 } });
    stops.push(memory.stop);
    const store = createStore(parseEnv({}), { memoryClient: memory.client });
    await store.setMax("um:test:max", "0000000000000010", 60);
    await store.setMax("um:test:max", "000000000000000f", 60); // smaller: kept out
    expect(await store.get("um:test:max")).toBe("0000000000000010");
    await store.setMax("um:test:max", "00000000000000a0", 1);
    expect(await store.get("um:test:max")).toBe("00000000000000a0");
    await sleep(1100);
    expect(await store.get("um:test:max")).toBeNull();
  });
});
