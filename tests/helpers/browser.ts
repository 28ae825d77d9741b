import { baseUrl } from "./api";

/**
 * Signs in through next-auth's credentials flow, the way the sign-in page does, and returns the
 * session cookie (`__Secure-` prefixed when `headers` say the site is served over HTTPS). `base`:
 * the server's URL (the integration server's by default).
 */
export async function browserSignIn(
  email: string,
  password: string,
  headers: Record<string, string> = {},
  base = baseUrl(),
) {
  const csrfRes = await fetch(`${base}/api/auth/csrf/`, { headers });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials/`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  return { status: res.status, cookie: session?.split(";")[0] ?? null, setCookie: session ?? "" };
}

/** Signs a browser session out through next-auth (its CSRF token, then the sign-out form). */
export async function browserSignOut(cookie: string, base = baseUrl()) {
  const csrfRes = await fetch(`${base}/api/auth/csrf/`, { headers: { Cookie: cookie } });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return fetch(`${base}/api/auth/signout/`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: `${csrfCookie}; ${cookie}` },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
}
