import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /** Soft delete: a deleted company answers 404 to everyone. */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

export type Company = typeof companies.$inferSelect;
