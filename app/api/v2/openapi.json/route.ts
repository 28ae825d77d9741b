import { buildOpenApi } from "@/lib/api/openapi";
import { requestOrigin } from "@/lib/request";

export const dynamic = "force-dynamic";

/** GET /api/v2/openapi.json — the OpenAPI 3.1 document, generated from the handlers' zod schemas. */
export function GET(req: Request) {
  return Response.json(buildOpenApi(requestOrigin(req)), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
