/**
 * Server start: validate configuration (a bad production environment stops the server here, not on
 * the first request), then open the database, which in the embedded default migrates and seeds it
 * before the first request arrives.
 */
try {
  await import("./lib/env");
} catch (error) {
  console.error(`[user-metrics] refusing to start: ${(error as Error).message}`);
  process.exit(1);
}

const { getDbHandle } = await import("./db/client");
try {
  const handle = await getDbHandle();
  console.info(`[user-metrics] database ready (${handle.kind})`);
} catch (error) {
  // Not fatal: requests answer 503 until the database is reachable, then recover on their own.
  console.error(`[user-metrics] database not ready at start: ${(error as Error).message}`);
}

export {};
