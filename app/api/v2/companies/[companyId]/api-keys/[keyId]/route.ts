import { otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { revokeCompanyKey } from "@/lib/api-keys";
import { UUID } from "@/lib/uuid";
import { ApiError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

/** DELETE /api/v2/companies/{company_id}/api-keys/{key_id}/ — revoke a key (owners and admins). */
export const DELETE = withCompany<undefined, undefined, { companyId: string; keyId: string }>(
  { action: "api_keys.revoke", permission: "keys:manage" },
  async ({ db, company, params, auditInTransaction }) => {
    if (!UUID.test(params.keyId)) throw new ApiError("not_found", "No such API key in this company.");
    const keyId = params.keyId.toLowerCase();
    await revokeCompanyKey(db, company.id, keyId, (tx) => auditInTransaction(tx, 204, { key_id: keyId }));
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);

export const { GET, POST, PUT, PATCH, OPTIONS } = otherMethods("api_keys.revoke", ["DELETE"]);
