import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgeToken, metricsPath } from "../helpers/api";
import { TEST_AUTH_SECRET, TEST_DATABASE_URL } from "../helpers/config";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { freePort, startServer, type RunningServer } from "../../scripts/lib/next-server";

/**
 * A Redis Cluster (REDIS_CLUSTER=1) as the shared store: three masters of our own on loopback, the
 * slots spread over them. Every command that uses several keys (the cache's generation and entry,
 * the sliding windows' two buckets, the sign-in failure records) must find them in one slot.
 */
describe("a Redis Cluster as the store", () => {
  const nodes: ChildProcess[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "um-redis-cluster-"));
  let server: RunningServer;
  const conn = connectTestDb();

  beforeAll(async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      const node = spawn(
        "redis-server",
        [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          path.join(dir, `nodes-${port}.conf`),
          "--dir",
          dir,
          "--save",
          "",
          "--appendonly",
          "no",
        ],
        { stdio: "ignore" },
      );
      nodes.push(node);
    }
    const ping = (port: number) =>
      spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout;
    for (const port of ports)
      for (let i = 0; i < 50 && !ping(port).includes("PONG"); i++)
        await new Promise((r) => setTimeout(r, 100));
    const made = spawnSync(
      "redis-cli",
      [
        "--cluster",
        "create",
        ...ports.map((p) => `127.0.0.1:${p}`),
        "--cluster-replicas",
        "0",
        "--cluster-yes",
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    expect(made.status, made.stdout + made.stderr).toBe(0);
    for (let i = 0; i < 100; i++) {
      const info = spawnSync("redis-cli", ["-p", String(ports[0]), "cluster", "info"], {
        encoding: "utf8",
      }).stdout;
      if (info.includes("cluster_state:ok")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    server = await startServer(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        AUTH_SECRET: TEST_AUTH_SECRET,
        REDIS_URL: `redis://127.0.0.1:${ports[1]}`,
        REDIS_CLUSTER: "1",
        METRICS_TOKEN: "cluster-store-token",
      },
      "server on a Redis Cluster",
    );
  });
  afterAll(async () => {
    await server?.stop();
    for (const node of nodes) node.kill("SIGKILL");
    await conn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("caches, retires, limits and gates sign-in through it", async () => {
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
      checks: { store: { status: string; kind: string } };
    };
    expect(health.checks.store).toMatchObject({ status: "ok", kind: "redis-cluster" });

    const { companyId, members } = await createCompany(conn.db, [
      { role: "owner", sessions: [sessionEndingDaysAgo(1)] },
    ]);
    const token = await forgeToken(members[0]!.userId);
    const get = () =>
      fetch(`${server.url}${metricsPath(companyId)}`, { headers: { Authorization: `Bearer ${token}` } });
    const first = await get();
    expect(first.status).toBe(200);
    expect([first.headers.get("x-cache"), first.headers.get("x-ratelimit-remaining")]).toEqual([
      "MISS",
      "99",
    ]);
    const second = await get();
    expect([second.headers.get("x-cache"), second.headers.get("x-ratelimit-remaining")]).toEqual([
      "HIT",
      "98",
    ]);
    const refresh = await fetch(`${server.url}/api/v2/companies/${companyId}/user-metrics/refresh/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(refresh.status).toBe(200);
    expect((await get()).headers.get("x-cache")).toBe("MISS");

    // Sign-in's windows and failure records (fail closed: a cross-slot refusal would be a 503).
    const signIn = (password: string) =>
      fetch(`${server.url}/api/v2/auth/token/`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "john.doe@acme.test", password }),
      }).then((r) => r.status);
    expect(await signIn("wrong-password")).toBe(401);
    expect(await signIn("demo-password")).toBe(200);

    // Nothing fell back to computing without the store.
    const text = await (
      await fetch(`${server.url}/api/metrics`, { headers: { Authorization: "Bearer cluster-store-token" } })
    ).text();
    expect(text).not.toMatch(/cache_requests_total\{[^}]*result="bypass"[^}]*\} [1-9]/);
    expect(text).not.toMatch(/rate_limit_store_failures_total [1-9]/);
  });
});
