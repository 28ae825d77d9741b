/**
 * npm run bench — the product at scale: a company of 100,000 members and 10,000,000 raw sessions over
 * a year (and one of 10,000 members for the growth comparison), built set-based in its own database;
 * the production build started on it; load driven from this process; every figure next to its floor.
 *
 *   npm run bench                      full size (takes several minutes)
 *   npm run bench -- --small           the CI size (seconds)
 *   options: --members N --sessions N --growth-members N --growth-sessions N
 *            --duration S (per load series, default 10) --connections N (throughput, default 16)
 *            --latency-connections N (latency series, default 2: one per core)
 *            --only refresh,cached,uncached,filters,summary,summary-zone,export,ingest (just those series)
 *            --reuse (keep the companies a previous run generated in its database)
 *            --profile DIR (the server runs under --cpu-prof; its .cpuprofile lands in DIR at the end)
 *   environment: BENCH_PG_ADMIN_URL, BENCH_REDIS_URL (default redis://127.0.0.1:6379/14),
 *                BENCH_DB_NAME (default user_metrics_bench: the database it recreates or reuses)
 *
 * The server runs with RATE_LIMIT_PER_MINUTE=1000000 so the per-company limit does not cap the
 * measurement (tokens are also spread over many members), LOG_LEVEL=warn, and BENCH_BARE_HANDLER=1
 * with a BENCH_BARE_TOKEN drawn for the run, which enable /api/bench/bare for requests carrying that
 * token (the floor: a route returning a fixed body of the list's size).
 * Prints a table and writes bench-results/bench.json; exits 1 if the audit trail lost or doubled a row.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { MIGRATIONS_FOLDER, type Db } from "@/db/client";
import { applyDatabaseFunctions } from "@/db/functions";
import * as schema from "@/db/schema";
import { PgDialect } from "drizzle-orm/pg-core";
import { countUserMetricsQuery, userMetricsPageQuery } from "@/db/queries/user-metrics";
import { generateCompany, readerIds } from "./bench/generate";
import { combine, load, type LoadResult } from "./bench/load";
import { flushRedis, freshDemoDatabase } from "./lib/fresh-stores";
import { ensureBuild, startServer } from "./lib/next-server";
import { signFor } from "./lib/sign";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/auth/api-keys";
import { NO_MEMBER_FILTERS, ORDERINGS } from "@/lib/contracts/user-metrics";
import { numberOption } from "./lib/args";
import { heartbeat } from "./lib/progress";
import {
  copyIn,
  copyOut,
  ensureScratchSessions,
  floorConnection,
  groupByScanSeconds,
  inlineParams,
} from "./bench/floors";

const { values: args } = parseArgs({
  options: {
    small: { type: "boolean", default: false },
    members: { type: "string" },
    sessions: { type: "string" },
    "growth-members": { type: "string" },
    "growth-sessions": { type: "string" },
    "huge-members": { type: "string" },
    "huge-sessions": { type: "string" },
    duration: { type: "string" },
    connections: { type: "string" },
    "latency-connections": { type: "string" },
    only: { type: "string" },
    reuse: { type: "boolean", default: false },
    profile: { type: "string" },
  },
});
const small = args.small;
const option = (name: keyof typeof args, full: number, smallValue: number) =>
  numberOption(args[name], name, small ? smallValue : full);
const MEMBERS = option("members", 100_000, 2_000);
const SESSIONS = option("sessions", 10_000_000, 40_000);
const GROWTH_MEMBERS = option("growth-members", 10_000, 200);
const GROWTH_SESSIONS = option("growth-sessions", 1_000_000, 4_000);
// The top of the growth series: ten times the large company's members (with as many sessions as
// it: a year of 100 sessions for each of a million members would not fit this machine's disk).
const HUGE_MEMBERS = option("huge-members", 1_000_000, 20_000);
const HUGE_SESSIONS = option("huge-sessions", 10_000_000, 40_000);
const DURATION = option("duration", 10, 2);
const CONNECTIONS = option("connections", 16, 4);
// Latency targets are read below saturation: with 16 clients on 2 cores a request mostly waits in
// line (Little's law: p50 ≈ clients / throughput), which the throughput series already measures.
const LATENCY_CONNECTIONS = option("latency-connections", 2, 2);
const ONLY = args.only?.split(",") ?? null;
/** `--only refresh,cached,uncached,filters,summary,summary-zone,export,ingest` runs just those series. */
const want = (series: string) => !ONLY || ONLY.includes(series);
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/14";
const DB_NAME = process.env.BENCH_DB_NAME ?? "user_metrics_bench";
const SECRET = "bench-secret-bench-secret-bench-secret-0123";
// Opens /api/bench/bare for this run's server only (the route is 404 without it).
const BARE_TOKEN = randomBytes(32).toString("base64url");
const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

