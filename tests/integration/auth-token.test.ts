import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { api } from "../helpers/api";
import { connectTestDb } from "../helpers/db";

const conn = connectTestDb();
afterAll(() => conn.close());
const token = (body: unknown, headers: Record<string, string> = {}) =>
  api("/api/v2/auth/token/", { method: "POST", body, headers });

describe("POST /api/v2/auth/token/", () => {
  it("issues an HS256 JWT with sub = user id and exp", async () => {
    const res = await token({ email: "jane.smith@acme.test", password: "demo-password" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const access = res.body.access as string;
    expect(decodeProtectedHeader(access)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = decodeJwt(access);
    expect(claims.sub).toBe("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
  });

  it("accepts the email in any case and records the sign-in as last login", async () => {
    const before = Date.now() - 1000;
    const res = await token({ email: "  John.Doe@ACME.test ", password: "demo-password" });
    expect(res.status).toBe(200);
    const [row] = await conn.sql<
      { last_login_at: Date }[]
    >`select last_login_at from users where email = 'john.doe@acme.test'`;
    expect(row!.last_login_at.getTime()).toBeGreaterThan(before);
  });

  it("refuses wrong credentials with 401 authentication_failed, the same for unknown accounts", async () => {
    for (const body of [
      { email: "jane.smith@acme.test", password: "wrong" },
      { email: `nobody-${randomUUID()}@example.test`, password: "demo-password" },
    ]) {
      const res = await token(body, { "X-Forwarded-For": `10.1.0.${Math.floor(Math.random() * 200)}` });
      expect(res.status).toBe(401);
      expect(Object.keys(res.body)).toEqual(["detail", "code", "timestamp"]);
      expect(res.body.code).toBe("authentication_failed");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("stores passwords only as slow hashes", async () => {
    const rows = await conn.sql<
      { password_hash: string }[]
    >`select password_hash from users where email like '%@acme.test' limit 5`;
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$2[aby]\$1\d\$/);
      expect(row.password_hash).not.toContain("demo-password");
    }
  });

  it("validates the body: missing fields, blank fields, wrong types, malformed JSON, wrong content type, oversized", async () => {
    const missing = await token({});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: "validation_error",
      errors: { email: ["This field is required."], password: ["This field is required."] },
    });
    const blank = await token({ email: " ", password: "" });
    expect(blank.body.errors).toEqual({
      email: ["This field may not be blank."],
      password: ["This field may not be blank."],
    });
    expect((await token({ email: 1, password: ["x"] })).status).toBe(400);
    expect((await token([1, 2])).status).toBe(400);
    const malformed = await api("/api/v2/auth/token/", {
      method: "POST",
      raw: '{"email":',
      headers: { "Content-Type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("parse_error");
    const form = await api("/api/v2/auth/token/", {
      method: "POST",
      raw: "email=a&password=b",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe("unsupported_media_type");
    const huge = await token({ email: "a@b.c", password: "x".repeat(10_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe("payload_too_large");
    const get = await api("/api/v2/auth/token/");
    expect(get.status).toBe(405);
    expect(get.body.code).toBe("method_not_allowed");
  });

  it("slows password guessing: 10 failures per account within 15 minutes, then 429 even with the right password", async () => {
    const [user] = await conn.sql<
      { email: string }[]
    >`select email from users where email like '%@globex.test' and email <> 'admin@globex.test' order by email limit 1 offset 7`;
    const email = user!.email;
    for (let i = 0; i < 10; i++) {
      const res = await token({ email, password: `guess-${i}` }, { "X-Forwarded-For": `10.2.${i}.1` });
      expect(res.status).toBe(401);
    }
    const blocked = await token({ email, password: "demo-password" }, { "X-Forwarded-For": "10.2.99.1" });
    expect(blocked.status).toBe(429);
    expect(Object.keys(blocked.body)).toEqual(["detail", "code", "retry_after", "timestamp"]);
    expect(blocked.body.code).toBe("rate_limit_exceeded");
    expect(Number(blocked.headers.get("retry-after"))).toBe(blocked.body.retry_after);
    expect(blocked.body.retry_after as number).toBeGreaterThan(0);
  });

  it("slows guessing from one address across accounts: 50 failures, then 429", async () => {
    const address = `10.3.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 50; i++) {
      const res = await token(
        { email: `spray-${i}-${randomUUID()}@example.test`, password: "x" },
        { "X-Forwarded-For": address },
      );
      expect(res.status).toBe(401);
    }
    const blocked = await token(
      { email: "jane.smith@acme.test", password: "demo-password" },
      { "X-Forwarded-For": address },
    );
    expect(blocked.status).toBe(429);
  });

  it("records the client address named by the trusted proxy in the audit row", async () => {
    const res = await token(
      { email: "nobody-xff@example.test", password: "x" },
      { "X-Forwarded-For": "203.0.113.9, 10.9.9.9" },
    );
    const [row] = await conn.sql<
      { client_address: string }[]
    >`select client_address from audit_log where request_id = ${res.headers.get("x-request-id")!}`;
    // One trusted hop (the test client): the last entry the client sent is what that proxy saw.
    expect(row!.client_address).toBe("10.9.9.9");
  });

  it("does not block many successful sign-ins of different accounts from one address", async () => {
    const rows = await conn.sql<
      { email: string }[]
    >`select email from users where email like '%@acme.test' order by email limit 35`;
    const address = "10.4.0.1";
    const results = await Promise.all(
      rows.map((r) => token({ email: r.email, password: "demo-password" }, { "X-Forwarded-For": address })),
    );
    expect(results.map((r) => r.status)).toEqual(rows.map(() => 200));
  });
});
