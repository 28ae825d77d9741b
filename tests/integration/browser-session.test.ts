import { describe, expect, it } from "vitest";
import { ACME, api, GLOBEX, metricsPath } from "../helpers/api";
import { browserSignIn } from "../helpers/browser";

describe("browser sessions (next-auth credentials) on the same route handlers", () => {
  it("signs in and calls the API with the session cookie, which holds the same HS256 JWT", async () => {
    const { cookie, setCookie } = await browserSignIn("jane.smith@acme.test", "demo-password");
    expect(cookie).not.toBeNull();
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const jwt = cookie!.split("=")[1]!;
    expect(JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString())).toEqual({
      alg: "HS256",
      typ: "JWT",
    });

    const res = await api(metricsPath(ACME, "page_size=3"), { headers: { Cookie: cookie! } });
    expect(res.status).toBe(200);
    expect((res.body.results as unknown[]).length).toBe(3);
    // The cookie's token also works as a bearer token: one verification path.
    expect((await api(metricsPath(ACME, "page_size=3"), { token: jwt })).status).toBe(200);
  });

  it("gives no session for a wrong password, and a tampered cookie is refused", async () => {
    const wrong = await browserSignIn("jane.smith@acme.test", "not-the-password");
    expect(wrong.cookie).toBeNull();
    const res = await api(metricsPath(ACME), {
      headers: { Cookie: "next-auth.session-token=eyJhbGciOiJIUzI1NiJ9.e30.x" },
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("invalid_token");
  });

  it("refuses a session cookie of one company's member on another company", async () => {
    const { cookie } = await browserSignIn("jane.smith@acme.test", "demo-password"); // Acme only
    const res = await api(metricsPath(GLOBEX), { headers: { Cookie: cookie! } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "permission_denied", company_id: GLOBEX });
    expect(res.text).not.toMatch(/@globex/i);
  });

  it("enforces the company's permissions for browser sessions too", async () => {
    const { cookie } = await browserSignIn("viewer@acme.test", "demo-password");
    const res = await api(metricsPath(ACME), { headers: { Cookie: cookie! } });
    expect(res.status).toBe(403);
  });
});
