import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACME, api, baseUrl, login } from "../helpers/api";
import { browserSignIn } from "../helpers/browser";
import { TEST_AUTH_SECRET } from "../helpers/config";

const refreshPath = `/api/v2/companies/${ACME}/user-metrics/refresh/`;

describe("CSRF: POSTs that ride on the session cookie", () => {
  it("are refused from another origin or without any origin, and served from this one", async () => {
    const { cookie } = await browserSignIn("jane.smith@acme.test", "demo-password"); // an Acme admin
    const post = (headers: Record<string, string>) =>
      api(refreshPath, { method: "POST", headers: { Cookie: cookie!, ...headers } });

    const foreign = await post({ Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: "csrf_failed" });
    expect(foreign.body.detail).toMatch(/Cross-site request refused/);

    const crossSite = await post({ "Sec-Fetch-Site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect((await post({})).status).toBe(403); // no Origin, no Sec-Fetch-Site: not a browser we know

    expect((await post({ Origin: baseUrl() })).status).toBe(200);
    expect((await post({ "Sec-Fetch-Site": "same-origin" })).status).toBe(200);
  });

  it("do not apply to bearer tokens, which a browser never sends on its own", async () => {
    const token = await login("jane.smith@acme.test");
    const res = await api(refreshPath, {
      method: "POST",
      token,
      headers: { Origin: "https://evil.example" },
    });
    expect(res.status).toBe(200);
  });
});

describe("the session cookie behind HTTPS", () => {
  it("is __Secure-, Secure, HttpOnly and SameSite=Lax when the site is served over HTTPS", async () => {
    // The test server stands behind one trusted proxy; this one says the client came over HTTPS.
    const { setCookie: session } = await browserSignIn("jane.smith@acme.test", "demo-password", {
      "X-Forwarded-Proto": "https",
    });
    expect(session).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
  });
});

describe("security headers", () => {
  it("pages carry a Content-Security-Policy with a fresh nonce that their scripts use", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${baseUrl()}/sign-in/`);
      expect(res.status).toBe(200);
      const policy = res.headers.get("content-security-policy") ?? "";
      expect(policy).toMatch(/default-src 'self'/);
      expect(policy).toMatch(/frame-ancestors 'none'/);
      expect(policy).toMatch(/object-src 'none'/);
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce).toBeTruthy();
      nonces.push(nonce!);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("every response, API included, has the usual hardening headers", async () => {
    for (const p of ["/sign-in/", "/api/health/", `/api/v2/companies/${ACME}/user-metrics/`]) {
      const res = await fetch(`${baseUrl()}${p}`);
      expect(res.headers.get("x-content-type-options"), p).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), p).toBe("DENY");
      expect(res.headers.get("referrer-policy"), p).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("strict-transport-security"), p).toMatch(/max-age=\d+/);
      expect(res.headers.get("x-powered-by"), p).toBeNull();
    }
  });
});

describe("client bundles", () => {
  it("hold no secret, connection string or server-only name", () => {
    const root = path.join(process.cwd(), ".next", "static");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(js|css|json|html|txt|map)$/.test(entry.name)) files.push(full);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(5);
    const forbidden = [
      TEST_AUTH_SECRET,
      "user-metrics-development-secret", // the built-in development secret
      "AUTH_SECRET",
      "DATABASE_URL",
      "REDIS_URL",
      "UPSTASH_REDIS_REST_TOKEN",
      "METRICS_TOKEN",
      "postgres://",
      "redis://",
      "password_hash",
      "$2b$", // bcrypt hashes
    ];
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      for (const needle of forbidden) expect(text.includes(needle), `${needle} in ${file}`).toBe(false);
    }
  });
});
