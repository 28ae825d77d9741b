import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import postgres, { type Sql } from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { afterAll, beforeAll } from "vitest";
import * as schema from "@/db/schema";
import { MIGRATIONS_FOLDER, PLANNER_SETTINGS, type Db } from "@/db/client";
import { applyDatabaseFunctions } from "@/db/functions";
import { pgliteExtensions } from "@/db/pglite-extensions";
import { TEST_DATABASE_URL } from "./config";

/**
 * Direct connections to the integration database, for fixtures and for checking what the API wrote.
 * `sql` is a separate client: drizzle changes its own client's type parsers (timestamps as strings).
 */
export function connectTestDb(url = TEST_DATABASE_URL) {
  // The app's planner settings, so the plans a test reads are the app's.
  const options = { max: 4, onnotice: () => {}, connection: PLANNER_SETTINGS };
  const drizzleClient = postgres(url, options);
  const sql = postgres(url, options);
  const db = drizzle({ client: drizzleClient, schema }) as unknown as Db;
  return {
    db,
    sql,
    close: async () => {
      await Promise.all([drizzleClient.end({ timeout: 5 }), sql.end({ timeout: 5 })]);
    },
  };
}

/** Waits, if needed, so a burst of requests fits inside one rate-limit minute (windows align to the clock). */
export async function startOfQuietMinute(burstSeconds = 20) {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - burstSeconds * 1000)
    await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
}

/**
 * A fresh in-memory PGlite, migrated and with db/functions.sql applied, for the describe block
 * that calls this: made before its tests, closed after them. `db()` is valid inside the tests.
 */
export function migratedPglite(): { db: () => Db } {
  let client: PGlite | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    client = new PGlite({ extensions: await pgliteExtensions() });
    await client.waitReady;
    db = drizzlePglite({ client, schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await applyDatabaseFunctions(db);
  });
  afterAll(() => client?.close());
  return { db: () => db! };
}

/** What `read` sees after a full refresh of the company, inside a transaction rolled back. */
export async function afterRefresh<T>(
  sql: Sql,
  companyId: string,
  read: (tx: Sql) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  await sql
    .begin(async (tx) => {
      await tx`select um_refresh_company(${companyId}, now())`;
      result = await read(tx as unknown as Sql);
      throw new Error("rollback");
    })
    .catch((e: Error) => {
      if (e.message !== "rollback") throw e;
    });
  return result!;
}
