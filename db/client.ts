import "server-only";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql, type SQL } from "drizzle-orm";
import * as schema from "./schema";
import { env } from "@/lib/env";
import { onShutdown } from "@/lib/shutdown";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export type DbHandle = { db: Db; kind: "postgres" | "pglite"; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { __userMetricsDb?: Promise<DbHandle> };

/**
 * The database, opened once per process: postgres.js when DATABASE_URL is set, otherwise PGlite
 * persisted under PGLITE_DIR (migrated and seeded at server start by db/bootstrap.ts).
 * A failed open is not cached, so the next request tries again.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.__userMetricsDb) {
    const opening = env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openEmbedded(env.PGLITE_DIR);
    globalForDb.__userMetricsDb = opening;
    onShutdown("database", closeDb);
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

/** A json/jsonb value of a raw query: postgres.js (as drizzle configures it) returns text, PGlite the parsed value. */
export function jsonValue<T>(value: T | string): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

// A symbol from the global registry, so the mark survives this module being evaluated again (dev reloads).
const ONE_CONNECTION = Symbol.for("user-metrics.db.one-connection");

/**
 * The planner settings of every connection to PostgreSQL (the app's, and the tests' that hold
 * its plans): the working set is in memory or on SSD, so an index probe costs about a sequential
 * read (the default of 4, for spinning disks, hash-joined a 2,000-member search against the whole
 * company); no JIT, whose compiling of a statement whose estimate crossed jit_above_cost (a sort by
 * sessions_this_month over most of a company) took 250 ms of a 30 ms query; and no parallel
 * workers: requests are short and concurrent, and a query's workers only compete with the other
 * requests for the same cores (the refresh's statements write, so they never ran in parallel).
 */
export const PLANNER_SETTINGS = {
  random_page_cost: "1.1",
  jit: "off",
  max_parallel_workers_per_gather: "0",
} as const;

/**
 * Whether a transaction may stay open while a slow client reads (an export's snapshot). Not on
 * PGlite: its one connection serves every request, which would all wait behind it.
 */
export function canHoldLongTransactions(db: Db): boolean {
  return !(ONE_CONNECTION in db);
}

/** A pool of connections to one PostgreSQL server (the primary, or a replica) with the app's settings. */
export async function openPostgres(url: string): Promise<DbHandle> {
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
      ...PLANNER_SETTINGS,
    },
  });
  const db = drizzle({ client, schema }) as unknown as Db;
  await db.execute(sql`select 1`);
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

async function openEmbedded(dir: string): Promise<DbHandle> {
  const { openPglite } = await import("./embedded");
  const { db, close } = await openPglite(dir, { statementTimeoutMs: env.STATEMENT_TIMEOUT_MS });
  Object.defineProperty(db, ONE_CONNECTION, { value: true });
  return { db, kind: "pglite", close };
}
