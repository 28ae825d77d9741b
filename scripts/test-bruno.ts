/**
 * npm run test:bruno — the Bruno collection (bruno/) run by the Bruno CLI against the production
 * build on a fresh PostgreSQL database with the demo data (its own database and Redis number:
 * BRUNO_DB_NAME and BRUNO_REDIS_URL; the server takes a free port).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { flushRedis, freshDemoDatabase } from "./lib/fresh-stores";
import { ensureBuild, startServer } from "./lib/next-server";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BRUNO_REDIS_URL ?? "redis://127.0.0.1:6379/10";
/** Its own database, by default `user_metrics_bruno`; another name lets two runs go side by side. */
const DB_NAME = process.env.BRUNO_DB_NAME ?? "user_metrics_bruno";

async function main() {
  ensureBuild();
  const databaseUrl = await freshDemoDatabase(ADMIN_URL, DB_NAME);
  await flushRedis(REDIS_URL);
  const server = await startServer(
    { DATABASE_URL: databaseUrl, REDIS_URL, AUTH_SECRET: "bruno-secret-bruno-secret-bruno-secret-0123" },
    "bruno server",
  );
  try {
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
    // The CLI refuses to write its report into a directory that is not there (exit 2, all passed).
    fs.mkdirSync(path.join(root, "test-results"), { recursive: true });
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
