import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { companies, memberships } from "../schema";

/** The live companies a user is an active member of, with their role there. */
export async function activeCompaniesOf(db: Db, userId: string) {
  return db
    .select({ id: companies.id, name: companies.name, role: memberships.role })
    .from(memberships)
    .innerJoin(companies, and(eq(companies.id, memberships.companyId), isNull(companies.deletedAt)))
    .where(
      and(eq(memberships.userId, userId), eq(memberships.status, "active"), isNull(memberships.deletedAt)),
    )
    .orderBy(companies.name);
}
