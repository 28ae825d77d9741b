import http from "node:http";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME, api, baseUrl, forgeToken, login } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo } from "../helpers/fixtures";
import { refreshCompanyMetrics } from "@/db/queries/rollups";
import { startServer, type RunningServer } from "../../scripts/lib/next-server";
import { TEST_DB_NAME } from "../helpers/config";
import { SERVER_ENV } from "./global-setup";

const conn = connectTestDb();
afterAll(() => conn.close());

const exportPath = (companyId: string, q = "") =>
  `/api/v2/companies/${companyId}/user-metrics/export/${q ? `?${q}` : ""}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A GET over node:http that resolves on the response's headers, leaving the body unread. */
function openExport(url: string, token: string) {
  return new Promise<{ res: http.IncomingMessage; req: http.ClientRequest }>((resolve, reject) => {
    const req = http.get(url, { headers: { Authorization: `Bearer ${token}` }, agent: false }, (res) =>
      resolve({ res, req }),
    );
    req.on("error", reject);
  });
}

/** The audit row of a request, once its stream has been completed (or the last state seen). */
async function auditOf(requestId: string, waitMs = 5_000) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [row] = await conn.sql<{ params: Record<string, string>; status: number }[]>`
      select params, status from audit_log where request_id = ${requestId}`;
    if ((row && row.params.stream !== undefined) || Date.now() > deadline) return row;
    await sleep(100);
  }
}

/** Open transactions of other sessions on the test database (idle in one, or running a statement in one). */
const leftoverTransactions = async () =>
  (
    await conn.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = ${TEST_DB_NAME} and xact_start is not null and pid <> pg_backend_pid()
        and backend_type = 'client backend'`
  )[0]!.n;

describe("export slots", () => {
  it("HEAD answers GET's status and headers without taking a slot", async () => {
    const token = await login("john.doe@acme.test");
    for (let i = 0; i < 6; i++) {
      const head = await fetch(`${baseUrl()}${exportPath(ACME)}`, {
        method: "HEAD",
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(head.headers.get("content-disposition")).toMatch(
        /^attachment; filename="user-metrics-acme-corp-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      expect(await head.text()).toBe("");
    }
    const get = await api(exportPath(ACME), { token });
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(get.text.split("\r\n")[0]).toMatch(/^user_id,email,/);

    // The checks before the body are GET's own.
    const head = (path: string, t?: string) =>
      fetch(`${baseUrl()}${path}`, { method: "HEAD", headers: t ? { Authorization: `Bearer ${t}` } : {} });
    expect((await head(exportPath(ACME))).status).toBe(401);
    expect((await head(exportPath(randomUUID()), token)).status).toBe(404);
    expect((await head(exportPath(ACME), await login("viewer@acme.test"))).status).toBe(403);
    expect((await head(exportPath(ACME, "ordering=email"), token)).status).toBe(400);
  });

  it("gives the slot back when the client goes away right after the headers", async () => {
    const token = await login("john.doe@acme.test");
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { res, req } = await openExport(`${baseUrl()}${exportPath(ACME, "date_from=2026-01-01")}`, token);
      expect(res.statusCode).toBe(200);
      ids.push(String(res.headers["x-request-id"]));
      req.destroy();
      res.destroy();
    }
    const get = await api(exportPath(ACME), { token });
    expect(get.status, get.text).toBe(200);
    expect(get.text.split("\r\n")[0]).toMatch(/^user_id,email,/);
    for (const id of ids) expect((await auditOf(id))?.params.stream).toMatch(/^(complete|cancelled)$/);
  });

  it("gives the slot back when the client goes away before the response has started", async () => {
    const token = await login("john.doe@acme.test");
    for (let i = 0; i < 6; i++) {
      const req = http.get(`${baseUrl()}${exportPath(ACME, "date_from=2026-01-01")}`, {
        headers: { Authorization: `Bearer ${token}`, "X-Request-Id": `gone-early-${i}-${Date.now()}` },
        agent: false,
      });
      req.on("error", () => {});
      // Gone while the server still authenticates and writes the audit row.
      req.on("socket", (socket) => socket.on("connect", () => setTimeout(() => req.destroy(), 5)));
      await sleep(300);
    }
    const get = await api(exportPath(ACME), { token });
    expect(get.status, get.text).toBe(200);
    expect(get.text.split("\r\n")[0]).toMatch(/^user_id,email,/);
  });
});

describe("a stalled export", () => {
  let server: RunningServer;
  let companyId: string;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ ...SERVER_ENV, EXPORT_IDLE_TIMEOUT_SECONDS: "2" }, "short export deadline");
    // Enough rows (~9 MB of CSV) that a client which stops reading fills every buffer on the way.
    const made = await createCompany(conn.db, [{ sessions: [sessionEndingDaysAgo(1)] }]);
    companyId = made.companyId;
    token = await forgeToken(made.members[0]!.userId);
    await conn.sql`
      with u as (
        insert into users (id, email, first_name, last_name, password_hash, created_at)
        select gen_random_uuid(), 'bulk-' || g || '-' || ${companyId}::text || '@fixture.test',
               'First' || g, 'Last' || g, 'x', now() - interval '400 days'
        from generate_series(1, 50000) g
        returning id),
      m as (
        insert into memberships (company_id, user_id, role, status, department)
        select ${companyId}::uuid, id, 'member', 'active', 'Engineering' from u returning user_id)
      insert into activity_sessions (company_id, id, user_id, started_at, ended_at)
      select ${companyId}::uuid, gen_random_uuid(), user_id, now() - interval '2 days', now() - interval '1 day' from m`;
    // Fresh statistics, or the refresh plans for an empty company and takes minutes.
    await conn.sql`analyze users, memberships, activity_sessions`;
    await refreshCompanyMetrics(conn.db, companyId);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("loses its slot after the idle deadline; the transaction is released and the audit row completed", async () => {
    const { res, req } = await openExport(`${server.url}${exportPath(companyId)}`, token);
    expect(res.statusCode).toBe(200);
    const requestId = String(res.headers["x-request-id"]);
    await new Promise<void>((resolve) => res.once("data", () => resolve()));
    res.pause();
    const paused = Date.now();

    // While it is stalled it holds its snapshot; once the deadline has passed, nothing is left.
    await sleep(500);
    expect(await leftoverTransactions()).toBeGreaterThan(0);
    for (;;) {
      if ((await leftoverTransactions()) === 0) break;
      expect(Date.now() - paused, "transaction still open").toBeLessThan(6_000);
      await sleep(200);
    }
    const audit = await auditOf(requestId);
    expect(audit?.params.stream).toMatch(/^(cancelled|failed)$/);
    expect(audit?.params.stopped).toBe("idle_timeout");

    // Every slot is free again: four exports at once all succeed.
    const others = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${server.url}${exportPath(companyId, "status=inactive")}`, {
          headers: { Authorization: `Bearer ${token}` },
        }).then(async (r) => ({ status: r.status, text: await r.text() })),
      ),
    );
    expect(others.map((o) => o.status)).toEqual([200, 200, 200, 200]);
    // Their audit completions may still be committing for a moment; nothing may stay open.
    const settled = Date.now();
    while ((await leftoverTransactions()) > 0) {
      expect(Date.now() - settled, "a transaction left open").toBeLessThan(2_000);
      await sleep(100);
    }
    req.destroy();
    res.destroy();
  }, 60_000);
});