const sign = (sub: string) => signFor(SECRET, sub);

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function explainMs(sql: postgres.Sql, query: { sql: string; params: unknown[] }) {
  const rows = await sql.unsafe(`explain (analyze, format json) ${query.sql}`, query.params as never[]);
  const plan = (rows[0] as unknown as Record<string, [{ "Execution Time": number; Plan: unknown }]>)[
    "QUERY PLAN"
  ]![0];
  return { ms: plan["Execution Time"], plan: JSON.stringify(plan.Plan) };
}

/** The companies a previous run generated (--reuse), if they are still there. */
async function findGenerated(sql: postgres.Sql) {
  const rows = await sql<{ id: string; name: string }[]>`
    select id::text, name from companies where name in ('Bench Large 2', 'Bench Growth 2', 'Bench Huge 2')
    order by created_at desc`;
  const pick = async (name: string) => {
    const c = rows.find((r) => r.name === name);
    if (!c) return null;
    const [owner] = await sql<{ user_id: string }[]>`
      select user_id::text from memberships where company_id = ${c.id} and role = 'owner' limit 1`;
    return { companyId: c.id, ownerId: owner!.user_id, seconds: 0 };
  };
  const big = await pick("Bench Large 2");
  const growth = await pick("Bench Growth 2");
  const huge = await pick("Bench Huge 2");
  return big && growth && huge ? { big, growth, huge } : null;
}

