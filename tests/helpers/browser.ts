import { baseUrl } from "./api";

/**
 * Signs in through next-auth's credentials flow, the way the sign-in page does, and returns the
 * session cookie (`__Secure-` prefixed when `headers` say the site is served over HTTPS).
 */
export async function browserSignIn(email: string, password: string, headers: Record<string, string> = {}) {
  const csrfRes = await fetch(`${baseUrl()}/api/auth/csrf/`, { headers });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials/`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  return { status: res.status, cookie: session?.split(";")[0] ?? null, setCookie: session ?? "" };
}
