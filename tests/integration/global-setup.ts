import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { MIGRATIONS_FOLDER, type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { resetDemoData } from "@/db/seed/seed";
import {
  TEST_AUTH_SECRET,
  TEST_DATABASE_URL,
  TEST_DB_NAME,
  TEST_PG_ADMIN_URL,
  TEST_REDIS_URL,
} from "../helpers/config";
import { ensureBuild, startServer } from "../../scripts/lib/next-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** The server every integration test talks to: the production build on real PostgreSQL and Redis. */
export const SERVER_ENV = {
  DATABASE_URL: TEST_DATABASE_URL,
  REDIS_URL: TEST_REDIS_URL,
  AUTH_SECRET: TEST_AUTH_SECRET,
  // The tests stand in for one proxy: X-Forwarded-For they send names the client address.
  TRUST_PROXY_HOPS: "1",
};

export default async function setup(project: TestProject) {
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEST_DB_NAME} with (force)`);
  await admin.unsafe(`create database ${TEST_DB_NAME}`);
  await admin.end();

  const client = postgres(TEST_DATABASE_URL, { max: 2, onnotice: () => {} });
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  await resetDemoData(db as unknown as Db);
  await client.end();

  const redis = new Redis(TEST_REDIS_URL);
  await redis.flushdb();
  redis.disconnect();

  ensureBuild();
  const server = await startServer(SERVER_ENV, "integration server");
  project.provide("baseUrl", server.url);
  return async () => {
    await server.stop();
  };
}
