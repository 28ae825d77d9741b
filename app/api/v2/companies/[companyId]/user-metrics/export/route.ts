import { getDbHandle } from "@/db/client";
import { forEachUserMetricsChunk } from "@/db/queries/user-metrics";
import { ApiError } from "@/lib/api/errors";
import { otherMethods } from "@/lib/api/handler";
import { backpressuredStream } from "@/lib/api/stream";
import { READ_ROLES, withCompany, type CompanyContext } from "@/lib/api/with-company";
import { csvRow } from "@/lib/csv";
import { env } from "@/lib/env";
import { toUserMetric, USER_METRIC_FIELDS, userMetricCsv } from "@/lib/user-metrics/serialize";
import { parseUserMetricsQuery } from "@/lib/validation/user-metrics";

export const dynamic = "force-dynamic";

const MAX_CONCURRENT_EXPORTS = 4;
let running = 0;

const slug = (name: string) =>
  name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "company";

/** The validated filters and the headers of the export, shared by GET and HEAD. */
function prepare(req: Request, ctx: CompanyContext) {
  const query = parseUserMetricsQuery(new URL(req.url).searchParams);
  const filename = `user-metrics-${slug(ctx.company.name)}-${query.dateFrom}_${query.dateTo}.csv`;
  const headers = {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  return { query, headers };
}

/**
 * GET /api/v2/companies/{company_id}/user-metrics/export/ — every row the list would return for
 * the same filters and ordering, as CSV, streamed from the database in chunks. Paging parameters
 * are ignored. The audit row is written before the first byte and completed with the row count.
 */
export const GET = withCompany({ action: "user_metrics.export", roles: READ_ROLES }, async (req, ctx) => {
  const { query, headers } = prepare(req, ctx);
  // Each running export holds a database connection while its client downloads.
  if (running >= MAX_CONCURRENT_EXPORTS) {
    throw new ApiError(
      "service_unavailable",
      "Too many exports are running on this server. Try again shortly.",
      {},
      { "Retry-After": "5" },
    );
  }
  running++;
  let kind: string;
  try {
    ({ kind } = await getDbHandle());
  } catch (error) {
    running--;
    throw error;
  }
  const { stream, done } = backpressuredStream(
    async (push) => {
      await push(csvRow(USER_METRIC_FIELDS));
      await forEachUserMetricsChunk(
        ctx.database,
        ctx.company.id,
        query,
        async (rows) => {
          let text = "";
          for (const row of rows) text += userMetricCsv(toUserMetric(row));
          await push(text);
          ctx.progress.rows = (Number(ctx.progress.rows ?? 0) + rows.length).toString();
        },
        { snapshot: kind === "postgres" },
      );
    },
    // The slot is given back however the response ends: a client that goes away (even before the
    // body is piped) or stops reading must not keep it, nor the snapshot, for ever.
    { idleMs: env.EXPORT_IDLE_TIMEOUT_SECONDS * 1000, signal: req.signal },
  );
  void done.then((outcome) => {
    running--;
    if (outcome.reason === "idle") ctx.progress.stopped = "idle_timeout";
  });
  ctx.completion = done;
  ctx.progress.rows = "0";
  return new Response(stream, { status: 200, headers });
});

/**
 * HEAD: GET's checks and headers, without a body. Next.js would otherwise answer HEAD by running
 * GET and dropping its body unread, which took an export slot that was never given back.
 */
export const HEAD = withCompany({ action: "user_metrics.export", roles: READ_ROLES }, async (req, ctx) => {
  const { headers } = prepare(req, ctx);
  return new Response(null, { status: 200, headers });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.export", ["GET"]);
