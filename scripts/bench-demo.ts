/**
 * npm run bench:demo — the list endpoint's latency on the demo data, uncached and cached, and refresh times.
 *
 * Builds if needed, starts the production server on a fresh PostgreSQL database with the demo data
 * (and Redis), then sends requests one at a time: distinct parameters for the uncached figures
 * (every response must say X-Cache: MISS) and one repeated URL for the cached ones (HIT).
 * Then times POST …/user-metrics/refresh/ for the demo company (5 runs) and, on PostgreSQL, for a
 * generated company of --refresh-sessions N raw sessions (default 1,000,000) over 10,000 members,
 * built with set-based SQL (generate_series), not row by row.
 * Prints a table and writes bench-results/list-latency*.json.
 *
 * Options: --requests N (per series, default 300)  --embedded (PGlite + in-process store instead)
 *          --refresh-sessions N (0 skips the large refresh)
 * Environment: BENCH_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 *              BENCH_REDIS_URL (default redis://127.0.0.1:6379/14),
 *              BENCH_DB_NAME (default user_metrics_bench: the database it recreates).
 * The bench raises RATE_LIMIT_PER_MINUTE for its server so the limiter does not cap the measurement.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { DEMO } from "@/db/seed/demo-data";
import { generateCompany } from "./bench/generate";
import { ensureBuild, startServer } from "./lib/next-server";
import { signFor } from "./lib/sign";
import { freshDemoDatabase, flushRedis } from "./lib/fresh-stores";
import { numberOption } from "./lib/args";
import { summarize as latencies } from "./lib/stats";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string" },
    embedded: { type: "boolean", default: false },
    "refresh-sessions": { type: "string" },
  },
});
const REQUESTS = numberOption(args.requests, "requests", 300);
const EMBEDDED = args.embedded;
const REFRESH_SESSIONS = numberOption(args["refresh-sessions"], "refresh-sessions", 1_000_000);
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/14";
const DB_NAME = process.env.BENCH_DB_NAME ?? "user_metrics_bench";
const BENCH_SECRET = "bench-secret-bench-secret-bench-secret-0123";

const summarize = (series: string, ms: number[]) => ({ series, ...latencies(ms) });

async function prepareServer(): Promise<{ env: Record<string, string>; cleanup: () => void }> {
  const common = { RATE_LIMIT_PER_MINUTE: "1000000", AUTH_SECRET: BENCH_SECRET };
  if (EMBEDDED) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "um-bench-"));
    return {
      env: { ...common, PGLITE_DIR: path.join(dir, "pglite") },
      cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = await freshDemoDatabase(ADMIN_URL, DB_NAME);
  await flushRedis(REDIS_URL);
  return { env: { ...common, DATABASE_URL: url, REDIS_URL }, cleanup: () => {} };
}

async function main() {
  ensureBuild();
  const { env, cleanup } = await prepareServer();
  const server = await startServer(env, "bench server");
  try {
    const tokenRes = await fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "jane.smith@acme.test", password: DEMO.password }),
    });
    const { access } = (await tokenRes.json()) as { access: string };
    const base = `${server.url}/api/v2/companies/${DEMO.acmeId}/user-metrics/`;
    const get = async (query: string, expectCache: "HIT" | "MISS") => {
      const started = performance.now();
      const res = await fetch(`${base}?${query}`, { headers: { Authorization: `Bearer ${access}` } });
      await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 200 || res.headers.get("x-cache") !== expectCache) {
        throw new Error(
          `${query}: ${res.status} X-Cache ${res.headers.get("x-cache")} (expected 200 ${expectCache})`,
        );
      }
      return ms;
    };
    // Warm up the server's code paths and connections (not counted).
    for (let i = 0; i < 20; i++) await get(`page_size=${i + 1}&warm=1&status=pending`, "MISS");

    const orderings = ["-last_active", "last_active", "-total_sessions", "total_sessions"];
    const statuses = ["", "active", "inactive", "pending"];
    const uncached: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const q = `page_size=${(i % 100) + 1}&ordering=${orderings[Math.floor(i / 100) % 4]}&status=${statuses[Math.floor(i / 400) % 4]}`;
      uncached.push(await get(q, "MISS"));
    }
    const cachedQuery = "status=active&page=1&page_size=20";
    await get(cachedQuery, "MISS");
    const cached: number[] = [];
    for (let i = 0; i < REQUESTS; i++) cached.push(await get(cachedQuery, "HIT"));
    const rows = [
      summarize("list uncached (distinct params)", uncached),
      summarize("list cached (X-Cache: HIT)", cached),
    ];

    const refresh = async (companyId: string, token: string) => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v2/companies/${companyId}/user-metrics/refresh/`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { sessions: number; duration_ms: number };
      if (res.status !== 200) throw new Error(`refresh ${companyId}: ${res.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, sessions: body.sessions };
    };
    const demo = [];
    for (let i = 0; i < 5; i++) demo.push(await refresh(DEMO.acmeId, access));
    rows.push(
      summarize(
        `refresh demo company (${demo[0]!.sessions} sessions)`,
        demo.map((r) => r.ms),
      ),
    );

    if (!EMBEDDED && REFRESH_SESSIONS > 0) {
      const sql = postgres(env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      const { companyId, ownerId } = await generateCompany(
        sql,
        10_000,
        REFRESH_SESSIONS,
        `Bench ${REFRESH_SESSIONS}`,
      ).finally(() => sql.end());
      const token = await signFor(BENCH_SECRET, ownerId, "1h");
      const big = [await refresh(companyId, token), await refresh(companyId, token)];
      rows.push(
        summarize(
          `refresh ${REFRESH_SESSIONS} sessions, 10,000 members`,
          big.map((r) => r.ms),
        ),
      );
    }

    const result = {
      when: new Date().toISOString(),
      mode: EMBEDDED ? "embedded (PGlite, in-process store)" : "PostgreSQL + Redis",
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      client: "one sequential client on loopback (fetch), demo data (Acme, 247 members)",
      rows,
    };
    console.table(rows);
    fs.mkdirSync("bench-results", { recursive: true });
    const file = path.join("bench-results", `list-latency${EMBEDDED ? "-embedded" : ""}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    console.info(`${result.mode}; ${result.machine}\nwritten to ${file}`);
  } finally {
    await server.stop();
    cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
