import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db/client";
import { replicaHealth } from "@/db/replica";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

type Check = { status: "ok" | "fail"; kind: string; latency_ms: number; error?: string };

const TIMEOUT_MS = 2000;

/** Runs a probe with a deadline; the details of a failure go to the log, not to the caller. */
async function timed(name: string, kind: string, probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: "ok", kind, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    console.warn(`[user-metrics] health: ${name} failed: ${(error as Error).message}`);
    const timedOut = (error as Error).message.startsWith("timed out");
    return {
      status: "fail",
      kind,
      latency_ms: Math.round(performance.now() - started),
      error: timedOut ? "timed out" : "unreachable",
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /api/health — PostgreSQL (or PGlite) and Redis (or Upstash, or the in-process store), each
 * with its latency. 200 when all are up; 503 naming what failed. With a read replica, its state
 * (ok, lagging, down) and lag: reads fall back to the primary, so a replica never fails the check.
 */
export async function GET() {
  // Stopping (server.mjs, SIGTERM): out of the balancer first, while requests are still served.
  if ((globalThis as Record<symbol, unknown>)[Symbol.for("user-metrics.draining")])
    return Response.json(
      { status: "draining", failing: [], checks: {} },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  const [database, store] = await Promise.all([
    timed("database", env.mode === "production" ? "postgres" : "pglite", async () => {
      const { db } = await getDbHandle();
      await db.execute(sql`select 1`);
    }),
    timed("store", getStore().kind, () => getStore().ping()),
  ]);
  const failing = Object.entries({ database, store })
    .filter(([, c]) => c.status === "fail")
    .map(([name]) => name);
  const replica = replicaHealth();
  return Response.json(
    {
      status: failing.length ? "fail" : "ok",
      failing,
      checks: { database, store, ...(replica && { replica: { kind: "postgres", ...replica } }) },
    },
    { status: failing.length ? 503 : 200, headers: { "Cache-Control": "no-store" } },
  );
}
