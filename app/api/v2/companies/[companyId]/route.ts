import { setCompanyTimeZone } from "@/db/queries/companies";
import { updateCompanySchema, type UpdateCompanyBody } from "@/lib/contracts/companies";
import { otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { invalidateCompany } from "@/lib/cache";

export const dynamic = "force-dynamic";

const body = {
  schema: updateCompanySchema,
  maxBytes: 1024,
  audit: (b: UpdateCompanyBody) => ({ timezone: b.timezone }),
};

/** GET /api/v2/companies/{company_id}/ — the company and its settings (anyone who may read its metrics). */
export const GET = withCompany(
  { action: "companies.read", permission: "metrics:read" },
  async ({ company }) => ({
    json: { id: company.id, name: company.name, timezone: company.timezone },
    headers: { "Cache-Control": "no-store" },
  }),
);

/**
 * PATCH …/ — change the company's time zone (owners and admins, people only). Its rollups are
 * recomputed in the new zone in the same transaction as the change and its audit row, after any
 * refresh in progress; its cached results are retired.
 */
export const PATCH = withCompany(
  { action: "companies.update", permission: "company:manage", body },
  async ({ db, company, body: input, auditInTransaction }) => {
    const { company: updated, changed } = await setCompanyTimeZone(
      db,
      company.id,
      input.timezone,
      (tx, changed) => auditInTransaction(tx, 200, { changed: String(changed) }),
    );
    if (changed) await invalidateCompany(company.id);
    return { json: updated, headers: { "Cache-Control": "no-store" } };
  },
);

export const { POST, PUT, DELETE, OPTIONS } = otherMethods("companies.read", ["GET", "PATCH"]);
