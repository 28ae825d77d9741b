import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { afterAll, describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { api } from "../helpers/api";
import { connectTestDb, startOfQuietMinute } from "../helpers/db";

const conn = connectTestDb();
afterAll(() => conn.close());
/** A Globex member other than its admin, by position: each test gets an account of its own. */
async function globexMember(offset: number) {
  const [user] = await conn.sql<
    { email: string }[]
  >`select email from users where email like '%@globex.test' and email <> 'admin@globex.test' order by email limit 1 offset ${offset}`;
  return user!.email;
}
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
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
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

  it("counts attempts atomically before hashing: 60 concurrent wrong passwords for one account get at most 6 checks", async () => {
    const email = await globexMember(7);
    const address = `10.2.${Math.floor(Math.random() * 250)}.1`;
    const statuses: number[] = [];
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          token({ email, password: `guess-${round}-${i}` }, { "X-Forwarded-For": address }),
        ),
      );
      statuses.push(...results.map((r) => r.status));
      for (const r of results.filter((r) => r.status === 429)) {
        expect(Object.keys(r.body)).toEqual(["detail", "code", "retry_after", "timestamp"]);
        expect(Number(r.headers.get("retry-after"))).toBe(r.body.retry_after);
      }
    }
    // Five free failures, then the sixth sets the first delay: every other attempt was refused unhashed.
    expect(statuses.filter((s) => s === 401).length).toBe(6);
    expect(statuses.filter((s) => s === 429).length).toBe(54);
  });

  it("slows one address with growing delays and never locks the rightful owner out from elsewhere", async () => {
    const email = await globexMember(8);
    const attacker = `10.5.${Math.floor(Math.random() * 250)}.3`;
    for (let i = 0; i < 6; i++)
      expect((await token({ email, password: `guess-${i}` }, { "X-Forwarded-For": attacker })).status).toBe(
        401,
      );
    const first = await token({ email, password: "demo-password" }, { "X-Forwarded-For": attacker });
    expect(first.status).toBe(429); // even the right password waits: more proof is asked of this address
    expect(first.body.retry_after).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await token({ email, password: "guess-6" }, { "X-Forwarded-For": attacker })).status).toBe(401);
    const second = await token({ email, password: "guess-7" }, { "X-Forwarded-For": attacker });
    expect(second.status).toBe(429);
    expect(second.body.retry_after).toBe(2); // the delay doubles with each failure
    // The owner, from their own address, is not locked out of their account.
    expect(
      (await token({ email, password: "demo-password" }, { "X-Forwarded-For": "10.5.251.9" })).status,
    ).toBe(200);
  });

  it("slows guessing from one address across accounts: 20 failures, then that address waits", async () => {
    const address = `10.3.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 21; i++) {
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
    const elsewhere = await token(
      { email: "jane.smith@acme.test", password: "demo-password" },
      { "X-Forwarded-For": "10.3.251.8" },
    );
    expect(elsewhere.status).toBe(200);
  });

  it("limits attempts, successful ones included, per account (30 a minute from anywhere)", async () => {
    const email = await globexMember(9);
    await startOfQuietMinute(20); // keep the attempts inside one clock-aligned minute
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push(
        (await token({ email, password: "demo-password" }, { "X-Forwarded-For": `10.6.${i}.2` })).status,
      );
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("limits attempts, successful ones included, per address (60 a minute)", async () => {
    const rows = await conn.sql<
      { email: string }[]
    >`select email from users where email like '%@acme.test' order by email desc limit 61`;
    const address = `10.7.${Math.floor(Math.random() * 250)}.4`;
    await startOfQuietMinute(20); // keep the attempts inside one clock-aligned minute
    const statuses: number[] = [];
    for (let i = 0; i < rows.length; i += 10)
      statuses.push(
        ...(
          await Promise.all(
            rows
              .slice(i, i + 10)
              .map((r) =>
                token({ email: r.email, password: "demo-password" }, { "X-Forwarded-For": address }),
              ),
          )
        ).map((r) => r.status),
      );
    expect(statuses.filter((s) => s === 200).length).toBe(60);
    expect(statuses.filter((s) => s === 429).length).toBe(1);
  });

  it("upgrades a hash of the earlier release (bcrypt) to argon2id at the next sign-in", async () => {
    const email = await globexMember(10);
    const legacy = await bcrypt.hash("demo-password", 10);
    await conn.sql`update users set password_hash = ${legacy} where email = ${email}`;
    const res = await token({ email, password: "demo-password" }, { "X-Forwarded-For": "10.8.0.1" });
    expect(res.status).toBe(200);
    const [row] = await conn.sql<
      { password_hash: string }[]
    >`select password_hash from users where email = ${email}`;
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      (await token({ email, password: "demo-password" }, { "X-Forwarded-For": "10.8.0.1" })).status,
    ).toBe(200);
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
