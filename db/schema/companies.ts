import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * IANA zone of the company's days: the rollups count days, months and `inactive_for` in it.
   * Changed only through `setCompanyTimeZone` (db/queries/companies.ts), which recomputes them.
   */
  timezone: text("timezone").notNull().default("UTC"),
  /** Soft delete: a deleted company answers 404 to everyone. */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

export type Company = typeof companies.$inferSelect;
