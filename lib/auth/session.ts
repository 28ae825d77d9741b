import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { authOptions } from "./next-auth";

export type SignedInUser = { id: string; email: string; name: string };

/** The signed-in browser user (a live account), or null. */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .limit(1);
  return user ? { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}` } : null;
}

/** Only paths on this site may be returned to after sign-in (no open redirect). */
export function safeCallbackUrl(
  value: string | string[] | undefined | null,
  fallback = "/companies",
): string {
  const raw = Array.isArray(value) ? value[0] : value;
  // Control characters and backslashes are what browsers strip or rewrite into "//host".
  if (!raw || !raw.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(raw)) return fallback;
  try {
    const url = new URL(raw, "http://same.invalid");
    return url.origin === "http://same.invalid" ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

/** The signed-in user, or a redirect to sign-in that brings them back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SignedInUser> {
  const user = await getSignedInUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeCallbackUrl(returnTo))}`);
  return user;
}
