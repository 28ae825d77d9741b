import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { companies, memberships } from "../schema";

/**
 * A live (not soft-deleted) company and the caller's live membership of it, in one round trip.
 * `null` when the company does not exist or is deleted; `membership: null` when the caller is not
 * a member (whatever their role or status otherwise).
 */
export async function findCompanyAccess(db: Db, companyId: string, userId: string) {
  const [row] = await db
    .select({
      id: companies.id,
      name: companies.name,
      role: memberships.role,
      status: memberships.status,
    })
    .from(companies)
    .leftJoin(
      memberships,
      and(
        eq(memberships.companyId, companies.id),
        eq(memberships.userId, userId),
        isNull(memberships.deletedAt),
      ),
    )
    .where(and(eq(companies.id, companyId), isNull(companies.deletedAt)))
    .limit(1);
  if (!row) return null;
  const { id, name, role, status } = row;
  return { company: { id, name }, membership: role && status ? { role, status } : null };
}
