import { createHash } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createdApiKeySchema, apiKeyListSchema } from "@/lib/contracts/api-keys";
import { ACME, api, forgeToken, GLOBEX, metricsPath } from "../helpers/api";
import { TEST_PG_ADMIN_URL } from "../helpers/config";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { within } from "../helpers/wait";
import { resetDemoData } from "@/db/seed/seed";
import { freshDemoDatabase } from "../../scripts/lib/fresh-stores";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";
import { SERVER_ENV } from "./global-setup";

const conn = connectTestDb();
let second: RunningServer;
let fixture: Awaited<ReturnType<typeof createCompany>>;
let adminToken: string;
let memberToken: string;

beforeAll(async () => {
  fixture = await createCompany(conn.db, [
    { role: "admin", sessions: [sessionEndingDaysAgo(1)] },
    { role: "member", sessions: [sessionEndingDaysAgo(2)] },
    { role: "viewer" },
    { role: "owner" },
  ]);
  adminToken = await forgeToken(fixture.members[0]!.userId);
  memberToken = await forgeToken(fixture.members[1]!.userId);
  second = await startServer(SERVER_ENV, "second instance");
});
afterAll(async () => {
  await second?.stop();
  await conn.close();
});

const keysPath = (companyId = fixture.companyId) => `/api/v2/companies/${companyId}/api-keys/`;
const create = (body: unknown, token = adminToken, companyId = fixture.companyId) =>
  api(keysPath(companyId), { method: "POST", token, body });
async function newKey(scopes: string[], token = adminToken) {
  const res = await create({ name: `key ${scopes.join("+")}`, scopes, expires_in_days: 30 }, token);
  expect(res.status).toBe(201);
  return createdApiKeySchema.parse(res.body);
}

