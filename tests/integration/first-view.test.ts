import { afterAll, describe, expect, it } from "vitest";
import { ACME, baseUrl } from "../helpers/api";
import { browserSignIn } from "../helpers/browser";
import { connectTestDb } from "../helpers/db";

/**
 * A company page arrives drawn with its data (lib/api/in-process.ts): its first queries are
 * answered on the server by the API's own route handlers, as the browser's requests would be —
 * audited, counted, refused alike — and the HTML holds the answer, not a placeholder.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

async function page(path: string, cookie: string) {
  const res = await fetch(`${baseUrl()}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

const userId = async (email: string) =>
  (await conn.sql<{ id: string }[]>`select id::text from users where email = ${email}`)[0]!.id;

const auditedSince = async (since: Date, actor: string) =>
  conn.sql<{ path: string; status: number; action: string }[]>`
    select path, status, action from audit_log
    where occurred_at >= ${since} and actor_user_id = ${actor} order by id`;

describe("a company page's first view", () => {
  it("is drawn on the server with the API's answers, each audited as the caller's request", async () => {
    const { cookie } = await browserSignIn("jane.smith@acme.test", "demo-password");
    const jane = await userId("jane.smith@acme.test");
    const since = new Date(Date.now() - 1000);
    const { status, html } = await page(`/companies/${ACME}/user-metrics?page_size=10`, cookie!);
    expect(status).toBe(200);
    // The count and the members are in the HTML itself, visible (not in a hidden streamed part).
    expect(html).toMatch(/<h1>User Activity \(<!-- -->\d+<!-- --> users\)<\/h1>/);
    expect(html).not.toContain('<div hidden id="S:');
    expect(html).toContain("Jane");
    const rows = await auditedSince(since, jane);
    expect(rows.map((r) => [r.action, r.status])).toEqual(
      expect.arrayContaining([
        ["user_metrics.summary", 200],
        ["user_metrics.list", 200],
      ]),
    );
    expect(rows.find((r) => r.action === "user_metrics.list")?.path).toBe(
      `/api/v2/companies/${ACME}/user-metrics/`,
    );
  });

  it("asks nothing of the API for someone the page refuses", async () => {
    const { cookie } = await browserSignIn("viewer@acme.test", "demo-password");
    const viewer = await userId("viewer@acme.test");
    const since = new Date(Date.now() - 1000);
    const { status, html } = await page(`/companies/${ACME}/user-metrics`, cookie!);
    expect(status).toBe(200);
    expect(html).toContain("You don&#x27;t have access to these metrics");
    expect(await auditedSince(since, viewer)).toEqual([]);
  });
});
