import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

type Check = { status: "ok" | "fail"; kind: string; latency_ms: number; error?: string };

async function timed(kind: string, probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 2000 ms")), 2000)),
    ]);
    return { status: "ok", kind, latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return {
      status: "fail",
      kind,
      latency_ms: Math.round(performance.now() - started),
      error: (error as Error).message.split("\n")[0]!.slice(0, 200),
    };
  }
}

/**
 * GET /api/health — PostgreSQL (or PGlite) and Redis (or Upstash, or the in-process store), each
 * with its latency. 200 when all are up; 503 naming what failed.
 */
export async function GET() {
  const store = getStore();
  const [database, cache] = await Promise.all([
    timed(env.mode === "production" ? "postgres" : "pglite", async () => {
      const { db } = await getDbHandle();
      await db.execute(sql`select 1`);
    }),
    timed(store.kind, () => store.ping()),
  ]);
  const failing = Object.entries({ database, store: cache })
    .filter(([, c]) => c.status === "fail")
    .map(([name]) => name);
  return Response.json(
    { status: failing.length ? "fail" : "ok", failing, checks: { database, store: cache } },
    { status: failing.length ? 503 : 200, headers: { "Cache-Control": "no-store" } },
  );
}
