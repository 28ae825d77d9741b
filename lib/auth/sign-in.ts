import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { ApiError, rateLimitDetail } from "@/lib/api/errors";
import { signInLimiter } from "@/lib/rate-limit";
import { hashPassword, needsRehash, verifyPassword } from "./password";

export const WRONG_CREDENTIALS = "No active account found with the given credentials.";
export const SIGN_IN_UNAVAILABLE = "Sign-in is unavailable for a moment. Try again shortly.";

/**
 * Checks an email and password. The attempt is counted (per address and per account) and any
 * failure delay applied before the password is hashed; past a few failures from one address the
 * next attempt from there must wait, growing with each failure, while the account stays open from
 * everywhere else. Without the limiter's store, sign-in is refused (503) rather than unlimited.
 */
export async function signInWithPassword(db: Db, email: string, password: string, address: string) {
  const account = email.trim().toLowerCase();
  const gate = await signInLimiter.admit(account, address);
  if (!gate.ok) {
    if ("unavailable" in gate)
      throw new ApiError("service_unavailable", SIGN_IN_UNAVAILABLE, {}, { "Retry-After": "5" });
    throw new ApiError(
      "rate_limit_exceeded",
      rateLimitDetail(gate.retryAfter),
      { retry_after: gate.retryAfter },
      { "Retry-After": String(gate.retryAfter) },
    );
  }
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, account), isNull(users.deletedAt)))
    .limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !ok) {
    await signInLimiter.failed(address);
    throw new ApiError(
      "authentication_failed",
      WRONG_CREDENTIALS,
      {},
      { "WWW-Authenticate": 'Bearer realm="api"' },
    );
  }
  await signInLimiter.succeeded(account, address);
  // A hash of an earlier release is replaced now that the password is known.
  const upgrade = needsRehash(user.passwordHash) ? { passwordHash: await hashPassword(password) } : {};
  await db
    .update(users)
    .set({ lastLoginAt: new Date(), ...upgrade })
    .where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}` };
}
