import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import { env } from "@/lib/env";
import { UUID } from "@/lib/uuid";

const key = () => new TextEncoder().encode(env.authSecret);

export type TokenClaims = JWTPayload & {
  sub: string;
  email?: string;
  name?: string;
  /** Browser sessions only: the session's id (revocable) and when its sign-in happened (seconds). */
  sid?: string;
  auth_time?: number;
};

/** The claims of a browser session (next-auth's cookie), as opposed to an API access token. */
export type SessionClaims = TokenClaims & { sid: string; auth_time: number };

export const isSessionClaims = (c: TokenClaims | null): c is SessionClaims =>
  !!c && typeof c.sid === "string" && UUID.test(c.sid) && typeof c.auth_time === "number";

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
 * A browser session's token. However often it is re-issued, it expires a fixed time after the
 * sign-in (`auth_time` + SESSION_MAX_AGE_SECONDS): re-issuing never extends a session. Null once
 * that time has passed.
 */
export async function signSessionToken(claims: SessionClaims): Promise<string | null> {
  const now = Math.floor(Date.now() / 1000);
  const exp = claims.auth_time + env.SESSION_MAX_AGE_SECONDS;
  if (exp <= now) return null;
  const { iat: _iat, exp: _exp, nbf: _nbf, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuedAt(now)
    .setExpirationTime(exp)
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
