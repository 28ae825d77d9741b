import { ingestSessions } from "@/db/queries/ingest-sessions";
import { jsonResponse, otherMethods } from "@/lib/api/handler";
import { ADMIN_ROLES, withCompany } from "@/lib/api/with-company";
import { invalidateCompany } from "@/lib/cache";
import { readJsonBody } from "@/lib/validation/body";
import { fieldErrors, validationError } from "@/lib/validation/query";
import { parseSessionItems, sessionBatchSchema } from "@/lib/validation/sessions";

export const dynamic = "force-dynamic";

/** 1,000 sessions of about 150 bytes each, with room for formatting. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * POST /api/v2/companies/{company_id}/sessions/ — a batch of raw activity sessions (owner/admin).
 * All-or-nothing; idempotent by id; every invalid item reported at once; the members' metrics are
 * brought up to date in the same transaction.
 */
export const POST = withCompany({ action: "sessions.ingest", roles: ADMIN_ROLES }, async (req, ctx) => {
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  const batch = sessionBatchSchema.safeParse(body);
  if (!batch.success) throw validationError(fieldErrors(batch.error), "Invalid request body.");
  const { sessions, errors } = parseSessionItems(batch.data.sessions);
  ctx.auditExtra.received = String(batch.data.sessions.length);
  if (sessions.length === 0) throw validationError(errors, "Invalid sessions.");

  const result = await ingestSessions(
    ctx.database,
    ctx.company.id,
    sessions,
    batch.data.sessions.length,
    errors,
    (tx, r) => ctx.auditWithin(tx, r.inserted > 0 ? 201 : 200, { inserted: String(r.inserted) }),
  );
  if (!result.ok) throw validationError(result.errors, "Invalid sessions.");
  if (result.inserted > 0) await invalidateCompany(ctx.company.id);
  const { ok: _ok, ...body2 } = result;
  return jsonResponse(body2, result.inserted > 0 ? 201 : 200, { "Cache-Control": "no-store" });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("sessions.ingest", ["POST"]);
