import { env } from "@/lib/env";
import { sameSecret } from "@/lib/same-secret";

export const dynamic = "force-dynamic";

const bodies = new Map<number, string>();

const notFound = () => new Response(null, { status: 404 });

function allowed(req: Request): boolean {
  const token = req.headers.get("x-bench-token");
  return !!(
    env.BENCH_BARE_HANDLER &&
    env.BENCH_BARE_TOKEN &&
    token &&
    sameSecret(token, env.BENCH_BARE_TOKEN)
  );
}

// Every other method too: Next.js would answer them 405 (OPTIONS 204 with Allow), naming the route.
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;

/**
 * A list-shaped JSON body of exactly `bytes` bytes with varied, deterministic values: it costs
 * what a real page costs to compress and send (a body of one repeated character would make
 * gzip nearly free and the floor unreachable for any real response).
 */
function listShapedBody(bytes: number): string {
  let seed = 12345;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const hex = (n: number) => Array.from({ length: n }, () => (next() % 16).toString(16)).join("");
  const day = () =>
    `2026-${String(1 + (next() % 12)).padStart(2, "0")}-${String(1 + (next() % 28)).padStart(2, "0")}`;
  const results: unknown[] = [];
  const wrap = (padding: string) =>
    JSON.stringify({
      count: 61234,
      next: "http://127.0.0.1/api/v2/companies/x/user-metrics/?page=2",
      previous: null,
      results,
      padding,
    });
  while (wrap("").length < bytes - 400) {
    const n = next() % 100000;
    results.push({
      user_id: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      email: `member${n}@${hex(6)}.example`,
      first_name: "Member",
      last_name: `No${n}`,
      last_active: `${day()}T${String(next() % 24).padStart(2, "0")}:${String(next() % 60).padStart(2, "0")}:00Z`,
      total_sessions: next() % 900,
      sessions_this_month: next() % 40,
      avg_session_duration: `00:${String(next() % 60).padStart(2, "0")}:${String(next() % 60).padStart(2, "0")}`,
      status: ["active", "inactive", "pending"][next() % 3],
      role: ["member", "admin", "owner"][next() % 3],
      department: ["Engineering", "Sales", "Support", null][next() % 4],
      created_at: `${day()}T09:00:00Z`,
      last_login: `${day()}T10:00:00Z`,
    });
  }
  return wrap(hex(Math.max(0, bytes - wrap("").length)));
}

/**
 * The benchmark's floor: a bare route handler in the same server returning a fixed JSON body of a
 * given size, with none of the product's work. It answers only when BENCH_BARE_HANDLER=1 and the
 * request's X-Bench-Token equals BENCH_BARE_TOKEN, a random value the bench draws for each run: a
 * flag left on in a deployment opens nothing. Anything else is a 404, as if there were no route.
 */
export function GET(req: Request) {
  if (!allowed(req)) return notFound();
  const bytes = Math.min(1_000_000, Math.max(2, Number(new URL(req.url).searchParams.get("bytes")) || 8000));
  let body = bodies.get(bytes);
  if (!body) {
    body =
      bytes < 600 ? JSON.stringify({ padding: "0".repeat(Math.max(0, bytes - 14)) }) : listShapedBody(bytes);
    bodies.set(bytes, body);
  }
  return new Response(body, { headers: { "Content-Type": "application/json" } });
}
