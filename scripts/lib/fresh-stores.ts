import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Redis } from "ioredis";
import { MIGRATIONS_FOLDER, type Db } from "@/db/client";
import { applyDatabaseFunctions } from "@/db/functions";
import * as schema from "@/db/schema";
import { resetDemoData } from "@/db/seed/seed";

/**
 * (Re)creates a PostgreSQL database next to `adminUrl`, applies the migrations and the rollup
 * functions, and loads the demo data; returns its URL. For the test and benchmark runs, which each own a database.
 */
export async function freshDemoDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const client = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const db = drizzle({ client, schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await applyDatabaseFunctions(db as unknown as Db);
    await resetDemoData(db as unknown as Db);
  } finally {
    await client.end();
  }
  return url;
}

/** Empties one Redis database (tests and benchmarks each use their own number). */
export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
