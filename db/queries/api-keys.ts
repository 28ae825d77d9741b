import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db, type Tx } from "../client";
import { apiKeys, users, type MemberRole, type MemberStatus } from "../schema";

type KeyAccessRow = {
  key_id: string;
  key_company_id: string;
  expires_ms: number | null;
  scopes: string[];
  user_id: string;
  email: string;
  first_name: string;
  last_name: string;
  key_role: MemberRole | null;
  key_status: MemberStatus | null;
  company_id: string | null;
  company_name: string | null;
  company_timezone: string | null;
  role: MemberRole | null;
  status: MemberStatus | null;
};

/**
 * A live key (not revoked, not expired, of a live company, created by a live user), its creator's
 * membership of the key's company, and — in the same round trip — the company `companyId` with
 * the creator's membership of it. Null when the key does not work.
 */
export async function findKeyAccess(db: Db, secretHash: string, companyId: string | null) {
  const [row] = await queryRows<KeyAccessRow>(
    db,
    // The path's company is almost always the key's own: then the creator's membership of it is
    // read once; only for another company is a second membership looked up.
    sql`select k.id::text as key_id, k.company_id::text as key_company_id, k.scopes,
               (extract(epoch from k.expires_at) * 1000)::float8 as expires_ms,
               u.id::text as user_id, u.email, u.first_name, u.last_name,
               km.role as key_role, km.status as key_status,
               c.id::text as company_id, c.name as company_name, c.timezone as company_timezone,
               case when c.id = k.company_id then km.role else pm.role end as role,
               case when c.id = k.company_id then km.status else pm.status end as status
        from api_keys k
        join users u on u.id = k.created_by and u.deleted_at is null
        join companies kc on kc.id = k.company_id and kc.deleted_at is null
        left join memberships km on km.company_id = k.company_id and km.user_id = u.id and km.deleted_at is null
        left join companies c on c.id = ${companyId}::uuid and c.deleted_at is null
        left join lateral (
          select m.role, m.status from memberships m
          where c.id <> k.company_id and m.company_id = c.id and m.user_id = u.id and m.deleted_at is null
        ) pm on true
        where k.secret_hash = ${secretHash} and k.revoked_at is null
          and (k.expires_at is null or k.expires_at > now())
        limit 1`,
  );
  if (!row) return null;
  return {
    key: {
      id: row.key_id,
      companyId: row.key_company_id,
      scopes: row.scopes,
      /** Epoch ms after which the key no longer works (null: never). */
      expiresAt: row.expires_ms,
      creatorMembership:
        row.key_role && row.key_status ? { role: row.key_role, status: row.key_status } : null,
    },
    user: { id: row.user_id, email: row.email, firstName: row.first_name, lastName: row.last_name },
    access:
      row.company_id === null
        ? null
        : {
            company: { id: row.company_id, name: row.company_name!, timezone: row.company_timezone! },
            membership: row.role && row.status ? { role: row.role, status: row.status } : null,
          },
  };
}

/** Marks a key used now, unless it was marked within the last minute (one write a minute at most). */
export async function touchApiKey(db: Db, keyId: string) {
  await db.execute(
    sql`update api_keys set last_used_at = now()
        where id = ${keyId} and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
  );
}

export async function insertApiKey(
  tx: Tx,
  key: {
    id: string;
    companyId: string;
    createdBy: string;
    name: string;
    secretHash: string;
    prefix: string;
    scopes: string[];
    expiresAt: Date | null;
  },
) {
  const [row] = await tx.insert(apiKeys).values(key).returning();
  return row!;
}

/** The company's live keys, newest first, with their creators' emails. */
export async function listApiKeys(db: Db, companyId: string) {
  return db
    .select({ key: apiKeys, email: users.email })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.companyId, companyId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Revokes one live key of the company; false when there is none with that id. */
export async function revokeApiKey(tx: Tx, companyId: string, keyId: string) {
  const rows = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.companyId, companyId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