async function main() {
  const report: Record<string, unknown> = {
    when: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    size: {
      members: MEMBERS,
      sessions: SESSIONS,
      growth_members: GROWTH_MEMBERS,
      growth_sessions: GROWTH_SESSIONS,
      huge_members: HUGE_MEMBERS,
      huge_sessions: HUGE_SESSIONS,
    },
    load: { duration_s: DURATION, connections: CONNECTIONS, latency_connections: LATENCY_CONNECTIONS },
  };
  ensureBuild();
  const reuse = args.reuse;
  const databaseUrl = reuse
    ? ADMIN_URL.replace(/\/[^/]*$/, `/${DB_NAME}`)
    : await freshDemoDatabase(ADMIN_URL, DB_NAME);
  await flushRedis(REDIS_URL);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  // The floors' own connection, with the app's planner settings.
  const floorSql = floorConnection(databaseUrl, 2);
  // A kept database gets the migrations written since it was generated, and the current functions.
  if (reuse) {
    const kept = drizzle({ client: sql });
    await migrate(kept, { migrationsFolder: MIGRATIONS_FOLDER });
    await applyDatabaseFunctions(kept as unknown as Db);
  }
  const previous = reuse ? await findGenerated(sql) : null;
  const big = previous?.big ?? (await generateCompany(sql, MEMBERS, SESSIONS, "Bench Large 2"));
  const growth =
    previous?.growth ?? (await generateCompany(sql, GROWTH_MEMBERS, GROWTH_SESSIONS, "Bench Growth 2"));
  const huge = previous?.huge ?? (await generateCompany(sql, HUGE_MEMBERS, HUGE_SESSIONS, "Bench Huge 2"));
  report.generation_s = {
    large: +big.seconds.toFixed(1),
    growth: +growth.seconds.toFixed(1),
    huge: +huge.seconds.toFixed(1),
    reused: !!previous,
  };
  console.info(
    `${previous ? "reused" : "generated"} ${MEMBERS} members / ${SESSIONS} sessions (${big.seconds.toFixed(1)} s)`,
  );

  const server = await startServer(
    {
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      AUTH_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: "1000000",
      BENCH_BARE_HANDLER: "1",
      BENCH_BARE_TOKEN: BARE_TOKEN,
      LOG_LEVEL: "warn",
    },
    "bench server",
    args.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args.profile)}`] : [],
  );
  type Row = {
    series: string;
    value: string;
    floor?: string;
    ratio?: string;
    target?: string;
    ok?: boolean;
    /**
     * The load runs measured: a target is never met by requests that failed (a 5xx or no answer);
     * a documented 4xx, such as the 404 of a page past the last, is an answer.
     */
    from?: LoadResult[];
  };
  const rows: Row[] = [];
  const record = ({ from, ...row }: Row) => {
    const failed = (from ?? []).filter(
      (r) => r.errors > 0 || Object.keys(r.statuses).some((s) => Number(s) >= 500),
    );
    if (failed.length > 0) {
      row.ok = false;
      row.value += ` — requests failed: ${failed.map((r) => `${JSON.stringify(r.statuses)}, ${r.errors} errors`).join("; ")}`;
    }
    rows.push(row);
    const mark = row.ok === undefined ? " " : row.ok ? "✓" : "✗";
    const extra = `${row.floor ? `; floor ${row.floor}` : ""}${row.ratio ? `; ${row.ratio}` : ""}`;
    console.info(`${mark} ${row.series}: ${row.value}${extra}${row.target ? ` [target ${row.target}]` : ""}`);
  };
  let apiRequests = 0;
  const auditBefore = (await sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n;
  try {
    const ownerToken = await sign(big.ownerId);
    const post = (p: string, token: string, body?: unknown) => {
      apiRequests++;
      return fetch(`${server.url}${p}`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { "Content-Type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    };

    if (want("refresh")) {
      // Refresh: computes both companies' rollups from raw sessions for the first time.
      const t0 = performance.now();
      const refresh = await heartbeat(
        "refresh",
        post(`/api/v2/companies/${big.companyId}/user-metrics/refresh/`, ownerToken),
      );
      const refreshS = (performance.now() - t0) / 1000;
      if (refresh.status !== 200) throw new Error(`refresh: ${refresh.status} ${await refresh.text()}`);
      // The growth series' companies, unmeasured, in the database itself (a million members'
      // refresh takes longer than an HTTP client waits for a response's headers).
      if (!previous)
        for (const company of [growth.companyId, huge.companyId])
          await heartbeat("refresh of a growth company", sql`select um_refresh_company(${company}, now())`);
      // The floor, after the refresh (both then read sessions the refresh left in the cache).
      const scan = await heartbeat("GROUP BY user_id scan", groupByScanSeconds(floorSql, big.companyId));
      record({
        series: `refresh ${SESSIONS.toLocaleString("en")} sessions`,
        value: `${refreshS.toFixed(1)} s`,
        floor: `one GROUP BY user_id scan of the company's sessions ${scan.toFixed(1)} s`,
        ratio: `${(refreshS / scan).toFixed(2)}×`,
        target: "≤ 3× the scan",
        ok: refreshS <= 3 * scan,
      });
    } else if (!previous) {
      // Freshly generated companies have no rollups until their first refresh: every other series
      // would measure members who were never active. In the database itself (unmeasured).
      for (const company of [big.companyId, growth.companyId, huge.companyId])
        await heartbeat("first refresh", sql`select um_refresh_company(${company}, now())`);
    }
    // The visibility map and statistics the list's index-only scans rely on are autovacuum's work
    // in a deployment; where this PostgreSQL runs without it (autovacuum = off), the bench does
    // that work itself once the rollups are written, before anything is measured on them.
    const [{ autovacuum }] = (await sql`select current_setting('autovacuum') as autovacuum`) as unknown as [
      { autovacuum: string },
    ];
    const maintain = async (tables: string[]) => {
      if (autovacuum === "on") return;
      await heartbeat(
        `vacuum ${tables.join(", ")} (autovacuum is off here)`,
        sql.unsafe(`vacuum (analyze) ${tables.join(", ")}`),
      );
    };
    const ROLLUPS = [
      "member_metrics",
      "member_search",
      "company_daily_metrics",
      "company_quarter_metrics",
      "company_last_active_days",
      "company_activity_gaps",
      "company_member_groups",
      "company_member_days",
      "company_member_numbers",
    ];
    await maintain(previous ? ROLLUPS : [...ROLLUPS, "activity_sessions", "memberships", "users"]);
    let bare: LoadResult | undefined;
    let cached: LoadResult | undefined;
    let uncached: LoadResult | undefined;
    let uncachedGrowth: LoadResult | undefined;
    let uncachedHuge: LoadResult | undefined;
    let bareAtLatency: LoadResult | undefined;
    let summaryGrowth: LoadResult | undefined;
    let summaryHuge: LoadResult | undefined;
    let summary: LoadResult | undefined;
    let summaryZone: LoadResult | undefined;
    let filtered: LoadResult | undefined;
    let ingest: LoadResult | undefined;
    const orderings = ["-last_active", "last_active", "-total_sessions", "total_sessions"];
    const statuses = ["", "active", "inactive", "pending"];
    const readers = await readerIds(sql, big.companyId, 200);
    const tokens = await Promise.all(readers.map(sign));
    const growthTokens = await Promise.all((await readerIds(sql, growth.companyId, 50)).map(sign));
    const hugeTokens = await Promise.all((await readerIds(sql, huge.companyId, 200)).map(sign));
    const auth = (list: string[], i: number) => ({
      headers: { Authorization: `Bearer ${list[i % list.length]}` },
    });
    const listPath = (companyId: string) => `/api/v2/companies/${companyId}/user-metrics/`;
    const cacheTag = (res: Response) => res.headers.get("x-cache") ?? undefined;
    const track = (r: LoadResult) => {
      apiRequests += r.requests + r.errors;
      return r;
    };

    if (want("cached")) {
      // The floor for throughput: a bare handler returning a body of a list page's size.
      const sample = await fetch(`${server.url}${listPath(big.companyId)}?page_size=20`, auth(tokens, 0));
      const pageBytes = (await sample.arrayBuffer()).byteLength;
      apiRequests++;
      // Bare and cached alternate in three rounds, so a change in background load (autovacuum,
      // a checkpoint) weighs on both sides of the ratio alike.
      const rounds = { bare: [] as LoadResult[], cached: [] as LoadResult[], keyed: [] as LoadResult[] };
      // The same readers with API keys instead of JWTs: a key must cost no more than a token.
      const keys = readers.map(() => generateApiKey());
      await sql`insert into api_keys (company_id, created_by, name, secret_hash, prefix, scopes)
        select ${big.companyId}, r.id, 'bench', r.hash, r.prefix, '{metrics:read}'
        from unnest(${readers}::uuid[], ${keys.map(hashApiKey)}::text[], ${keys.map(apiKeyPrefix)}::text[]) as r(id, hash, prefix)`;
      for (let round = 0; round < 3; round++) {
        rounds.bare.push(
          await load({
            baseUrl: server.url,
            connections: CONNECTIONS,
            duration: DURATION / 2,
            next: () => ({
              path: `/api/bench/bare?bytes=${pageBytes}`,
              init: { headers: { "X-Bench-Token": BARE_TOKEN } },
            }),
          }),
        );
        // A floor of 404s would be no floor at all.
        const { statuses } = rounds.bare.at(-1)!;
        if (Object.keys(statuses).some((s) => s !== "200"))
          throw new Error(`bare handler: ${JSON.stringify(statuses)}`);
        rounds.cached.push(
          track(
            await load({
              baseUrl: server.url,
              connections: CONNECTIONS,
              duration: DURATION / 2,
              next: (i) => ({ path: `${listPath(big.companyId)}?page_size=20`, init: auth(tokens, i) }),
              check: cacheTag,
            }),
          ),
        );
        rounds.keyed.push(
          track(
            await load({
              baseUrl: server.url,
              connections: CONNECTIONS,
              duration: DURATION / 2,
              next: (i) => ({ path: `${listPath(big.companyId)}?page_size=20`, init: auth(keys, i) }),
              check: cacheTag,
            }),
          ),
        );
      }
      bare = combine(rounds.bare);
      cached = combine(rounds.cached);
      const keyed = combine(rounds.keyed);
      record({
        series: `list, cached: throughput, ${CONNECTIONS} clients`,
        value: `${cached.rps} req/s (p50 ${cached.p50_ms} / p95 ${cached.p95_ms} / p99 ${cached.p99_ms} ms)`,
        floor: `bare handler ${bare.rps} req/s (${pageBytes} B body)`,
        ratio: `${((cached.rps / bare.rps) * 100).toFixed(0)} %`,
        target: "≥ 70 % of bare",
        ok: cached.rps >= 0.7 * bare.rps,
      });
      record({
        series: `list, cached, with an API key: throughput, ${CONNECTIONS} clients`,
        value: `${keyed.rps} req/s (p50 ${keyed.p50_ms} / p95 ${keyed.p95_ms} / p99 ${keyed.p99_ms} ms)`,
        floor: `the same with JWTs: ${cached.rps} req/s`,
        ratio: `${((keyed.rps / cached.rps) * 100).toFixed(0)} %`,
        target: "≥ 95 % of the JWT series (no dearer than a token)",
        ok: keyed.rps >= 0.95 * cached.rps,
      });
    }
    // The latency floor: the bare handler at the latency series' concurrency, with a body of the
    // uncached pages' mean size (measured just before it).
    const bareLatency = async (bytes: number) =>
      load({
        baseUrl: server.url,
        connections: LATENCY_CONNECTIONS,
        duration: DURATION,
        next: () => ({
          path: `/api/bench/bare?bytes=${Math.round(bytes)}`,
          init: { headers: { "X-Bench-Token": BARE_TOKEN } },
        }),
      });
    /** p95 against p95 per tenfold of members: (b / a) ^ (1 / log10(members b / members a)). */
    const perTenfold = (a: LoadResult, b: LoadResult, membersA: number, membersB: number) =>
      (b.p95_ms / Math.max(0.01, a.p95_ms)) ** (1 / Math.log10(membersB / membersA));
    const growthRows = (name: string, results: [LoadResult, LoadResult, LoadResult]) => {
      const [g, l, h] = results;
      const sizes = [GROWTH_MEMBERS, MEMBERS, HUGE_MEMBERS] as const;
      for (const [a, b, ma, mb] of [
        [g, l, sizes[0], sizes[1]],
        [l, h, sizes[1], sizes[2]],
      ] as const) {
        const ratio = perTenfold(a, b, ma, mb);
        record({
          series: `growth, ${name}: ${ma.toLocaleString("en")} → ${mb.toLocaleString("en")} members`,
          value: `p95 ${a.p95_ms} → ${b.p95_ms} ms`,
          ratio: `${ratio.toFixed(2)}× per 10× members`,
          target: "≤ 1.5× per 10× members",
          ok: ratio <= 1.5,
          from: [a, b],
        });
      }
    };
    if (want("uncached")) {
      // Uncached: every request a new combination of page, page size, ordering and status.
      const distinct = (companyId: string, list: string[]) => (i: number) => {
        const page = 1 + (i % 20);
        const size = 10 + (Math.floor(i / 20) % 91);
        const ordering = orderings[Math.floor(i / 1820) % 4]!;
        const status = statuses[Math.floor(i / 7280) % 4]!;
        return {
          path: `${listPath(companyId)}?page=${page}&page_size=${size}&ordering=${ordering}&status=${status}`,
          init: auth(list, i),
        };
      };
      let bytes = 0;
      const series = async (companyId: string, list: string[]) => {
        bytes = 0;
        return track(
          await load({
            baseUrl: server.url,
            connections: LATENCY_CONNECTIONS,
            duration: DURATION,
            next: distinct(companyId, list),
            check: (res, body) => {
              bytes += body.byteLength;
              return cacheTag(res);
            },
          }),
        );
      };
      uncachedGrowth = await series(growth.companyId, growthTokens);
      uncachedHuge = await series(huge.companyId, hugeTokens);
      uncached = await series(big.companyId, tokens);
      const meanBytes = bytes / Math.max(1, uncached.requests);
      bareAtLatency = await bareLatency(meanBytes);
      record({
        series: `list, uncached: ${MEMBERS.toLocaleString("en")} members, ${LATENCY_CONNECTIONS} clients`,
        value: `p95 ${uncached.p95_ms} ms (p50 ${uncached.p50_ms}, p99 ${uncached.p99_ms}; ${uncached.rps} req/s; ${uncached.tags.MISS ?? 0} misses / ${uncached.requests})`,
        floor: `bare handler p95 ${bareAtLatency.p95_ms} ms at ${LATENCY_CONNECTIONS} clients (${Math.round(meanBytes)} B body)`,
        ratio: `${(uncached.p95_ms / bareAtLatency.p95_ms).toFixed(2)}×`,
        target: "p95 ≤ 4× the floor's",
        ok: uncached.p95_ms <= 4 * bareAtLatency.p95_ms,
        from: [uncached, bareAtLatency],
      });
      growthRows("list uncached", [uncachedGrowth, uncached, uncachedHuge]);
    }
    if (want("filters")) {
      // Finding members: every request a distinct combination of the member filters (searches of
      // 3+ characters as a user types a name, roles, departments, inactivity, mixed) with one of the
      // eight orderings and a page size; page 1, so no answer is a short 404.
      const combos = [
        "search=ann",
        "search=müll",
        "search=garc",
        "search=zoe%20oster",
        "search=sofia%20kim",
        "search=nowak3",
        "role=admin",
        "role=viewer,admin",
        "role=member",
        "department=Finance",
        "department=",
        "department=Sales&department=Support",
        "inactive_for=7",
        "inactive_for=30",
        "inactive_for=90",
        "search=ann&inactive_for=14",
        "role=admin&inactive_for=30",
        "role=admin&department=Sales&inactive_for=90",
        "search=lar&role=member&department=Engineering",
        "search=elena&status=active",
      ];
      const allOrderings = ORDERINGS;
      filtered = track(
        await load({
          baseUrl: server.url,
          connections: LATENCY_CONNECTIONS,
          duration: DURATION,
          next: (i) => {
            const combo = combos[i % combos.length]!;
            const ordering = allOrderings[Math.floor(i / combos.length) % allOrderings.length]!;
            const size = 10 + (Math.floor(i / (combos.length * allOrderings.length)) % 91);
            return {
              path: `${listPath(big.companyId)}?${combo}&ordering=${ordering}&page_size=${size}`,
              init: auth(tokens, i),
            };
          },
          check: cacheTag,
        }),
      );
      record({
        series: `list, member filters, uncached: ${MEMBERS.toLocaleString("en")} members, ${LATENCY_CONNECTIONS} clients`,
        value: `p95 ${filtered.p95_ms} ms (p50 ${filtered.p50_ms}, p99 ${filtered.p99_ms}; ${filtered.tags.MISS ?? 0} misses / ${filtered.requests})`,
        // SPEC §11's own figure, absolute.
        target: "p95 ≤ 50 ms",
        ok: filtered.p95_ms <= 50,
        from: [filtered],
      });
    }
    // 90-day summaries, each request a different window end or status (every one a miss): in the
    // company's zone (UTC) from the rollups; in New York's, whose midnights the rollups do not
    // count, exactly from the activity log and the quarter rollup (docs/performance.md).
    const summaries = (companyId: string, list: string[], zone: string | null) =>
      load({
        baseUrl: server.url,
        connections: LATENCY_CONNECTIONS,
        duration: DURATION,
        amount: 1000,
        next: (i) => ({
          path: `/api/v2/companies/${companyId}/user-metrics/summary/?date_from=${daysAgo(89 + (i % 250))}&date_to=${daysAgo(i % 250)}&status=${statuses[Math.floor(i / 250) % 4]}${zone ? `&timezone=${zone}` : ""}`,
          init: auth(list, i),
        }),
        check: cacheTag,
      });
    if (want("summary")) {
      summaryGrowth = track(await summaries(growth.companyId, growthTokens, null));
      summaryHuge = track(await summaries(huge.companyId, hugeTokens, null));
      summary = track(await summaries(big.companyId, tokens, null));
      record({
        series: `summary, 90-day window, uncached, ${MEMBERS.toLocaleString("en")} members, ${LATENCY_CONNECTIONS} clients`,
        value: `p95 ${summary.p95_ms} ms (p50 ${summary.p50_ms}, p99 ${summary.p99_ms})`,
        ...(bareAtLatency && {
          floor: `bare handler p95 ${bareAtLatency.p95_ms} ms`,
          ratio: `${(summary.p95_ms / bareAtLatency.p95_ms).toFixed(2)}×`,
        }),
        from: [summary],
      });
      growthRows("summary", [summaryGrowth, summary, summaryHuge]);
    }
    if (want("summary-zone")) {
      summaryZone = track(await summaries(big.companyId, tokens, "America/New_York"));
      record({
        series: `summary, 90-day window, another zone, uncached, ${LATENCY_CONNECTIONS} clients`,
        value: `p95 ${summaryZone.p95_ms} ms (p50 ${summaryZone.p50_ms}, p99 ${summaryZone.p99_ms}; ${summaryZone.requests} requests, ${JSON.stringify(summaryZone.statuses)})`,
        // SPEC §12's own figure, absolute.
        target: "p95 ≤ 500 ms",
        ok: summaryZone.p95_ms <= 500,
        from: [summaryZone],
      });
    }
    if (want("export")) {
      // Export of every member active in the last year, with the server's memory sampled. A smaller
      // export first (the growth company's), so the figure is the export's memory, not the loading
      // and compiling of the route's code on its first request.
      apiRequests++;
      await (
        await fetch(
          `${server.url}/api/v2/companies/${growth.companyId}/user-metrics/export/`,
          auth(growthTokens, 0),
        )
      ).arrayBuffer();
      const pid = server.process.pid!;
      const baseline = rssMb(pid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
      const t0 = performance.now();
      apiRequests++;
      const exportRes = await fetch(
        `${server.url}/api/v2/companies/${big.companyId}/user-metrics/export/?date_from=${daysAgo(366)}&date_to=${today()}`,
        auth(tokens, 0),
      );
      const csv = await exportRes.text();
      const exportStatus = exportRes.status;
      const exportS = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const exportRows = csv.split("\r\n").length - 2;
      const rowsPerS = Math.round(exportRows / exportS);
      // The floor: the same rows, in the same order, as one COPY read by the server's driver.
      const exportFilters = {
        ...NO_MEMBER_FILTERS,
        dateFrom: daysAgo(366),
        dateTo: today(),
        timezone: "UTC",
        companyTimezone: "UTC",
        today: today(),
        status: null,
        ordering: "-last_active" as const,
      };
      const floorDb = drizzle({ client: floorSql, schema }) as unknown as Db;
      const copied = await copyOut(
        floorSql,
        inlineParams(
          new PgDialect().sqlToQuery(
            userMetricsPageQuery(floorDb, big.companyId, exportFilters, { limit: exportRows + 1 }),
          ),
        ),
      );
      const copyRate = Math.round(copied.rows / copied.seconds);
      if (copied.rows !== exportRows)
        throw new Error(`COPY floor read ${copied.rows} rows, the export ${exportRows}`);
      record({
        series: `export ${exportRows.toLocaleString("en")} rows`,
        value: `${rowsPerS.toLocaleString("en")} rows/s, RSS +${(peak - baseline).toFixed(0)} MB`,
        floor: `COPY of the same rows to CSV, read by postgres.js: ${copyRate.toLocaleString("en")} rows/s`,
        ratio: `${((rowsPerS / copyRate) * 100).toFixed(0)} %`,
        target: "≥ 50 % of the COPY's rows/s, RSS + ≤ 64 MB",
        ok: exportStatus === 200 && rowsPerS >= 0.5 * copyRate && peak - baseline <= 64,
      });
    }
    if (want("ingest")) {
      // Ingestion: batches of 1,000 new sessions from 4 clients.
      const batches = small ? 10 : 30;
      const members = await readerIds(sql, big.companyId, 1000);
      let sent = 0;
      ingest = track(
        await load({
          baseUrl: server.url,
          connections: 4,
          amount: batches,
          next: (b) => {
            const sessions = Array.from({ length: 1000 }, (_, k) => {
              const start = Date.now() - ((b * 1000 + k) % 86_400) * 1000 - 3_600_000;
              sent++;
              return {
                id: crypto.randomUUID(),
                user_id: members[(b * 1000 + k) % members.length],
                started_at: new Date(start).toISOString(),
                ended_at: new Date(start + 600_000).toISOString(),
              };
            });
            return {
              path: `/api/v2/companies/${big.companyId}/sessions/`,
              init: {
                method: "POST",
                headers: { Authorization: `Bearer ${ownerToken}`, "Content-Type": "application/json" },
                body: JSON.stringify({ sessions }),
              },
            };
          },
        }),
      );
      const ingestRate = Math.round(
        ((ingest.statuses["201"] ?? 0) * 1000) / (ingest.requests / ingest.rps || 1),
      );
      // The floor: COPY of batches of the same size, from as many clients, into a scratch copy of
      // the sessions table (its rows and indexes).
      await heartbeat(
        "scratch copy of activity_sessions",
        ensureScratchSessions(sql, (line) => console.info(line)),
      );
      const copiedIn = await copyIn(databaseUrl, big.companyId, members, { batches, size: 1000, clients: 4 });
      const copyInRate = Math.round(copiedIn.sessions / copiedIn.seconds);
      record({
        series: `ingestion, ${batches} batches of 1,000, 4 clients`,
        value: `${ingestRate.toLocaleString("en")} sessions/s (${JSON.stringify(ingest.statuses)})`,
        floor: `COPY of the same batches into a copy of activity_sessions: ${copyInRate.toLocaleString("en")} sessions/s`,
        ratio: `${((ingestRate / copyInRate) * 100).toFixed(0)} %`,
        target: "≥ 50 % of the COPY's sessions/s",
        ok: ingestRate >= 0.5 * copyInRate && sent === batches * 1000,
        from: [ingest],
      });
    }
    // Floors in PostgreSQL itself: the list page and count SQL's execution time.
    const db = drizzle({ client: sql, schema }) as unknown as Db;
    const filters = {
      dateFrom: daysAgo(30),
      dateTo: today(),
      timezone: "UTC",
      companyTimezone: "UTC",
      today: today(),
      status: null,
      ...NO_MEMBER_FILTERS,
      ordering: "-last_active" as const,
    };
    const pageSql = new PgDialect().sqlToQuery(
      userMetricsPageQuery(db, big.companyId, filters, { limit: 20 }),
    );
    const countSql = new PgDialect().sqlToQuery(countUserMetricsQuery(big.companyId, filters));
    const pageFloor = await explainMs(sql, pageSql);
    const countFloor = await explainMs(sql, countSql);
    record({ series: "floor: list page SQL (EXPLAIN ANALYZE)", value: `${pageFloor.ms.toFixed(2)} ms` });
    record({ series: "floor: list count SQL (EXPLAIN ANALYZE)", value: `${countFloor.ms.toFixed(2)} ms` });
    report.plans = { page: JSON.parse(pageFloor.plan), count: JSON.parse(countFloor.plan) };
    report.series = {
      bare,
      cached,
      bareAtLatency,
      uncached,
      uncachedGrowth,
      uncachedHuge,
      filtered,
      summary,
      summaryGrowth,
      summaryHuge,
      summaryZone,
      ingest,
    };
  } finally {
    await server.stop();
  }

  // Exactly one audit row per API request the bench sent (the bare handler is not an API request).
  await new Promise((r) => setTimeout(r, 500));
  const auditAfter = (await sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n;
  const auditRows = auditAfter - auditBefore;
  record({
    series: "audit rows / API requests",
    value: `${auditRows} / ${apiRequests}`,
    target: "equal",
    ok: auditRows === apiRequests,
  });
  await sql.end();
  await floorSql.end();

  report.rows = rows;
  console.table(rows.map((r) => ({ ...r, ok: r.ok === undefined ? "" : r.ok ? "✓" : "✗" })));
  fs.mkdirSync("bench-results", { recursive: true });
  const file = path.join("bench-results", small ? "bench-small.json" : "bench.json");
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  console.info(`${report.machine}\nwritten to ${file}`);
  if (auditRows !== apiRequests) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
