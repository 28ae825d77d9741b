import { createApiKeySchema } from "@/lib/contracts/api-keys";
import { otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { apiKeysOf, createApiKey } from "@/lib/api-keys";

export const dynamic = "force-dynamic";

const body = {
  schema: createApiKeySchema,
  maxBytes: 4096,
  audit: (b: { name: string; scopes: string[] }) => ({ name: b.name, scopes: b.scopes.join(",") }),
};

/** GET /api/v2/companies/{company_id}/api-keys/ — the company's live keys (owners and admins). */
export const GET = withCompany(
  { action: "api_keys.list", permission: "keys:manage" },
  async ({ db, company }) => ({
    json: { results: await apiKeysOf(db, company.id) },
    headers: { "Cache-Control": "no-store" },
  }),
);

/** POST …/api-keys/ — a new key; its secret is in this response only. */
export const POST = withCompany(
  { action: "api_keys.create", permission: "keys:manage", body },
  async ({ db, company, caller, role, body: input, auditInTransaction }) => {
    const creator = { id: caller.id, email: caller.email, membership: { role, status: "active" as const } };
    const created = await createApiKey(db, company, creator, input, (tx, keyId) =>
      auditInTransaction(tx, 201, { key_id: keyId }),
    );
    return { json: created, status: 201, headers: { "Cache-Control": "no-store" } };
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("api_keys.list", ["GET", "POST"]);
