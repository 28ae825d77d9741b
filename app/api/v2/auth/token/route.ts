import { apiHandler, jsonResponse, otherMethods } from "@/lib/api/handler";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { signToken } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/request";
import { tokenRequestSchema } from "@/lib/validation/auth";
import { readJsonBody } from "@/lib/validation/body";
import { fieldErrors, validationError } from "@/lib/validation/query";

export const dynamic = "force-dynamic";

/** POST /api/v2/auth/token/ — email and password for an HS256 access token. */
export const POST = apiHandler("auth.token", async (req, ctx) => {
  const body = await readJsonBody(req, 4096);
  const parsed = tokenRequestSchema.safeParse(body);
  if (!parsed.success) throw validationError(fieldErrors(parsed.error), "Invalid request body.");
  // Who tried: the (normalised) account, never the password.
  ctx.auditExtra.email = parsed.data.email.toLowerCase().replaceAll("\u0000", "").slice(0, 254);
  const db = await ctx.db();
  const user = await signInWithPassword(db, parsed.data.email, parsed.data.password, clientAddress(req));
  ctx.actorId = user.id;
  const access = await signToken({ sub: user.id, email: user.email, name: user.name });
  return jsonResponse({ access, token_type: "Bearer", expires_in: env.TOKEN_TTL_SECONDS }, 200, {
    "Cache-Control": "no-store",
  });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("auth.token", ["POST"]);
