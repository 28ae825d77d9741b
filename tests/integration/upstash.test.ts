import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgeToken, metricsPath } from "../helpers/api";
import { TEST_AUTH_SECRET, TEST_DATABASE_URL, TEST_REDIS_URL } from "../helpers/config";
import { parseEnv } from "@/lib/env";
import { createStore } from "@/lib/store";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { startUpstashShim } from "../helpers/upstash-shim";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";

/** The Upstash back end (UPSTASH_REDIS_REST_URL + _TOKEN) for rate limits and the result cache. */
describe("Upstash REST back end", () => {
  let shim: Awaited<ReturnType<typeof startUpstashShim>>;
  let server: RunningServer;
  const conn = connectTestDb();

  beforeAll(async () => {
    shim = await startUpstashShim("redis://127.0.0.1:6379/13", "upstash-test-token");
    await shim.redis.flushdb();
    server = await startServer(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        AUTH_SECRET: TEST_AUTH_SECRET,
        UPSTASH_REDIS_REST_URL: shim.url,
        UPSTASH_REDIS_REST_TOKEN: "upstash-test-token",
        // Ignored: Upstash wins when both are configured.
        REDIS_URL: "redis://127.0.0.1:6379/12",
      },
      "upstash server",
    );
  });
  afterAll(async () => {
    await server?.stop();
    await shim?.stop();
    await conn.close();
  });

  it("limits and caches through Upstash", async () => {
    const { companyId, members } = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(1)] }]);
    const token = await forgeToken(members[0]!.userId);
    const get = () =>
      fetch(`${server.url}${metricsPath(companyId)}`, { headers: { Authorization: `Bearer ${token}` } });
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("99");
    const second = await get();
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("98");
    expect(await second.json()).toEqual(await first.json());

    expect(shim.commands).toEqual(expect.arrayContaining(["evalsha", "mget", "set"]));
    expect(await shim.redis.keys(`um:rl:company:{${companyId}}:*`)).not.toHaveLength(0);
    expect(await shim.redis.keys(`um:cache:{${companyId}}:*`)).toHaveLength(1);
  });

  it("keeps a write position's greatest value through Upstash and Redis alike (setMax)", async () => {
    for (const config of [
      { UPSTASH_REDIS_REST_URL: shim.url, UPSTASH_REDIS_REST_TOKEN: "upstash-test-token" },
      { REDIS_URL: TEST_REDIS_URL },
    ]) {
      const store = createStore(parseEnv(config));
      const key = `um:test:set-max:${store.kind}`;
      await store.setMax(key, "00000000000000b0", 60);
      await store.setMax(key, "0000000000000100", 60);
      await store.setMax(key, "00000000000000ff", 60);
      expect(await store.get(key), store.kind).toBe("0000000000000100");
    }
  });
});
