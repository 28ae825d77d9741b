import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import * as schema from "./schema";
import { env } from "@/lib/env";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

type Handle = { db: Db; kind: "postgres" | "pglite"; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { __userMetricsDb?: Promise<Handle> };

/**
 * The database, opened once per process: postgres.js when DATABASE_URL is set, otherwise PGlite
 * persisted under PGLITE_DIR, migrated and seeded with demo data on first start.
 * A failed open is not cached, so the next request tries again.
 */
export function getDbHandle(): Promise<Handle> {
  if (!globalForDb.__userMetricsDb) {
    const opening = env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(env.PGLITE_DIR);
    globalForDb.__userMetricsDb = opening;
    opening.catch(() => {
      if (globalForDb.__userMetricsDb === opening) globalForDb.__userMetricsDb = undefined;
    });
  }
  return globalForDb.__userMetricsDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const opening = globalForDb.__userMetricsDb;
  globalForDb.__userMetricsDb = undefined;
  if (opening) await (await opening).close();
}

/** Rows of a raw SQL query, whichever driver ran it. */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

async function openPostgres(url: string): Promise<Handle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    connect_timeout: 5,
    // Long-held work has deadlines: no API statement runs away, and no transaction a client leaves
    // open (a stalled export) holds its connection and snapshot for long.
    connection: {
      statement_timeout: env.STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: 60_000,
    },
  });
  const db = drizzle({ client, schema }) as unknown as Db;
  await db.execute(sql`select 1`);
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

async function openPglite(dir: string): Promise<Handle> {
  const absolute = path.resolve(dir);
  fs.mkdirSync(absolute, { recursive: true });
  const releaseLock = claimDirectory(absolute);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const client = new PGlite(absolute);
    await client.waitReady;
    const db = drizzle({ client, schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await (await import("./functions")).applyDatabaseFunctions(db);
    const { seedIfEmpty } = await import("./seed/seed");
    await seedIfEmpty(db);
    await client.exec(`set statement_timeout = ${env.STATEMENT_TIMEOUT_MS}`);
    return {
      db,
      kind: "pglite",
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * PGlite has no lock between processes: a second process on the same directory would write a
 * diverging copy. A pid file makes the second process fail with a clear message instead.
 */
function claimDirectory(dir: string): () => void {
  const lockFile = `${dir}.pid`;
  try {
    const owner = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database ${dir} is in use by process ${owner}. ` +
          "Stop that process (the running server) first, or point PGLITE_DIR elsewhere.",
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
