import { forEachUserMetricsChunk } from "@/db/queries/user-metrics";
import { ApiError } from "@/lib/api/errors";
import { otherMethods, type StreamDone } from "@/lib/api/handler";
import { backpressuredStream } from "@/lib/api/stream";
import { withCompany } from "@/lib/api/with-company";
import { csvRow } from "@/lib/csv";
import { env } from "@/lib/env";
import { toUserMetric, USER_METRIC_FIELDS, userMetricCsv } from "@/lib/user-metrics/serialize";
import { userMetricsListQuery, type UserMetricsQuery } from "@/lib/contracts/user-metrics";

export const dynamic = "force-dynamic";

const MAX_CONCURRENT_EXPORTS = 4;
let running = 0;

const slug = (name: string) =>
  name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "company";

/** The export's headers, shared by GET and HEAD. */
function csvHeaders(company: { name: string }, query: UserMetricsQuery) {
  const filename = `user-metrics-${slug(company.name)}-${query.dateFrom}_${query.dateTo}.csv`;
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

const options = {
  action: "user_metrics.export",
  permission: "metrics:export",
  query: userMetricsListQuery,
} as const;

/**
 * GET /api/v2/companies/{company_id}/user-metrics/export/ — every row the list would return for
 * the same filters and ordering, as CSV, streamed from the database in chunks. Paging parameters
 * are ignored. The audit row is written before the first byte and completed with the row count.
 */
export const GET = withCompany(options, async ({ req, query, read, company }) => {
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
  let rows = 0;
  const { stream, done } = backpressuredStream(
    async (push) => {
      await push(csvRow(USER_METRIC_FIELDS));
      // On the replica when it may; a replica lost before the first row leaves the rest to the primary.
      await read(
        (db) =>
          forEachUserMetricsChunk(db, company.id, query, async (chunk) => {
            let text = "";
            for (const row of chunk) text += userMetricCsv(toUserMetric(row));
            await push(text);
            rows += chunk.length;
          }),
        () => rows === 0,
      );
    },
    // The slot is given back however the response ends: a client that goes away (even before the
    // body is piped) or stops reading must not keep it, nor the snapshot, for ever.
    { idleMs: env.EXPORT_IDLE_TIMEOUT_SECONDS * 1000, signal: req.signal },
  );
  const finished: StreamDone = done.then((outcome) => {
    running--;
    const audit: Record<string, string> = { rows: String(rows) };
    if (outcome.reason === "idle") audit.stopped = "idle_timeout";
    return { ...outcome, audit };
  });
  return { stream, done: finished, headers: csvHeaders(company, query) };
});

/**
 * HEAD: GET's checks and headers, without a body. Next.js would otherwise answer HEAD by running
 * GET and dropping its body unread, which took an export slot that was never given back.
 */
export const HEAD = withCompany(
  options,
  async ({ query, company }) => new Response(null, { status: 200, headers: csvHeaders(company, query) }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("user_metrics.export", ["GET"]);
