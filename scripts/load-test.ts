/**
 * npm run test:load — sustained mixed traffic against the production build: 50 closed-loop clients
 * for 60 s (`--duration S`, `--clients N`) on loopback, over 10 companies, each request a random
 * list, summary, export (some as HEAD, some dropped by the client right after the headers), refresh,
 * ingestion batch or sign-in (right and wrong passwords, plus a burst of 60 at the start). Passes
 * only with zero 5xx, a Retry-After on every 429, exactly one audit row per request sent, every
 * company served throughout, and every company's export still answering at the end. Its own database (user_metrics_load) and
 * Redis number (13); the per-company limit is 900/min so the run mixes served and limited (429) requests.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { generateCompany, readerIds } from "./bench/generate";
import { flushRedis, freshDemoDatabase } from "./lib/fresh-stores";
import { ensureBuild, startServer } from "./lib/next-server";
import { signFor } from "./lib/sign";
import { numberOption } from "./lib/args";
import { progress } from "./lib/progress";

const { values: args } = parseArgs({
  options: { duration: { type: "string" }, clients: { type: "string" } },
});
const DURATION = numberOption(args.duration, "duration", 60);
const CLIENTS = numberOption(args.clients, "clients", 50);
const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.LOAD_REDIS_URL ?? "redis://127.0.0.1:6379/13";
const SECRET = "load-secret-load-secret-load-secret-0123456";

const sign = (sub: string) => signFor(SECRET, sub);
const DEMO_PASSWORD = "demo-password";

async function main() {
  ensureBuild();
  const databaseUrl = await freshDemoDatabase(ADMIN_URL, process.env.LOAD_DB_NAME ?? "user_metrics_load");
  await flushRedis(REDIS_URL);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const companies: { id: string; owner: string; readers: string[]; members: string[] }[] = [];
  const generating = progress("generating companies", 10);
  for (let c = 0; c < 10; c++) {
    generating.update(c);
    const g = await generateCompany(sql, 300, 6000, `Load ${c}`);
    const members = await readerIds(sql, g.companyId, 100);
    companies.push({
      id: g.companyId,
      owner: await sign(g.ownerId),
      readers: await Promise.all(members.slice(0, 10).map(sign)),
      members,
    });
  }
  generating.finish();
  const server = await startServer(
    {
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      AUTH_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: "900",
      LOG_LEVEL: "warn",
    },
    "load server",
  );
  const auditBefore = (await sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n;
  const statuses: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const problems: string[] = [];
  let sent = 0;
  const served = new Map<string, number>();
  let exportsBusy = 0;
  const deadline = Date.now() + DURATION * 1000;
  const accounts = [
    "jane.smith@acme.test",
    "john.doe@acme.test",
    "owner@acme.test",
    "admin@globex.test",
    "multi@example.test",
  ];
  const signIn = (password: string, i: number) =>
    fetch(`${server.url}/api/v2/auth/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: accounts[i % accounts.length], password }),
    });
  /** Counts one request and its answer; a company's served reads are counted for it. */
  const tally = async (kind: string, req: Promise<Response>, companyId?: string) => {
    sent++;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    try {
      const res = await req;
      const body = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (companyId && res.ok && (kind === "list" || kind === "summary"))
        served.set(companyId, (served.get(companyId) ?? 0) + 1);
      // Every export slot of the instance in use is a documented answer (503 with Retry-After),
      // like a 429; any other 5xx is a failure.
      const busy =
        res.status === 503 &&
        kind.startsWith("export") &&
        /Too many exports/.test(body) &&
        res.headers.has("retry-after");
      if (busy) exportsBusy++;
      else if (res.status >= 500) problems.push(`${kind}: ${res.status} ${body.slice(0, 120)}`);
      if (res.status === 429 && !/^\d+$/.test(res.headers.get("retry-after") ?? ""))
        problems.push(`${kind}: 429 without Retry-After`);
    } catch (error) {
      problems.push(`${kind}: ${(error as Error).message}`);
    }
  };
  const started = performance.now();
  try {
    const client = async (k: number) => {
      let i = 0;
      while (Date.now() < deadline) {
        const company = companies[(k + i++) % companies.length]!;
        const base = `${server.url}/api/v2/companies/${company.id}`;
        const reader = company.readers[i % company.readers.length]!;
        const roll = Math.random();
        let kind: string;
        let req: Promise<Response>;
        if (roll < 0.55) {
          kind = "list";
          const q = `page=${1 + (i % 5)}&page_size=${10 + (i % 40)}&status=${["", "active", "pending"][i % 3]}`;
          req = fetch(`${base}/user-metrics/?${q}`, { headers: { Authorization: `Bearer ${reader}` } });
        } else if (roll < 0.8) {
          kind = "summary";
          const from = new Date(Date.now() - (7 + (i % 80)) * 86_400_000).toISOString().slice(0, 10);
          req = fetch(`${base}/user-metrics/summary/?date_from=${from}`, {
            headers: { Authorization: `Bearer ${reader}` },
          });
        } else if (roll < 0.82) {
          kind = "export";
          req = fetch(`${base}/user-metrics/export/`, { headers: { Authorization: `Bearer ${reader}` } });
        } else if (roll < 0.83) {
          // Headers only: must not take an export slot or start a read.
          kind = "export-head";
          req = fetch(`${base}/user-metrics/export/`, {
            method: "HEAD",
            headers: { Authorization: `Bearer ${reader}` },
          });
        } else if (roll < 0.84) {
          // A client that goes away once the download has started: its slot must come back.
          kind = "export-abort";
          const abort = new AbortController();
          req = fetch(`${base}/user-metrics/export/`, {
            headers: { Authorization: `Bearer ${reader}` },
            signal: abort.signal,
          }).then((res) => {
            if (res.status !== 200) return res; // a refusal is read whole, like any other answer
            abort.abort();
            return new Response(null, { status: res.status, headers: res.headers });
          });
        } else if (roll < 0.86) {
          kind = "sign-in";
          req = signIn(i % 4 === 0 ? "wrong-password" : DEMO_PASSWORD, i);
        } else if (roll < 0.89) {
          kind = "refresh";
          req = fetch(`${base}/user-metrics/refresh/`, {
            method: "POST",
            headers: { Authorization: `Bearer ${company.owner}` },
          });
        } else {
          kind = "ingest";
          const sessions = Array.from({ length: 50 }, (_, s) => {
            const start = Date.now() - ((i * 50 + s) % 86_400) * 1000 - 600_000;
            return {
              id: crypto.randomUUID(),
              user_id: company.members[(i + s) % company.members.length],
              started_at: new Date(start).toISOString(),
              ended_at: new Date(start + 300_000).toISOString(),
            };
          });
          req = fetch(`${base}/sessions/`, {
            method: "POST",
            headers: { Authorization: `Bearer ${company.owner}`, "Content-Type": "application/json" },
            body: JSON.stringify({ sessions }),
          });
        }
        await tally(kind, req, company.id);
      }
    };
    // A burst of sign-ins first: hashing runs off the event loop, so everyone else is still served.
    const burst = Array.from({ length: 60 }, (_, k) =>
      signIn(k % 3 === 0 ? "wrong-password" : DEMO_PASSWORD, k),
    );
    await Promise.all([
      ...burst.map((r) => tally("sign-in", r)),
      ...Array.from({ length: CLIENTS }, (_, k) => client(k)),
    ]);
    // Every company's export still answers: no HEAD or dropped download kept a slot.
    for (const company of companies) {
      const res = await fetch(`${server.url}/api/v2/companies/${company.id}/user-metrics/export/`, {
        headers: { Authorization: `Bearer ${company.readers[0]!}` },
      });
      sent++;
      await res.arrayBuffer();
      if (res.status !== 200) problems.push(`final export of ${company.id}: ${res.status}`);
    }
  } finally {
    await server.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  for (const company of companies)
    if (!served.get(company.id)) problems.push(`company ${company.id} was never served a list or summary`);
  const auditRows =
    (await sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n - auditBefore;
  await sql.end();

  const report = {
    when: new Date().toISOString(),
    duration_s: Math.round(seconds),
    clients: CLIENTS,
    requests: sent,
    requests_per_s: Math.round(sent / seconds),
    by_kind: byKind,
    statuses,
    served_per_company: [...served.values()],
    exports_busy: exportsBusy,
    audit_rows: auditRows,
    problems: problems.slice(0, 20),
    problem_count: problems.length,
  };
  console.info(JSON.stringify(report, null, 2));
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync(path.join("bench-results", "load-test.json"), JSON.stringify(report, null, 2));
  const ok = problems.length === 0 && auditRows === sent;
  console.info(
    ok
      ? `✓ ${sent} requests in ${Math.round(seconds)} s: no 5xx (${exportsBusy} exports told the instance's export slots were busy, with Retry-After), every 429 with Retry-After, ${auditRows} audit rows for ${sent} requests`
      : `✗ ${problems.length} problems; ${auditRows} audit rows for ${sent} requests`,
  );
  if (!ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
