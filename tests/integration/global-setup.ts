import type { TestProject } from "vitest/node";
import {
  TEST_AUTH_SECRET,
  TEST_DATABASE_URL,
  TEST_DB_NAME,
  TEST_PG_ADMIN_URL,
  TEST_REDIS_URL,
} from "../helpers/config";
import { ensureBuild, startServer } from "../../scripts/lib/next-server";
import { freshDemoDatabase, flushRedis } from "../../scripts/lib/fresh-stores";

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
  METRICS_TOKEN: "metrics-test-token",
};

export default async function setup(project: TestProject) {
  await freshDemoDatabase(TEST_PG_ADMIN_URL, TEST_DB_NAME);
  await flushRedis(TEST_REDIS_URL);

  ensureBuild();
  const server = await startServer(SERVER_ENV, "integration server");
  project.provide("baseUrl", server.url);
  return async () => {
    await server.stop();
  };
}
