import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const bodies = new Map<number, string>();

/**
 * The benchmark's floor: a bare route handler in the same server returning a fixed JSON body of a
 * given size, with none of the product's work. Exists only when BENCH_BARE_HANDLER=1 (404 otherwise).
 */
export function GET(req: Request) {
  if (!env.BENCH_BARE_HANDLER) return new Response(null, { status: 404 });
  const bytes = Math.min(1_000_000, Math.max(2, Number(new URL(req.url).searchParams.get("bytes")) || 8000));
  let body = bodies.get(bytes);
  if (!body) {
    body = JSON.stringify({ padding: "x".repeat(Math.max(0, bytes - 14)) });
    bodies.set(bytes, body);
  }
  return new Response(body, { headers: { "Content-Type": "application/json" } });
}
