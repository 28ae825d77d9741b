import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { companies, memberships } from "../schema";

/** A company that exists and is not soft-deleted. */
export async function findLiveCompany(db: Db, companyId: string) {
  const [company] = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.id, companyId), isNull(companies.deletedAt)))
    .limit(1);
  return company ?? null;
}

/** The caller's live membership of a company, whatever its role and status. */
export async function findMembership(db: Db, companyId: string, userId: string) {
  const [membership] = await db
    .select({ role: memberships.role, status: memberships.status, department: memberships.department })
    .from(memberships)
    .where(
      and(
        eq(memberships.companyId, companyId),
        eq(memberships.userId, userId),
        isNull(memberships.deletedAt),
      ),
    )
    .limit(1);
  return membership ?? null;
}
