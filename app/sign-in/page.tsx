import type { Metadata } from "next";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSignedInUser } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSignedInUser()) redirect(callbackUrl);
  return (
    <main id="main" className="auth-page">
      <ThemeToggle className="button ghost small auth-theme" />
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark">▮▮▮</span> User Metrics
        </p>
        <h1>Sign in</h1>
        <p className="muted">Engagement analytics for your company&apos;s users.</p>
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
