/** Applies the committed migrations, then the rollup functions (db/functions.sql), to DATABASE_URL, or to the embedded PGlite database when unset. */
import { bootstrapDatabase } from "@/db/bootstrap";
import { closeDb, MIGRATIONS_FOLDER, type Db } from "@/db/client";
import { applyDatabaseFunctions } from "@/db/functions";
import { env } from "@/lib/env";

async function main() {
  if (env.DATABASE_URL) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const db = drizzle({ client });
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      await applyDatabaseFunctions(db as unknown as Db);
    } finally {
      await client.end();
    }
    console.info("migrations applied to DATABASE_URL");
  } else {
    // As a server start would: a new embedded database also gets the demo data.
    await bootstrapDatabase({ seed: "if-empty" });
    await closeDb();
    console.info(`migrations applied to the embedded database in ${env.PGLITE_DIR}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
