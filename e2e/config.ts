/** Where the end-to-end run's server, database and Redis live (all its own). */
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3210),
  pgAdminUrl: process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  dbName: process.env.E2E_DB_NAME ?? "user_metrics_e2e",
  redisUrl: process.env.E2E_REDIS_URL ?? "redis://127.0.0.1:6379/11",
  authSecret: "e2e-secret-e2e-secret-e2e-secret-e2e-secret-0123",
  acme: "f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a",
  globex: "3f2b8c1e-9d4a-4b6f-8e2a-7c5d1a9b0e34",
  password: "demo-password",
};
