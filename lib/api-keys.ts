import "server-only";
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "@/db/client";
import { insertApiKey, listApiKeys, revokeApiKey } from "@/db/queries/api-keys";
import type { ApiKeyRow } from "@/db/schema";
import type { ApiKey, CreatedApiKey } from "@/lib/contracts/api-keys";
import { ApiError } from "@/lib/api/errors";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/auth/api-keys";
import { can, type Membership } from "@/lib/auth/policy";
import { isoSeconds } from "@/lib/format";
import { UUID } from "@/lib/uuid";
import { validationError } from "@/lib/validation/query";

const NO_SUCH_KEY = "No such API key in this company.";

const toApiKey = (key: ApiKeyRow, email: string): ApiKey => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  scopes: key.scopes as ApiKey["scopes"],
  created_at: isoSeconds(key.createdAt),
  expires_at: key.expiresAt ? isoSeconds(key.expiresAt) : null,
  last_used_at: key.lastUsedAt ? isoSeconds(key.lastUsedAt) : null,
  created_by: { user_id: key.createdBy, email },
});

/**
 * A new key for the company, created by `creator` (whose role bounds its scopes). The secret is
 * returned once, here; only its hash is stored. `audit` runs in the same transaction.
 */
export async function createApiKey(
  db: Db,
  company: { id: string },
  creator: { id: string; email: string; membership: Membership },
  input: { name: string; scopes: ApiKey["scopes"]; expires_in_days?: number | null },
  audit: (tx: Tx, keyId: string) => Promise<void>,
): Promise<CreatedApiKey> {
  const beyond = input.scopes.filter((s) => !can(creator.membership, s));
  if (beyond.length)
    throw validationError({ scopes: [`Your role cannot grant ${beyond.map((s) => `"${s}"`).join(", ")}.`] });
  const secret = generateApiKey();
  const days = input.expires_in_days ?? null;
  const row = await db.transaction(async (tx) => {
    const inserted = await insertApiKey(tx, {
      id: randomUUID(),
      companyId: company.id,
      createdBy: creator.id,
      name: input.name,
      secretHash: hashApiKey(secret),
      prefix: apiKeyPrefix(secret),
      scopes: input.scopes,
      expiresAt: days === null ? null : new Date(Date.now() + days * 86_400_000),
    });
    await audit(tx, inserted.id);
    return inserted;
  });
  return { ...toApiKey(row, creator.email), key: secret };
}

export async function apiKeysOf(db: Db, companyId: string): Promise<ApiKey[]> {
  return (await listApiKeys(db, companyId)).map((r) => toApiKey(r.key, r.email));
}

/** Revokes a key of the company; every instance refuses it from the next request on. */
export async function revokeCompanyKey(
  db: Db,
  companyId: string,
  keyId: string,
  audit: (tx: Tx) => Promise<void>,
) {
  if (!UUID.test(keyId)) throw new ApiError("not_found", NO_SUCH_KEY);
  await db.transaction(async (tx) => {
    if (!(await revokeApiKey(tx, companyId, keyId.toLowerCase())))
      throw new ApiError("not_found", NO_SUCH_KEY);
    await audit(tx);
  });
}
