import { defineConfig } from "drizzle-kit";

// Generation needs no database; one migration folder serves PostgreSQL and PGlite.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
  verbose: true,
});
