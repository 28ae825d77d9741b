import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";
import { ACME, forgeToken, metricsPath } from "../helpers/api";
import { TEST_DATABASE_URL } from "../helpers/config";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { SERVER_ENV } from "./global-setup";

/** Faults injected while the product runs: its own Redis stopped and restarted, PostgreSQL cut off. */

const JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"; // an Acme admin in the demo data

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A Redis server of the test's own, on its own port, that the test can stop and start again. */
function startRedis(port: number): ChildProcess {
  return spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
}

const metricValue = async (server: RunningServer, name: string) => {
  const text = await (
    await fetch(`${server.url}/api/metrics`, { headers: { Authorization: "Bearer metrics-test-token" } })
  ).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, "gm"))].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
};

describe("Redis stopped mid-run and started again", () => {
  let redis: ChildProcess;
  let port: number;
  let server: RunningServer;
  beforeAll(async () => {
    port = await freePort();
    redis = startRedis(port);
    server = await startServer(
      { ...SERVER_ENV, REDIS_URL: `redis://127.0.0.1:${port}/0` },
      "server on own redis",
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    redis?.kill("SIGKILL");
  });

  it("keeps answering (limit fails open and is counted, cache bypassed) and recovers by itself", async () => {
    const token = await forgeToken(JANE);
    const get = () =>
      fetch(`${server.url}${metricsPath(ACME, "page_size=4&ordering=total_sessions")}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    const health = async () => (await fetch(`${server.url}/api/health`)).status;

    await until(async () => (await health()) === 200, "health with Redis up");
    expect((await get()).headers.get("x-cache")).toBe("MISS");
    expect((await get()).headers.get("x-cache")).toBe("HIT");

    redis.kill("SIGTERM");
    await new Promise((r) => redis.once("exit", r));
    const failuresBefore = await metricValue(server, "rate_limit_store_failures_total");
    for (let i = 0; i < 3; i++) {
      const res = await get();
      expect(res.status).toBe(200);
      expect(res.headers.get("x-cache")).toBe("MISS"); // computed directly: the cache is away
      expect(res.headers.get("x-ratelimit-limit")).toBeTruthy();
    }
    expect(await metricValue(server, "rate_limit_store_failures_total")).toBeGreaterThan(failuresBefore);
    const down = await fetch(`${server.url}/api/health`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { failing: string[] }).failing).toEqual(["store"]);

    redis = startRedis(port); // same port, empty: the product reconnects on its own
    await until(async () => (await health()) === 200, "health after Redis came back");
    await until(async () => (await get()).headers.get("x-cache") === "HIT", "cache hits again");
    const res = await get();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(
      Number(res.headers.get("x-ratelimit-limit")),
    );
  }, 90_000);
});

/** A TCP relay to PostgreSQL that the test can cut (every connection dropped, new ones refused) and restore. */
async function startRelay(port: number) {
  const sockets = new Set<net.Socket>();
  let listener: net.Server | null = null;
  const open = async () => {
    listener = net.createServer((client) => {
      const upstream = net.connect(5432, "127.0.0.1");
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => listener!.listen(port, "127.0.0.1", r));
  };
  await open();
  return {
    cut: async () => {
      await new Promise((r) => {
        listener!.close(r);
        for (const s of sockets) s.destroy();
      });
    },
    restore: open,
  };
}

describe("PostgreSQL unreachable, then back", () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let server: RunningServer;
  beforeAll(async () => {
    const port = await freePort();
    relay = await startRelay(port);
    server = await startServer(
      { ...SERVER_ENV, DATABASE_URL: TEST_DATABASE_URL.replace("127.0.0.1:5432", `127.0.0.1:${port}`) },
      "server through a relay",
    );
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await relay?.cut();
  });

  it("answers 503 service_unavailable with Retry-After, names the database, and resumes without a restart", async () => {
    const token = await forgeToken(JANE);
    const get = () =>
      fetch(`${server.url}${metricsPath(ACME, "page_size=3&status=inactive")}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    expect((await get()).status).toBe(200);

    await relay.cut();
    const res = await get();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: "service_unavailable" });
    expect(Object.keys(body).sort()).toEqual(["code", "detail", "timestamp"]);
    expect(JSON.stringify(body)).not.toMatch(/ECONN|postgres|5432|127\.0\.0\.1/i); // no internals
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { failing: string[] }).failing).toContain("database");

    await relay.restore();
    await until(async () => (await get()).status === 200, "the API after PostgreSQL came back");
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  }, 90_000);
});

describe("a refresh killed halfway", () => {
  const conn = connectTestDb();
  // A server of its own: its pool keeps the killed connection, which postgres.js 3.4 reports on
  // one later query (CONNECTION_CLOSED, answered 503) and logs as an uncaught error (porsager/postgres#1208).
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(SERVER_ENV, "server for the killed refresh");
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await conn.close();
  });
  const post = (path: string, token: string) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });

  it("leaves the previous rollup exactly as it was", async () => {
    const { companyId, members } = await createCompany(conn.db, [
      { role: "admin", sessions: [sessionEndingDaysAgo(1), sessionEndingDaysAgo(3)] },
      { sessions: [sessionEndingDaysAgo(2)] },
      { status: "pending", department: null, sessions: [sessionEndingDaysAgo(5)] },
    ]);
    const snapshot = async () =>
      JSON.stringify([
        await conn.sql`select user_id, status, listed, last_active, total_sessions, total_duration_seconds
                       from member_metrics where company_id = ${companyId} order by user_id`,
        await conn.sql`select * from company_last_active_days where company_id = ${companyId} order by day, status, role, department`,
        await conn.sql`select * from company_daily_metrics where company_id = ${companyId} order by day, status`,
        await conn.sql`select * from company_activity_gaps where company_id = ${companyId} order by day, status, prev_day`,
        await conn.sql`select * from company_member_groups where company_id = ${companyId} order by status, role`,
      ]);
    const before = await snapshot();
    // Hold one row the refresh rewrites last: it deletes the member and day rollups, then waits here.
    const holder = await conn.sql.reserve();
    await holder`begin`;
    await holder`select * from company_member_groups where company_id = ${companyId} for update`;
    const token = await forgeToken(members[0]!.userId);
    const pending = post(`/api/v2/companies/${companyId}/user-metrics/refresh/`, token);
    let pid: number | undefined;
    await until(async () => {
      const [row] = await conn.sql<{ pid: number }[]>`
        select pid from pg_stat_activity
        where wait_event_type = 'Lock' and query like '%um_refresh_company%' and pid <> pg_backend_pid()`;
      pid = row?.pid;
      return pid !== undefined;
    }, "the refresh to block halfway");
    await conn.sql`select pg_terminate_backend(${pid!})`;
    const res = await pending;
    expect(res.status).toBe(503);
    await holder`rollback`;
    holder.release();
    expect(await snapshot()).toBe(before);
    // And the company refreshes normally afterwards.
    await until(
      async () => (await post(`/api/v2/companies/${companyId}/user-metrics/refresh/`, token)).status === 200,
      "a refresh to succeed again",
    );
    expect(await snapshot()).toBe(before);
  }, 60_000);
});
