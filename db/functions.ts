import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "./client";

/** The current definition of every rollup function and trigger (see its header). */
export const FUNCTIONS_FILE = path.join(process.cwd(), "db", "functions.sql");

/** The file's statements, split where drizzle's migrations split theirs (PGlite runs one per call). */
export function databaseFunctionStatements(text = fs.readFileSync(FUNCTIONS_FILE, "utf8")): string[] {
  return text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Brings the database's rollup functions and triggers to the file's definition, in one transaction
 * (a failure leaves the previous ones). Run after the migrations wherever they run; running it
 * again changes nothing.
 */
export async function applyDatabaseFunctions(db: Db): Promise<void> {
  const statements = databaseFunctionStatements();
  await db.transaction(async (tx) => {
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
}
