import { otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { revokeCompanyKey } from "@/lib/api-keys";

export const dynamic = "force-dynamic";

/** DELETE /api/v2/companies/{company_id}/api-keys/{key_id}/ — revoke a key (owners and admins). */
export const DELETE = withCompany<undefined, undefined, { companyId: string; keyId: string }>(
  { action: "api_keys.revoke", permission: "keys:manage" },
  async ({ db, company, params, auditInTransaction }) => {
    await revokeCompanyKey(db, company.id, params.keyId, (tx) =>
      auditInTransaction(tx, 204, { key_id: params.keyId.toLowerCase() }),
    );
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);

export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("api_keys.revoke", ["DELETE"]);
