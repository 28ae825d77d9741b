/**
 * Server start: validate configuration (a bad production environment stops the server here, not on
 * the first request), then open the database and, in the embedded default, migrate and seed it
 * before the first request arrives.
 */
try {
  await import("./lib/env");
} catch (error) {
  console.error(`[user-metrics] refusing to start: ${(error as Error).message}`);
  process.exit(1);
}

const { bootstrapDatabase } = await import("./db/bootstrap");
const { env } = await import("./lib/env");
try {
  const handle = await bootstrapDatabase({ seed: "if-empty" });
  console.info(`[user-metrics] database ready (${handle.kind})`);
} catch (error) {
  console.error(`[user-metrics] database not ready at start: ${(error as Error).message}`);
  // The embedded database is a local directory: if it cannot be opened now, it will not be later.
  // PostgreSQL may just be starting: requests answer 503 until it is reachable, then recover.
  if (env.mode === "embedded") process.exit(1);
}

export {};