describe("API keys: management", () => {
  it("creates a key shown once, stored only as its SHA-256, listed without the secret", async () => {
    const res = await create({
      name: "  CI exporter ",
      scopes: ["metrics:read", "metrics:export"],
      expires_in_days: 90,
    });
    expect(res.status).toBe(201);
    const key = createdApiKeySchema.parse(res.body);
    expect(key.key).toMatch(/^um_[0-9A-Za-z]{40}$/);
    expect(key.prefix).toBe(key.key.slice(3, 11));
    expect(key.name).toBe("CI exporter");
    expect(key.created_by).toEqual({ user_id: fixture.members[0]!.userId, email: fixture.members[0]!.email });
    expect(Date.parse(key.expires_at!) - Date.parse(key.created_at)).toBeGreaterThan(89 * 86_400_000);
    const [stored] = await conn.sql<
      { secret_hash: string }[]
    >`select secret_hash from api_keys where id = ${key.id}`;
    expect(stored!.secret_hash).toBe(createHash("sha256").update(key.key).digest("hex"));
    const rows = await conn.sql`select 1 from api_keys where secret_hash = ${key.key} or prefix = ${key.key}`;
    expect(rows).toHaveLength(0);

    const list = await api(keysPath(), { token: adminToken });
    expect(list.status).toBe(200);
    const { results } = apiKeyListSchema.parse(list.body);
    expect(results[0]!.id).toBe(key.id);
    expect(list.text).not.toContain(key.key);
  });

  it("reports every invalid field of a create request together", async () => {
    const res = await create({ name: "", scopes: ["metrics:read", "nope"], expires_in_days: 366 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_error");
    expect(Object.keys(res.body.errors as object).sort()).toEqual(["expires_in_days", "name", "scopes"]);
    expect((await create({ name: "x", scopes: [] })).body.errors).toEqual({
      scopes: ["Choose at least one scope."],
    });
    expect(
      (await create({ name: "x".repeat(101), scopes: ["metrics:read"], expires_in_days: 0 })).status,
    ).toBe(400);
    expect((await create({ name: "x", scopes: ["metrics:read"], expires_in_days: null })).status).toBe(201);
  });

  it("is for owners and admins only, and for people only: a key cannot manage keys", async () => {
    expect((await create({ name: "x", scopes: ["metrics:read"] }, memberToken)).status).toBe(403);
    expect((await api(keysPath(), { token: memberToken })).status).toBe(403);
    expect((await api(keysPath(), { token: await forgeToken(fixture.members[2]!.userId) })).status).toBe(403);
    const key = await newKey(["metrics:read", "metrics:export", "metrics:refresh", "sessions:write"]);
    const byKey = await api(keysPath(), { token: key.key });
    expect(byKey.status).toBe(403);
    expect(byKey.body.code).toBe("permission_denied");
    expect((await create({ name: "x", scopes: ["metrics:read"] }, key.key)).status).toBe(403);
  });
});

describe("API keys: use", () => {
  it("reads with metrics:read and is refused, with RFC 6750's challenge, for a scope it lacks", async () => {
    const key = await newKey(["metrics:read"]);
    expect((await api(metricsPath(fixture.companyId), { token: key.key })).status).toBe(200);
    expect(
      (await api(`/api/v2/companies/${fixture.companyId}/user-metrics/summary/`, { token: key.key })).status,
    ).toBe(200);
    for (const [path, method, scope] of [
      ["user-metrics/export/", "GET", "metrics:export"],
      ["user-metrics/refresh/", "POST", "metrics:refresh"],
      ["sessions/", "POST", "sessions:write"],
    ] as const) {
      const res = await api(`/api/v2/companies/${fixture.companyId}/${path}`, {
        method,
        token: key.key,
        ...(method === "POST" && path === "sessions/" ? { body: { sessions: [] } } : {}),
      });
      expect(res.status, path).toBe(403);
      expect(res.body).toMatchObject({ code: "insufficient_scope", required_scope: scope });
      expect(Object.keys(res.body)).toEqual(["detail", "code", "required_scope", "timestamp"]);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer error="insufficient_scope", scope="${scope}"`);
    }
  });

  it("refuses a key on another company's path (403) and an unknown company (404)", async () => {
    const key = await newKey(["metrics:read"]);
    const other = await api(metricsPath(GLOBEX), { token: key.key });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: "permission_denied", company_id: GLOBEX });
    expect((await api(metricsPath("00000000-0000-4000-8000-000000000000"), { token: key.key })).status).toBe(
      404,
    );
  });

  it("refuses malformed, unknown, expired and revoked keys with 401 invalid_token, never a 500", async () => {
    const key = await newKey(["metrics:read"]);
    const expired = await newKey(["metrics:read"]);
    await conn.sql`update api_keys set expires_at = now() - interval '1 second' where id = ${expired.id}`;
    for (const token of [
      "um_",
      "um_short",
      `um_${"é".repeat(40)}`,
      `um_${"A".repeat(40)}`,
      expired.key,
      `${key.key}x`,
    ]) {
      const res = await api(metricsPath(fixture.companyId), { token });
      expect(res.status, token).toBe(401);
      expect(res.body.code).toBe("invalid_token");
    }
    expect((await api(metricsPath(ACME), { headers: { Authorization: "Bearer" } })).status).toBe(401);
  });

  it("stops working on every instance as soon as it is revoked", async () => {
    const key = await newKey(["metrics:read"]);
    const onSecond = () =>
      fetch(`${second.url}${metricsPath(fixture.companyId)}`, {
        headers: { Authorization: `Bearer ${key.key}` },
      });
    expect((await api(metricsPath(fixture.companyId), { token: key.key })).status).toBe(200);
    expect((await onSecond()).status).toBe(200);
    const revoked = await api(`${keysPath()}${key.id}/`, { method: "DELETE", token: adminToken });
    expect(revoked.status).toBe(204);
    expect((await api(metricsPath(fixture.companyId), { token: key.key })).status).toBe(401);
    expect((await onSecond()).status).toBe(401);
    const list = apiKeyListSchema.parse((await api(keysPath(), { token: adminToken })).body);
    expect(list.results.map((k) => k.id)).not.toContain(key.id);
    expect((await api(`${keysPath()}${key.id}/`, { method: "DELETE", token: adminToken })).status).toBe(404);
    expect((await api(`${keysPath()}not-a-uuid/`, { method: "DELETE", token: adminToken })).status).toBe(404);
  });

  it("loses what its creator loses: demoted, the refresh scope goes; no longer active, the key stops", async () => {
    const company = await createCompany(conn.db, [{ role: "admin", sessions: [sessionEndingDaysAgo(1)] }]);
    const creator = company.members[0]!.userId;
    const token = await forgeToken(creator);
    const res = await create(
      { name: "ops", scopes: ["metrics:read", "metrics:refresh"] },
      token,
      company.companyId,
    );
    const key = createdApiKeySchema.parse(res.body);
    const refresh = () =>
      api(`/api/v2/companies/${company.companyId}/user-metrics/refresh/`, { method: "POST", token: key.key });
    expect((await refresh()).status).toBe(200);
    await conn.sql`update memberships set role = 'member' where company_id = ${company.companyId} and user_id = ${creator}`;
    // Written straight into the table, as another instance would: every instance hears it within
    // milliseconds (db/access-cache.ts), not necessarily before this test's next request.
    expect(await within(1000, async () => (await refresh()).body.code === "insufficient_scope")).toBeLessThan(
      1000,
    );
    expect((await api(metricsPath(company.companyId), { token: key.key })).status).toBe(200);
    await conn.sql`update memberships set status = 'inactive' where company_id = ${company.companyId} and user_id = ${creator}`;
    expect(
      await within(
        1000,
        async () => (await api(metricsPath(company.companyId), { token: key.key })).status === 401,
      ),
    ).toBeLessThan(1000);
  });

  it("names the key in the audit row beside its creator, records its last use, and counts against the company's limit", async () => {
    const key = await newKey(["metrics:read"]);
    const jwt = await api(metricsPath(fixture.companyId, "page_size=3"), { token: adminToken });
    const res = await api(metricsPath(fixture.companyId, "page_size=4"), { token: key.key });
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(
      Number(jwt.headers.get("x-ratelimit-remaining")),
    );
    const [row] = await conn.sql<{ actor_user_id: string; actor_key_id: string }[]>`
      select actor_user_id::text, actor_key_id::text from audit_log where request_id = ${res.headers.get("x-request-id")!}`;
    expect(row).toEqual({ actor_user_id: fixture.members[0]!.userId, actor_key_id: key.id });
    let used: Date | null = null;
    for (let i = 0; i < 30 && !used; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const [row] = await conn.sql<{ last_used_at: Date | null }[]>`
        select last_used_at from api_keys where id = ${key.id}`;
      used = row?.last_used_at ?? null;
    }
    expect(used).not.toBeNull();
  });
});

describe("demo data reset", () => {
  it("still works when demo users have keys and signed-out sessions", async () => {
    const url = await freshDemoDatabase(TEST_PG_ADMIN_URL, "user_metrics_test_reseed");
    const other = connectTestDb(url);
    const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      const jane = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
      await other.sql`insert into api_keys (company_id, created_by, name, secret_hash, prefix, scopes)
        values (${ACME}, ${jane}, 'k', 'h', 'p', '{metrics:read}')`;
      await other.sql`insert into revoked_sessions (session_id, user_id, expires_at)
        values (gen_random_uuid(), ${jane}, now() + interval '1 hour')`;
      await expect(resetDemoData(other.db)).resolves.toMatchObject({ companies: 3 });
    } finally {
      await other.close();
      await admin`drop database if exists user_metrics_test_reseed with (force)`;
      await admin.end();
    }
  });
});
