import { afterAll, describe, expect, it } from "vitest";
import { api, baseUrl, forgeToken, metricsPath } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { within } from "../helpers/wait";

/**
 * The server remembers callers' access (db/access-cache.ts) only while it hears the database: a
 * change written anywhere — here straight into the tables, as another instance or an operator
 * would — is seen by the next requests within a second, and so is one written while the
 * listening connection was lost.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

async function lookups() {
  const text = await (
    await fetch(`${baseUrl()}/api/metrics`, { headers: { Authorization: "Bearer metrics-test-token" } })
  ).text();
  const of = (result: string) =>
    Number(new RegExp(`access_cache_lookups_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: of("hit"), miss: of("miss"), off: of("off") };
}

async function fixture() {
  const { companyId, members } = await createCompany(conn.db, [
    { role: "owner", sessions: [sessionEndingDaysAgo(1)] },
    { role: "member", sessions: [sessionEndingDaysAgo(2)] },
  ]);
  const owner = await forgeToken(members[0]!.userId);
  const made = await api<{ id: string; key: string }>(`/api/v2/companies/${companyId}/api-keys/`, {
    method: "POST",
    token: owner,
    body: { name: "cache", scopes: ["metrics:read"] },
  });
  expect(made.status).toBe(201);
  return { companyId, members, owner, key: made.body };
}

describe("callers' access, remembered while the database is heard", () => {
  it("is remembered between requests", async () => {
    const { companyId, key } = await fixture();
    const before = await lookups();
    for (let i = 0; i < 5; i++)
      expect((await api(metricsPath(companyId), { token: key.key })).status).toBe(200);
    const after = await lookups();
    expect(after.hit - before.hit).toBeGreaterThanOrEqual(3);
  });

  it("forgets a key revoked, a role lowered and a company deleted straight in the database", async () => {
    const { companyId, members, key } = await fixture();
    const member = await forgeToken(members[1]!.userId);
    expect((await api(metricsPath(companyId), { token: key.key })).status).toBe(200);
    expect((await api(metricsPath(companyId), { token: member })).status).toBe(200);

    await conn.sql`update api_keys set revoked_at = now() where id = ${key.id}`;
    expect(
      await within(1000, async () => (await api(metricsPath(companyId), { token: key.key })).status === 401),
    ).toBeLessThan(1000);

    await conn.sql`update memberships set role = 'viewer' where company_id = ${companyId} and user_id = ${members[1]!.userId}`;
    expect(
      await within(1000, async () => (await api(metricsPath(companyId), { token: member })).status === 403),
    ).toBeLessThan(1000);

    await conn.sql`update companies set deleted_at = now() where id = ${companyId}`;
    const owner = await forgeToken(members[0]!.userId);
    expect(
      await within(1000, async () => (await api(metricsPath(companyId), { token: owner })).status === 404),
    ).toBeLessThan(1000);
  });

  it("forgets everything when its listening connection is lost, and remembers again once it is back", async () => {
    const { companyId, members, key } = await fixture();
    expect((await api(metricsPath(companyId), { token: key.key })).status).toBe(200);
    await conn.sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'user-metrics access listener' and datname = current_database()`;
    // Written while nobody listens: no notice reaches the server.
    await conn.sql`update memberships set status = 'inactive', role = 'viewer'
      where company_id = ${companyId} and user_id = ${members[0]!.userId}`;
    const owner = await forgeToken(members[0]!.userId);
    expect(
      await within(1000, async () => (await api(metricsPath(companyId), { token: owner })).status === 403),
    ).toBeLessThan(1000);
    // The key's creator is now a viewer: the key works no more.
    expect(
      await within(1000, async () => (await api(metricsPath(companyId), { token: key.key })).status !== 200),
    ).toBeLessThan(1000);

    // Listening again within a few heartbeats; then hits resume.
    const { companyId: other, key: otherKey } = await fixture();
    expect(
      await within(5000, async () => {
        const before = await lookups();
        await api(metricsPath(other), { token: otherKey.key });
        await api(metricsPath(other), { token: otherKey.key });
        return (await lookups()).hit > before.hit;
      }),
    ).toBeLessThan(5000);
  });
});
