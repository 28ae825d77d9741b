import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { ApiError, rateLimitDetail } from "@/lib/api/errors";
import { loginFailures } from "@/lib/rate-limit";
import { verifyPassword } from "./password";

export const WRONG_CREDENTIALS = "No active account found with the given credentials.";

/**
 * Checks an email and password. Failed attempts are counted per account and per client address;
 * past the limit the caller gets 429 until the window moves on, even with the right password.
 * Successful sign-ins are not counted, so many people behind one address can sign in.
 */
export async function signInWithPassword(db: Db, email: string, password: string, address: string) {
  const account = email.trim().toLowerCase();
  const wait = await loginFailures.blocked(account, address);
  if (wait !== null) {
    throw new ApiError(
      "rate_limit_exceeded",
      rateLimitDetail(wait),
      { retry_after: wait },
      { "Retry-After": String(wait) },
    );
  }
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, account), isNull(users.deletedAt)))
    .limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !ok) {
    await loginFailures.record(account, address);
    throw new ApiError(
      "authentication_failed",
      WRONG_CREDENTIALS,
      {},
      { "WWW-Authenticate": 'Bearer realm="api"' },
    );
  }
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}` };
}
