import { env } from "@/lib/env";
import { metrics } from "@/lib/observability/metrics";
import { sameSecret } from "@/lib/same-secret";

export const dynamic = "force-dynamic";

const refuse = (status: number, detail: string, code: string) =>
  Response.json(
    { detail, code, timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") },
    { status, headers: status === 401 ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {} },
  );

/**
 * GET /api/metrics — Prometheus text format. Guarded by `Authorization: Bearer $METRICS_TOKEN`;
 * without METRICS_TOKEN it is open in development and refused in production.
 */
export async function GET(req: Request) {
  if (env.METRICS_TOKEN) {
    const header = req.headers.get("authorization") ?? "";
    const token = header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : "";
    if (!token || !sameSecret(token, env.METRICS_TOKEN)) {
      return refuse(401, "A valid metrics token is required.", "authentication_required");
    }
  } else if (env.NODE_ENV === "production") {
    return refuse(403, "Metrics are disabled: set METRICS_TOKEN to expose them.", "permission_denied");
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
