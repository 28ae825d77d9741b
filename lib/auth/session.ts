import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { findCallerAccess } from "@/db/queries/companies";
import { safeCallbackUrl } from "./callback-url";
import { authOptions } from "./next-auth";

export type SignedInUser = { id: string; email: string; name: string };

/** The signed-in browser user (a live account), or null. */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  const sid = (session as { sid?: string } | null)?.sid;
  if (!id || !sid) return null;
  // The same check as the API's: a live user, and a session not signed out.
  const found = await findCallerAccess(await getDb(), id, null, sid);
  if (!found) return null;
  const { user } = found;
  return { id: user.id, email: user.email, name: `${user.firstName} ${user.lastName}` };
}

/** The signed-in user, or a redirect to sign-in that brings them back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SignedInUser> {
  const user = await getSignedInUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeCallbackUrl(returnTo))}`);
  return user;
}
