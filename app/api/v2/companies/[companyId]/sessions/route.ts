import { ingestSessions } from "@/db/queries/ingest-sessions";
import { parseSessionItems, sessionBatchSchema } from "@/lib/contracts/sessions";
import { otherMethods } from "@/lib/api/handler";
import { withCompany } from "@/lib/api/with-company";
import { invalidateCompany } from "@/lib/cache";
import { validationError } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

const body = {
  schema: sessionBatchSchema,
  // 1,000 sessions of about 150 bytes each, with room for formatting.
  maxBytes: 512 * 1024,
  audit: (b: { sessions: unknown[] }) => ({ received: String(b.sessions.length) }),
};

/**
 * POST /api/v2/companies/{company_id}/sessions/ — a batch of raw activity sessions (owner/admin).
 * All-or-nothing; idempotent by id; every invalid item reported at once; the members' metrics are
 * brought up to date in the same transaction, with the request's audit row.
 */
export const POST = withCompany(
  { action: "sessions.ingest", permission: "sessions:write", body },
  async ({ body: batch, db, company, auditInTransaction }) => {
    const { sessions, errors } = parseSessionItems(batch.sessions);
    if (sessions.length === 0) throw validationError(errors, "Invalid sessions.");
    const result = await ingestSessions(db, company.id, sessions, batch.sessions.length, errors, (tx, r) =>
      auditInTransaction(tx, r.inserted > 0 ? 201 : 200, { inserted: String(r.inserted) }),
    );
    if (!result.ok) throw validationError(result.errors, "Invalid sessions.");
    if (result.inserted > 0) await invalidateCompany(company.id);
    const { ok: _ok, ...json } = result;
    return { json, status: result.inserted > 0 ? 201 : 200, headers: { "Cache-Control": "no-store" } };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("sessions.ingest", ["POST"]);
