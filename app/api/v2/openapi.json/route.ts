import { apiHandler, otherMethods } from "@/lib/api/handler";
import { buildOpenApi } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

/**
 * GET /api/v2/openapi.json — the OpenAPI 3.1 document, generated from the handlers' zod schemas.
 * Its server is relative ("/"): never taken from request headers a proxy or client could set.
 */
export const GET = apiHandler("openapi", async () =>
  Response.json(buildOpenApi("/"), { headers: { "Cache-Control": "private, max-age=300" } }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("openapi", ["GET"]);
