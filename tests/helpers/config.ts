/** Where the integration tests find PostgreSQL and Redis (the machine's own services by default). */
export const TEST_PG_ADMIN_URL =
  process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_DB_NAME = process.env.TEST_DB_NAME ?? "user_metrics_test";
export const TEST_DATABASE_URL = TEST_PG_ADMIN_URL.replace(/\/[^/]*$/, `/${TEST_DB_NAME}`);
/** A Redis database of its own, flushed at the start of each run. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15";
/** Known to the tests so they can forge tokens (expired, not-yet-valid, other users). */
export const TEST_AUTH_SECRET = "integration-test-secret-0123456789abcdefghijklmnop";
