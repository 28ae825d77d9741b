import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOfQuietMinute } from "../helpers/db";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";

/** The embedded database and store: no DATABASE_URL, no REDIS_URL (a production server still needs AUTH_SECRET). */
describe("embedded default (PGlite + in-process store)", () => {
  let server: RunningServer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "um-embedded-"));
  const ACME = "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a";

  beforeAll(async () => {
    server = await startServer(
      { PGLITE_DIR: path.join(dir, "pglite"), AUTH_SECRET: "embedded-test-secret-0123456789abcdefghij" },
      "embedded server",
    );
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to start in production without AUTH_SECRET, rather than sign with the built-in secret", async () => {
    const other = path.join(dir, "no-secret");
    await expect(startServer({ PGLITE_DIR: other }, "server without a secret")).rejects.toThrow(
      /refusing to start[\s\S]*AUTH_SECRET/,
    );
    // It stopped before opening (and so creating or seeding) the database.
    expect(fs.existsSync(path.join(other, "PG_VERSION"))).toBe(false);
  });

  it("migrates and seeds itself on first start", () => {
    expect(server.logs()).toMatch(/seeded with demo data/);
    expect(server.logs()).toMatch(/database ready \(pglite\)/);
  });

  it("serves the README's curl example: a token for Jane, then Acme's active members", async () => {
    const tokenRes = await fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "jane.smith@acme.test", password: "demo-password" }),
    });
    expect(tokenRes.status).toBe(200);
    const { access } = (await tokenRes.json()) as { access: string };
    const url = `${server.url}/api/v2/companies/${ACME}/user-metrics/?status=active&page=1&page_size=10`;
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${access}`, "Content-Type": "application/json" },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number; results: unknown[]; next: string };
    expect(body.count).toBeGreaterThanOrEqual(50);
    expect(body.results).toHaveLength(10);
    expect(body.next).toContain("page=2");
    expect(res.headers.get("x-cache")).toBe("MISS");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("99");

    const again = await fetch(url, { headers: { Authorization: `Bearer ${access}` } });
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(again.headers.get("x-ratelimit-remaining")).toBe("98");

    const denied = await fetch(`${server.url}/api/v2/companies/${ACME}/user-metrics/`);
    expect(denied.status).toBe(401);
  });

  it("applies the same sliding-window limit in process", async () => {
    const tokenRes = await fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "admin@globex.test", password: "demo-password" }),
    });
    const { access } = (await tokenRes.json()) as { access: string };
    const url = `${server.url}/api/v2/companies/3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34/user-metrics/`;
    await startOfQuietMinute(30);
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++)
      statuses.push(
        (await fetch(`${url}?page_size=${(i % 90) + 1}`, { headers: { Authorization: `Bearer ${access}` } }))
          .status,
      );
    expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
    expect(statuses[100]).toBe(429);
  });

  it("ignores X-Forwarded-For from clients when no proxy is trusted (TRUST_PROXY_HOPS=0)", async () => {
    // 21 failures from one socket under 21 made-up addresses still use up that socket's free failures.
    for (let i = 0; i < 21; i++) {
      const res = await fetch(`${server.url}/api/v2/auth/token/`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i}` },
        body: JSON.stringify({ email: `spray-${i}@example.test`, password: "x" }),
      });
      expect(res.status).toBe(401);
    }
    const blocked = await fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": "198.51.100.200" },
      body: JSON.stringify({ email: "jane.smith@acme.test", password: "demo-password" }),
    });
    expect(blocked.status).toBe(429);
  });

  it("refuses a second process on the same data directory", async () => {
    await expect(
      startServer(
        { PGLITE_DIR: path.join(dir, "pglite"), AUTH_SECRET: "embedded-test-secret-0123456789abcdefghij" },
        "second embedded server",
      ),
    ).rejects.toThrow(/in use by process/);
  });
});
