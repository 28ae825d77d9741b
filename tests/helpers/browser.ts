import { baseUrl } from "./api";

/** Signs in through next-auth's credentials flow, the way the sign-in page does, and returns the cookie. */
export async function browserSignIn(email: string, password: string) {
  const csrfRes = await fetch(`${baseUrl()}/api/auth/csrf/`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${baseUrl()}/api/auth/callback/credentials/`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  return { status: res.status, cookie: session?.split(";")[0] ?? null, setCookie: session ?? "" };
}
