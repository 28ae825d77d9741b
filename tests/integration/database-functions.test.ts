import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, queryRows, type Db } from "@/db/client";
import { applyDatabaseFunctions, FUNCTIONS_FILE } from "@/db/functions";
import * as schema from "@/db/schema";
import { connectTestDb } from "../helpers/db";

/**
 * The rollup functions in a migrated database are exactly db/functions.sql's (the migrations'
 * older definitions replaced, none left over), on both drivers, and applying the file again
 * changes nothing.
 */
const file = fs.readFileSync(FUNCTIONS_FILE, "utf8");
/** Each function the file defines, with its body as written. */
const declared = new Map(
  [...file.matchAll(/CREATE OR REPLACE FUNCTION (\w+)\([\s\S]*?\$\$([\s\S]*?)\$\$/g)].map((m) => [
    m[1]!,
    m[2]!,
  ]),
);
const declaredTriggers = [...file.matchAll(/CREATE TRIGGER (\w+)/g)].map((m) => m[1]!).sort();

type Fn = { name: string; src: string; def: string };
const functions = (db: Db) =>
  queryRows<Fn>(
    db,
    sql`select p.proname::text as name, p.prosrc as src, pg_get_functiondef(p.oid) as def
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proname like 'um\_%' order by p.proname`,
  );
const triggers = (db: Db) =>
  queryRows<{ name: string; fn: string }>(
    db,
    sql`select t.tgname::text as name, p.proname::text as fn from pg_trigger t join pg_proc p on p.oid = t.tgfoid
        where not t.tgisinternal and p.proname like 'um\_%' order by 1`,
  );

async function expectFunctionsOfTheFile(db: Db) {
  const fns = await functions(db);
  expect(fns.map((f) => f.name)).toEqual([...declared.keys()].sort());
  for (const f of fns) expect(f.src, f.name).toBe(declared.get(f.name));
  // The advisory-lock keys are spelled in their two helpers only.
  expect(fns.filter((f) => f.src.includes("hashtextextended")).map((f) => f.name)).toEqual([
    "um_lock_company",
    "um_try_lock_refresh",
  ]);
  expect((await triggers(db)).map((t) => t.name)).toEqual(declaredTriggers);
}

async function expectApplyingAgainChangesNothing(db: Db) {
  const before = { fns: await functions(db), triggers: await triggers(db) };
  await applyDatabaseFunctions(db);
  await applyDatabaseFunctions(db);
  expect({ fns: await functions(db), triggers: await triggers(db) }).toEqual(before);
}

describe("PostgreSQL: the functions after migrate and apply", () => {
  const conn = connectTestDb();
  afterAll(() => conn.close());

  it("are exactly those of db/functions.sql", () => expectFunctionsOfTheFile(conn.db));
  it("are unchanged by applying the file twice more", () => expectApplyingAgainChangesNothing(conn.db));
});

describe("PGlite: the functions after migrate and apply", () => {
  let client: PGlite;
  let db: Db;
  beforeAll(async () => {
    client = new PGlite();
    await client.waitReady;
    db = drizzle({ client, schema }) as unknown as Db;
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await applyDatabaseFunctions(db);
  });
  afterAll(() => client?.close());

  it("are exactly those of db/functions.sql", () => expectFunctionsOfTheFile(db));
  it("are unchanged by applying the file twice more", () => expectApplyingAgainChangesNothing(db));
});
