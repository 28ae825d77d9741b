import fs from "node:fs";
import path from "node:path";
import { getTableName, is } from "drizzle-orm";
import { PgDialect, PgTable } from "drizzle-orm/pg-core";
import { afterAll, describe, expect, it } from "vitest";
import { DISTRIBUTION_COLUMN, LOCAL_TABLES, REFERENCE_TABLES } from "@/db/distribution";
import { joinMembership } from "@/db/queries/user-metrics";
import * as schema from "@/db/schema";
import { connectTestDb } from "../helpers/db";

/**
 * The schema stays distributable by company (db/distribution.ts, docs/deployment.md): every tenant
 * table's keys lead to its company, nothing refers across companies, and every query that joins
 * two tenant tables joins them on the company too, so that it runs on one shard.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

const root = path.resolve(__dirname, "../..");

type Key = { table: string; name: string; columns: string[]; primary: boolean; nullsNotDistinct: boolean };

async function catalog() {
  const tables = (
    await conn.sql<{ table: string; columns: string[] }[]>`
      select c.relname as table, array_agg(a.attname::text order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where c.relkind in ('r', 'p')
      group by c.relname`
  ).map((t) => ({ ...t, columns: t.columns }));
  const keys = await conn.sql<Key[]>`
    select t.relname as table, i.relname as name, x.indisprimary as primary,
           x.indnullsnotdistinct as "nullsNotDistinct",
           array(select a.attname::text from unnest(x.indkey) with ordinality k(attnum, ord)
                 join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord) as columns
    from pg_index x
    join pg_class t on t.oid = x.indrelid
    join pg_class i on i.oid = x.indexrelid
    join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'public'
    where x.indisunique`;
  const foreign = await conn.sql<{ from: string; to: string; columns: string[] }[]>`
    select f.conrelid::regclass::text as from, f.confrelid::regclass::text as to,
           array(select a.attname::text from unnest(f.conkey) k(attnum)
                 join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum) as columns
    from pg_constraint f
    where f.contype = 'f' and f.connamespace = 'public'::regnamespace`;
  return { tables, keys, foreign };
}

const tenant = (t: { table: string; columns: string[] }) =>
  t.columns.includes(DISTRIBUTION_COLUMN) && !(t.table in REFERENCE_TABLES);

describe("the schema, distributed by company", () => {
  it("names the place of every table: distributed by company_id, reference, or local", async () => {
    const { tables } = await catalog();
    for (const t of tables) {
      const placed =
        t.columns.includes(DISTRIBUTION_COLUMN) || t.table in REFERENCE_TABLES || t.table in LOCAL_TABLES;
      expect(placed, `${t.table}: no company_id, and not a reference or local table`).toBe(true);
    }
    for (const name of [...Object.keys(REFERENCE_TABLES), ...Object.keys(LOCAL_TABLES)])
      expect(
        tables.map((t) => t.table),
        name,
      ).toContain(name);
    expect(tables.filter(tenant).length).toBeGreaterThanOrEqual(10);
  });

  it("keys every tenant table by company first: its primary key and every unique index include company_id", async () => {
    const { tables, keys } = await catalog();
    for (const t of tables.filter(tenant)) {
      const own = keys.filter((k) => k.table === t.table);
      // A table without a primary key (its key has a nullable column) is identified by a unique
      // index whose nulls are equal, so a null is one key, not many.
      expect(
        own.some((k) => k.primary || k.nullsNotDistinct),
        `${t.table}: no primary key, nor a unique index with NULLS NOT DISTINCT`,
      ).toBe(true);
      for (const k of own) expect(k.columns, `${t.table}.${k.name}`).toContain(DISTRIBUTION_COLUMN);
    }
  });

  it("refers across tables only within a company, or to a reference table", async () => {
    const { tables, foreign } = await catalog();
    const byName = new Map(tables.map((t) => [t.table, t]));
    for (const f of foreign) {
      const from = byName.get(f.from)!;
      const to = byName.get(f.to)!;
      if (tenant(to)) {
        expect(tenant(from), `${f.from} (not distributed) refers to ${f.to}`).toBe(true);
        expect(f.columns, `${f.from} → ${f.to}`).toContain(DISTRIBUTION_COLUMN);
      } else expect(to.table in REFERENCE_TABLES, `${f.from} → ${f.to} (local)`).toBe(true);
    }
  });

  it("docs/deployment.md distributes every tenant table and lists every reference table", async () => {
    const { tables } = await catalog();
    const doc = fs.readFileSync(path.join(root, "docs/deployment.md"), "utf8");
    for (const t of tables.filter(tenant))
      expect(doc, t.table).toContain(`create_distributed_table('${t.table}', 'company_id'`);
    for (const name of Object.keys(REFERENCE_TABLES))
      expect(doc, name).toContain(`create_reference_table('${name}')`);
  });
});

/** Every join in the product's SQL (raw statements and the query builder) of a tenant table. */
function joinsInSource() {
  const files = [
    ...fs.readdirSync(path.join(root, "db/queries")).map((f) => `db/queries/${f}`),
    "db/functions.sql",
    ...fs.readdirSync(path.join(root, "lib/user-metrics")).map((f) => `lib/user-metrics/${f}`),
  ].filter((f) => /\.(ts|sql)$/.test(f) && !f.endsWith(".test.ts"));
  // The query builder's table objects by variable name, and raw SQL's table names.
  const tableOf = new Map<string, string>();
  for (const [name, value] of Object.entries(schema))
    if (is(value, PgTable)) tableOf.set(name, getTableName(value));
  const joins: { file: string; table: string; on: string }[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    // Raw SQL: JOIN <table | ${table}> [alias] ON … (up to the next clause).
    const raw =
      /\bjoin\s+(?:\$\{(\w+)\}|(\w+))(?:\s+(?:as\s+)?(?!on\b)\w+)?\s+(on|using)\b([\s\S]*?)(?=\b(?:join|where|group|order|limit|union|returning|select|from)\b|`|;|\)\s*(?:,|$)|$)/gi;
    for (const m of text.matchAll(raw)) {
      const table = m[1] ? tableOf.get(m[1]) : m[2]!.toLowerCase();
      if (table) joins.push({ file, table, on: `${m[3]}${m[4]}` });
    }
    // The query builder: .innerJoin(table, condition).
    const built = /\.(?:inner|left|right|full)Join\(\s*(\w+)\s*,([\s\S]*?)\)\s*(?:\.|;|\n\s*\))/g;
    for (const m of text.matchAll(built)) {
      const table = tableOf.get(m[1]!);
      if (table) joins.push({ file, table, on: m[2]! });
    }
  }
  return joins;
}

describe("the queries, on one shard", () => {
  it("join every tenant table on its company", async () => {
    const { tables } = await catalog();
    const tenants = new Set(tables.filter(tenant).map((t) => t.table));
    const joins = joinsInSource();
    const ofTenants = joins.filter((j) => tenants.has(j.table));
    // The scan finds the joins it should (a pattern that matched nothing would prove nothing).
    expect(ofTenants.length).toBeGreaterThanOrEqual(15);
    const membership = new PgDialect().sqlToQuery(joinMembership!).sql;
    expect(membership).toContain('"company_id"');
    for (const j of ofTenants) {
      const onCompany = /company_id|companyId|p_company|joinMembership/.test(j.on);
      expect(onCompany, `${j.file}: join of ${j.table} ${j.on.trim().slice(0, 160)}`).toBe(true);
    }
  });
});
