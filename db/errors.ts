/** The codes (postgres.js's and PostgreSQL's SQLSTATE) of a database that cannot answer now. */
const UNREACHABLE = [
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
  "53300", // too_many_connections
];

/** The first code in an error's chain of causes (drizzle wraps the driver's error). */
function codes(error: unknown): string[] {
  const found: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") found.push(code);
  }
  return found;
}

const DOWN = new Set([
  ...UNREACHABLE,
  // A statement that ran past its deadline (statement_timeout): the database is too busy for it now.
  "57014",
]);

/** The database is away or too busy: the API answers 503 with Retry-After, not 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return codes(error).some((c) => DOWN.has(c));
}

/**
 * A read that failed on the replica and that the primary may answer instead: anything but the
 * query's own fault (bad data or SQL, classes 22 and 42, which the primary would refuse alike) or
 * its deadline (57014: the work is too big, not the replica too weak). A lost replica fails in
 * many ways — a connection closed, a shutdown, a query cancelled by replay (40001), and with
 * postgres.js 3.4 a driver error without a code on a connection that died in the pool.
 */
export function isReplicaFailure(error: unknown): boolean {
  return !codes(error).some((c) => c === "57014" || c.startsWith("22") || c.startsWith("42"));
}
