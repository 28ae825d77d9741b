/**
 * npm run test:bruno — the Bruno collection (bruno/) run by the Bruno CLI against the production
 * build on a fresh PostgreSQL database with the demo data (its own database and Redis number).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { flushRedis, freshDemoDatabase } from "./lib/fresh-stores";
import { ensureBuild, startServer } from "./lib/next-server";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BRUNO_REDIS_URL ?? "redis://127.0.0.1:6379/10";

async function main() {
  ensureBuild();
  const databaseUrl = await freshDemoDatabase(ADMIN_URL, "user_metrics_bruno");
  await flushRedis(REDIS_URL);
  const server = await startServer(
    { DATABASE_URL: databaseUrl, REDIS_URL, AUTH_SECRET: "bruno-secret-bruno-secret-bruno-secret-0123" },
    "bruno server",
  );
  try {
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, "node_modules/@usebruno/cli/bin/bru.js"),
        "run",
        "-r",
        "--env",
        "local",
        "--env-var",
        `baseUrl=${server.url}`,
        "--reporter-junit",
        "../test-results/bruno.xml",
      ],
      { cwd: path.join(root, "bruno"), stdio: "inherit" },
    );
    process.exitCode = result.status ?? 1;
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
