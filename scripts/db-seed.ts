/** Resets the demo data  in DATABASE_URL, or in the embedded database when unset. */
import { bootstrapDatabase } from "@/db/bootstrap";
import { closeDb } from "@/db/client";
import { resetDemoData } from "@/db/seed/seed";
import { env } from "@/lib/env";

async function main() {
  // A new embedded database is migrated first; the reset below gives it the demo data.
  const { db } = await bootstrapDatabase({ seed: "never" });
  const started = performance.now();
  const result = await resetDemoData(db);
  await closeDb();
  console.info(
    `demo data reset in ${env.DATABASE_URL ? "DATABASE_URL" : env.PGLITE_DIR} ` +
      `(${Math.round(performance.now() - started)} ms): ${JSON.stringify(result)}`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
