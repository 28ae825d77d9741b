import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "@/db/schema";
import { PLANNER_SETTINGS, type Db } from "@/db/client";
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
