import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { PLANNER_SETTINGS } from "@/db/client";

/**
 * The floors the benchmark's targets are ratios to, measured in the same run on the same data:
 * what PostgreSQL itself does for the same work, with nothing of the product around it.
 */

/** A connection with the app's planner settings (the floors run the plans the app would). */
export const floorConnection = (url: string, max = 4) =>
  postgres(url, { max, onnotice: () => {}, connection: PLANNER_SETTINGS });

/**
 * One `GROUP BY user_id` aggregate scan of a company's sessions — per member: count, last end,
 * total duration — with the refresh's work_mem and its choice of plan (a company holding a large
 * share of the sessions is read in heap order, not through an index). Seconds; the aggregate
 * stays in the server.
 */
export async function groupByScanSeconds(sql: postgres.Sql, companyId: string): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`set local work_mem = '256MB'`;
    const [row] = await tx<{ bulk: boolean }[]>`select um_reads_in_bulk(${companyId}) as bulk`;
    if (row?.bulk) await tx`set local enable_indexscan = off; set local enable_bitmapscan = off`.simple();
    const t0 = performance.now();
    await tx`
      select count(*) from (
        select user_id, count(*) as n, max(ended_at) as last, sum(ended_at - started_at) as spent
        from activity_sessions where company_id = ${companyId} group by user_id) per_member`;
    return (performance.now() - t0) / 1000;
  });
}

/** A bound query as one literal statement: COPY takes no parameters. */
export function inlineParams(query: { sql: string; params: unknown[] }): string {
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "number" || typeof v === "bigint") return String(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (v instanceof Date) return `'${v.toISOString()}'`;
    if (typeof v === "string") return `'${v.replace(/'/g, "''")}'`;
    throw new Error(`cannot inline a parameter of type ${typeof v}`);
  };
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => literal(query.params[Number(n) - 1]));
}

/** `COPY (the query) TO STDOUT (FORMAT csv)` read to its end by postgres.js: rows and seconds. */
export async function copyOut(
  sql: postgres.Sql,
  statement: string,
): Promise<{ rows: number; seconds: number }> {
  const t0 = performance.now();
  const stream = await sql.unsafe(`copy (${statement}) to stdout (format csv)`).readable();
  let rows = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>)
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

export const SCRATCH_SESSIONS = "bench_scratch_sessions";

/**
 * A scratch copy of `activity_sessions`: the same rows and the same indexes (built after the
 * copy), kept between runs while it holds as many rows as the original (±1 %).
 */
export async function ensureScratchSessions(sql: postgres.Sql, log: (line: string) => void) {
  const [counts] = await sql<{ original: string; scratch: string | null }[]>`
    select (select reltuples::bigint from pg_class where oid = 'activity_sessions'::regclass)::text as original,
           (select reltuples::bigint from pg_class where relname = ${SCRATCH_SESSIONS})::text as scratch`;
  const original = Number(counts!.original);
  const scratch = counts!.scratch === null ? null : Number(counts!.scratch);
  if (scratch !== null && Math.abs(scratch - original) <= original * 0.01) return;
  log(
    `copying activity_sessions (${original.toLocaleString("en")} rows) into ${SCRATCH_SESSIONS}, then its indexes`,
  );
  await sql.unsafe(`drop table if exists ${SCRATCH_SESSIONS}`);
  await sql.unsafe(`create table ${SCRATCH_SESSIONS} (like activity_sessions including defaults)`);
  await sql.unsafe(`insert into ${SCRATCH_SESSIONS} select * from activity_sessions`);
  const indexes = await sql<{ name: string; def: string; primary: boolean }[]>`
    select i.relname as name, pg_get_indexdef(x.indexrelid) as def, x.indisprimary as primary
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = 'activity_sessions'::regclass`;
  for (const index of indexes) {
    const def = index.def
      .replace(/ON (public\.)?activity_sessions /, `ON public.${SCRATCH_SESSIONS} `)
      .replace(/INDEX (\S+) ON/, `INDEX ${SCRATCH_SESSIONS}_${index.name} ON`);
    log(`  ${def}`);
    await sql.unsafe(def);
  }
  await sql.unsafe(`analyze ${SCRATCH_SESSIONS}`);
}

/**
 * `COPY … FROM STDIN` of `batches` batches of `size` new sessions into the scratch copy, from
 * `clients` connections at once (the shape of the ingestion series); the rows are deleted after.
 */
export async function copyIn(
  url: string,
  companyId: string,
  members: string[],
  { batches, size, clients }: { batches: number; size: number; clients: number },
): Promise<{ sessions: number; seconds: number }> {
  const sql = floorConnection(url, clients);
  const ids: string[] = [];
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let b = next++; b < batches; b = next++) {
          let text = "";
          for (let k = 0; k < size; k++) {
            const id = randomUUID();
            ids.push(id);
            const start = Date.now() - ((b * size + k) % 86_400) * 1000 - 3_600_000;
            text += `${companyId},${id},${members[(b * size + k) % members.length]},${new Date(start).toISOString()},${new Date(start + 600_000).toISOString()}\n`;
          }
          const writable = await sql
            .unsafe(
              `copy ${SCRATCH_SESSIONS} (company_id, id, user_id, started_at, ended_at) from stdin (format csv)`,
            )
            .writable();
          await new Promise<void>((resolve, reject) => {
            writable.on("error", reject);
            writable.on("finish", resolve);
            writable.end(text);
          });
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await sql`delete from ${sql(SCRATCH_SESSIONS)} where company_id = ${companyId} and id = any(${ids}::uuid[])`;
    return { sessions: ids.length, seconds };
  } finally {
    await sql.end();
  }
}
