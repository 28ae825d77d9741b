"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { safeCallbackUrl } from "@/lib/auth/callback-url";

export function SignInForm({ callbackUrl: requested }: { callbackUrl: string }) {
  // Checked again here: whatever reaches the form, the browser only ever goes to a path of this site.
  const callbackUrl = safeCallbackUrl(requested);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl,
    });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    // next-auth reports a plain failure as "CredentialsSignin"; the limiter's message comes through as is.
    setError(
      !result?.error || result.error === "CredentialsSignin" ? "Wrong email or password." : result.error,
    );
  }

  return (
    <form onSubmit={onSubmit} className="form" noValidate={false}>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <p className="form-error" role="alert" aria-live="assertive">
        {error}
      </p>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className="hint">
        Demo: <code>jane.smith@acme.test</code> / <code>demo-password</code>
      </p>
    </form>
  );
}
