import { getDb } from "@/db/client";
import { tokenRequestSchema } from "@/lib/contracts/auth";
import { apiHandler, otherMethods } from "@/lib/api/handler";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { signToken } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/request";

export const dynamic = "force-dynamic";

const body = {
  schema: tokenRequestSchema,
  maxBytes: 4096,
  // Who tried: the (normalised) account, never the password.
  audit: (b: { email: string }) => ({ email: b.email.toLowerCase().replaceAll("\u0000", "").slice(0, 254) }),
};

/** POST /api/v2/auth/token/ — email and password for an HS256 access token. */
export const POST = apiHandler({ action: "auth.token", body }, async ({ req, body: { email, password } }) => {
  const user = await signInWithPassword(await getDb(), email, password, clientAddress(req));
  const access = await signToken({ sub: user.id, email: user.email, name: user.name });
  const json = { access, token_type: "Bearer", expires_in: env.TOKEN_TTL_SECONDS };
  return { json, actor: user.id, headers: { "Cache-Control": "no-store" } };
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("auth.token", ["POST"]);
