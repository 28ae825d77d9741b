/**
 * The server Playwright runs against: the production build (built first if missing or stale) on a
 * fresh PostgreSQL database with the demo data, and its own Redis database. Started by
 * playwright.config.ts's webServer; stops with it.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuild } from "../scripts/lib/next-server";
import { flushRedis, freshDemoDatabase } from "../scripts/lib/fresh-stores";
import { E2E } from "./config";

async function main() {
  ensureBuild();
  const databaseUrl = await freshDemoDatabase(E2E.pgAdminUrl, E2E.dbName);
  await flushRedis(E2E.redisUrl);
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  const child = spawn(process.execPath, [path.join(root, "server.mjs")], {
    cwd: root,
    stdio: "inherit",
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      PORT: String(E2E.port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: E2E.redisUrl,
      AUTH_SECRET: E2E.authSecret,
      // One person clicking through every filter of the run counts against Acme's one window; the
      // per-company limit itself is the integration tests' (tests/integration), not this run's.
      RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
