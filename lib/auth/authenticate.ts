import "server-only";
import type { Db } from "@/db/client";
import { accessCache } from "@/db/access-cache";
import { findKeyAccess } from "@/db/queries/api-keys";
import { findCallerAccess } from "@/db/queries/companies";
import { API_KEY_PATTERN, API_KEY_SCOPES } from "@/lib/contracts/api-keys";
import type { User } from "@/db/schema";
import { ApiError, MESSAGES } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/request";
import { SESSION_COOKIES } from "./session-cookie";
import { hashApiKey, looksLikeApiKey } from "./api-keys";
import { can, type Permission } from "./policy";
import { isSessionClaims, verifyToken } from "./tokens";

export type Caller = Pick<User, "id" | "email" | "firstName" | "lastName"> & {
  /** How the caller proved who they are: a bearer token (API), an API key, or the session cookie (browser). */
  via: "bearer" | "key" | "cookie";
  /** The browser session (one sign-in), for a session token; null for an API access token. */
  sessionId: string | null;
  /**
   * For an API key: its id, its company, and what it may do now — its scopes, less whatever its
   * creator's current role in that company no longer allows. The caller is the key's creator.
   */
  key?: { id: string; companyId: string; scopes: Permission[] };
};

const challenge = (error?: string) => ({
  "WWW-Authenticate": error ? `Bearer realm="api", error="${error}"` : 'Bearer realm="api"',
});

function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return v.join("="); // not percent-encoded after all; verification will refuse it if it is bad
    }
  }
  return null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for requests that ride on the session cookie (bearer tokens are never sent by a
 * browser on its own): the browser's `Origin` must be this site's origin, or, without `Origin`,
 * `Sec-Fetch-Site` must say the request came from this site or the user. Without either, it is
 * not a browser we can vouch for, and a cookie alone is not enough. SameSite=Lax cookies already
 * stop most cross-site POSTs; this also covers same-site (other subdomain) attackers and old browsers.
 */
function sameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin) return origin === requestOrigin(req);
  const site = req.headers.get("sec-fetch-site");
  return site === "same-origin" || site === "none";
}

/**
 * The caller, from `Authorization: Bearer <jwt>` or else the next-auth session cookie: one token
 * format and one verification path for API consumers and browsers. Throws the API's 401s.
 */
export async function authenticate(req: Request, db: Db): Promise<Caller> {
  return (await authenticateFor(req, db, null)).caller;
}

/**
 * `authenticate`, plus the company named in the path and the caller's membership of it, read in
 * the same database round trip as the caller (`access` is null for an unknown or deleted company).
 */
export async function authenticateFor(req: Request, db: Db, companyId: string | null) {
  const header = req.headers.get("authorization");
  let token: string | null = null;
  let via: Caller["via"] = "bearer";
  if (header && /^bearer(\s|$)/i.test(header.trim())) {
    token = header.trim().slice(6).trim();
    if (!token)
      throw new ApiError(
        "invalid_token",
        "Invalid Authorization header. No token provided.",
        {},
        challenge("invalid_token"),
      );
  } else {
    const cookies = req.headers.get("cookie");
    token = SESSION_COOKIES.map((name) => readCookie(cookies, name)).find(Boolean) ?? null;
    via = "cookie";
  }
  if (!token) throw new ApiError("authentication_required", MESSAGES.authenticationRequired, {}, challenge());
  if (via === "bearer" && looksLikeApiKey(token)) return authenticateKey(db, token, companyId);

  const claims = await verifyToken(token);
  // The cookie carries browser sessions only: an API access token set as a cookie is refused. A
  // session ends a fixed time after its sign-in, whatever its token says.
  if (
    !claims ||
    (via === "cookie" && !isSessionClaims(claims)) ||
    (isSessionClaims(claims) && claims.auth_time + env.SESSION_MAX_AGE_SECONDS <= Date.now() / 1000)
  )
    throw new ApiError("invalid_token", MESSAGES.invalidToken, {}, challenge("invalid_token"));

  if (via === "cookie" && !SAFE_METHODS.has(req.method) && !sameOrigin(req))
    throw new ApiError(
      "csrf_failed",
      "Cross-site request refused: a browser session may change data only from this site's own pages.",
    );

  const sessionId = isSessionClaims(claims) ? claims.sid : null;
  const found = await accessCache().get(`user ${claims.sub} ${companyId} ${sessionId}`, () =>
    findCallerAccess(db, claims.sub, companyId, sessionId),
  );
  if (!found)
    throw new ApiError(
      "invalid_token",
      sessionId ? "Session ended or user no longer active." : "User not found or no longer active.",
      {},
      challenge("invalid_token"),
    );
  const caller: Caller = { ...found.user, via, sessionId };
  return { caller, access: found.access };
}

/**
 * A caller by API key: the key and its creator, their membership, and the company asked about,
 * in one round trip. A key of the wrong form, unknown, revoked, expired, or whose creator is no
 * longer an active member of its company, does not work at all (401).
 */
async function authenticateKey(db: Db, token: string, companyId: string | null) {
  const refused = () =>
    new ApiError("invalid_token", "Invalid, expired or revoked API key.", {}, challenge("invalid_token"));
  if (!API_KEY_PATTERN.test(token)) throw refused();
  const hash = hashApiKey(token);
  const found = await accessCache().get(
    `key ${hash} ${companyId}`,
    () => findKeyAccess(db, hash, companyId),
    (access) => access.key.expiresAt,
  );
  const creator = found?.key.creatorMembership;
  if (!found || !creator || creator.status !== "active") throw refused();
  const scopes = API_KEY_SCOPES.filter((s) => found.key.scopes.includes(s) && can(creator, s));
  const caller: Caller = {
    ...found.user,
    via: "key",
    sessionId: null,
    key: { id: found.key.id, companyId: found.key.companyId, scopes },
  };
  return { caller, access: found.access };
}
