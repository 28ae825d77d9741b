import { and, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db, type Tx } from "../client";
import { REFRESH_STATEMENT_TIMEOUT_MS } from "./rollups";
import { companies, memberships, type MemberRole, type MemberStatus } from "../schema";

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
      timezone: companies.timezone,
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
  const { id, name, timezone, role, status } = row;
  return { company: { id, name, timezone }, membership: role && status ? { role, status } : null };
}

/**
 * The caller (a live user) and, in the same round trip, the live company `companyId` and the
 * caller's live membership of it. `null` when the user does not exist or is deleted, or when the
 * browser session `sessionId` has been signed out.
 */
export async function findCallerAccess(
  db: Db,
  userId: string,
  companyId: string | null,
  sessionId: string | null = null,
) {
  const [row] = await queryRows<{
    id: string;
    email: string;
    first_name: string;
    last_name: string;
    company_id: string | null;
    company_name: string | null;
    company_timezone: string | null;
    role: MemberRole | null;
    status: MemberStatus | null;
  }>(
    db,
    sql`select u.id::text, u.email, u.first_name, u.last_name, c.id::text as company_id, c.name as company_name,
               c.timezone as company_timezone, m.role, m.status
        from users u
        left join companies c on c.id = ${companyId}::uuid and c.deleted_at is null
        left join memberships m on m.company_id = c.id and m.user_id = u.id and m.deleted_at is null
        where u.id = ${userId} and u.deleted_at is null
          and not exists (select 1 from revoked_sessions r where r.session_id = ${sessionId}::uuid)
        limit 1`,
  );
  if (!row) return null;
  const user = { id: row.id, email: row.email, firstName: row.first_name, lastName: row.last_name };
  const access =
    row.company_id === null
      ? null
      : {
          company: { id: row.company_id, name: row.company_name!, timezone: row.company_timezone! },
          membership: row.role && row.status ? { role: row.role, status: row.status } : null,
        };
  return { user, access };
}

/** A company as the API shows it. */
export type CompanyRecord = { id: string; name: string; timezone: string };

/**
 * Sets a company's zone and recomputes its rollups in that zone, in one transaction: it waits for
 * a running refresh of the company (never a rollup mixing two zones), then holds the refresh's
 * claim and the company's lock while it rewrites them; readers see the old zone's rollups until
 * commit. Unchanged zone: nothing is recomputed. `withinTransaction` runs just before commit
 * (the caller's audit row). The caller retires the company's cached results after.
 */
export async function setCompanyTimeZone(
  db: Db,
  companyId: string,
  zone: string,
  withinTransaction?: (tx: Tx, changed: boolean) => Promise<void>,
): Promise<{ company: CompanyRecord; changed: boolean }> {
  return db.transaction(async (tx) => {
    // A refresh of a large company runs for tens of seconds: waiting for it, and then recomputing,
    // both take longer than the API's statement timeout.
    await tx.execute(sql.raw(`set local statement_timeout = ${REFRESH_STATEMENT_TIMEOUT_MS}`));
    await tx.execute(sql`select um_lock_refresh(${companyId}::uuid)`);
    const [before] = await queryRows<CompanyRecord>(
      tx,
      sql`select id::text, name, timezone from companies where id = ${companyId} for update`,
    );
    const changed = before!.timezone !== zone;
    if (changed) {
      await tx.execute(sql`update companies set timezone = ${zone} where id = ${companyId}`);
      await tx.execute(sql`select um_refresh_company(${companyId}::uuid, now())`);
    }
    await withinTransaction?.(tx, changed);
    return { company: { ...before!, timezone: zone }, changed };
  });
}
