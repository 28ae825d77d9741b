import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import { env } from "@/lib/env";
import { UUID } from "@/lib/uuid";

const key = () => new TextEncoder().encode(env.authSecret);

export type TokenClaims = JWTPayload & { sub: string; email?: string; name?: string };

/**
 * The one token format: an HS256 JWS ({"alg":"HS256","typ":"JWT"}) with `sub` = user id and `exp`.
 * The token endpoint issues it to API consumers and next-auth uses it as the browser's session cookie.
 */
export async function signToken(claims: { sub: string } & JWTPayload, ttlSeconds = env.TOKEN_TTL_SECONDS) {
  const now = Math.floor(Date.now() / 1000);
  const { iat: _iat, exp: _exp, nbf: _nbf, ...rest } = claims as JWTPayload;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(claims.sub))
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(key());
}

/**
 * Tokens already verified, until their `exp`: a client sends the same token with every request, and
 * the signature check is the same answer each time. Bounded; the oldest entry goes first.
 */
const verified = new Map<string, TokenClaims>();
const MAX_VERIFIED = 10_000;

/** Verifies signature (HS256 only: `none` and other algorithms are refused), `exp` and `nbf`. */
export async function verifyToken(token: string): Promise<TokenClaims | null> {
  const known = verified.get(token);
  if (known) {
    if (known.exp! * 1000 > Date.now()) return known;
    verified.delete(token);
  }
  const claims = await verifyUncached(token);
  if (claims) {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(token, claims);
  }
  return claims;
}

async function verifyUncached(token: string): Promise<TokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(), {
      algorithms: ["HS256"],
      requiredClaims: ["sub", "exp"],
    });
    if (typeof payload.sub !== "string" || !UUID.test(payload.sub)) return null;
    return payload as TokenClaims;
  } catch {
    return null;
  }
}
