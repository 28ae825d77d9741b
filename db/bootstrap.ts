import "server-only";
import { closeDb, getDbHandle, MIGRATIONS_FOLDER, type DbHandle } from "./client";
import { applyDatabaseFunctions } from "./functions";
import { seedIfEmpty } from "./seed/seed";

/**
 * Readies the process's database at start. The embedded database has no separate deploy step, so
 * it is migrated here, given the current rollup functions (db/functions.sql), and given the demo
 * data when it holds no company (`seed: "if-empty"`). PostgreSQL is left alone: its migrations and
 * functions are a deploy step (`npm run db:migrate`).
 */
export async function bootstrapDatabase({ seed }: { seed: "if-empty" | "never" }): Promise<DbHandle> {
  const handle = await getDbHandle();
  if (handle.kind !== "pglite") return handle;
  try {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await applyDatabaseFunctions(handle.db);
    if (seed === "if-empty") await seedIfEmpty(handle.db);
  } catch (error) {
    // Nothing may use a half-migrated database, and the directory's lock is given back.
    await closeDb().catch(() => {});
    throw error;
  }
  return handle;
}
