"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";

/**
 * Signs out after stopping this tab's requests and forgetting what they fetched: nothing of the
 * signed-out user stays in memory, and no request still on its way comes back refused.
 */
export function SignOutButton({ className = "button ghost" }: { className?: string }) {
  const queries = useQueryClient();
  const signOutNow = async () => {
    await queries.cancelQueries();
    queries.clear();
    await signOut({ callbackUrl: "/sign-in" });
  };
  return (
    <button type="button" className={className} onClick={() => void signOutNow()}>
      Sign out
    </button>
  );
}
