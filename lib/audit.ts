import "server-only";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { unnestRows } from "@/db/queries/array-param";
import { auditLog, type AuditEntry } from "@/db/schema";

const MAX_KEYS = 30;
const MAX_VALUE = 200;

/** PostgreSQL text and jsonb cannot hold NUL; everything else is kept as sent. */
export const clean = (value: string, max: number) => value.replaceAll("\u0000", "\uFFFD").slice(0, max);

/** Query parameters for the audit row, bounded so hostile input cannot bloat the log. */
export function auditParams(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    if (Object.keys(out).length >= MAX_KEYS) break;
    const values = params
      .getAll(key)
      .slice(0, 5)
      .map((v) => clean(v, MAX_VALUE));
    out[clean(key, 64)] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** Largest `params` of one audit row, serialised (bytes): hostile input cannot bloat the log. */
export const MAX_PARAMS_BYTES = 4096;

/**
 * Keeps whole entries, in order, while the serialised object stays within `max` bytes; what does
 * not fit is dropped and the row says so (`_truncated`).
 */
export function boundParams(params: Record<string, string | string[]>, max = MAX_PARAMS_BYTES) {
  const marker = ',"_truncated":"true"}';
  const out: Record<string, string | string[]> = {};
  let size = 2;
  let truncated = false;
  for (const [key, value] of Object.entries(params)) {
    const add = Buffer.byteLength(JSON.stringify({ [key]: value })) - 2 + (size > 2 ? 1 : 0);
    if (size + add + marker.length > max) {
      truncated = true;
      continue;
    }
    out[key] = value;
    size += add;
  }
  if (truncated) out._truncated = "true";
  return out;
}

type Pending = { entry: AuditEntry; resolve: (id: number) => void; reject: (error: unknown) => void };
type Queue = { pending: Pending[]; flushing: boolean };
const queues = new WeakMap<Db, Queue>();
const MAX_BATCH = 500;
/** Rows waiting for the database at most; past it a request is answered 503 instead of queued. */
export const MAX_PENDING_AUDIT = 5_000;

export class AuditQueueFull extends Error {
  constructor() {
    super("audit queue full");
  }
}

/**
 * Writes one audit row; the caller awaits it, so the row is committed before the response leaves.
 * Group commit: rows arriving while an insert is in flight go together in the next one (one
 * statement, one commit), so under load the log costs one round trip per batch, not per request,
 * and an idle server still writes each row at once.
 */
export function writeAudit(db: Db, entry: AuditEntry): Promise<number> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { pending: [], flushing: false }));
  const q = queue;
  if (q.pending.length >= MAX_PENDING_AUDIT) return Promise.reject(new AuditQueueFull());
  const bounded = { ...entry, params: boundParams(entry.params) };
  return new Promise((resolve, reject) => {
    q.pending.push({ entry: bounded, resolve, reject });
    if (!q.flushing) void flush(db, q);
  });
}

/**
 * A batch of rows in one statement whose text never changes (each column one array parameter), so
 * the database parses and plans it once, whatever the batch's size. Ids come from the sequence in
 * the order the rows are read from the arrays: sorted, they are the batch's in order.
 */
async function insertRows(db: Db, batch: Pending[]) {
  const rows = unnestRows(
    batch.map((p) => p.entry),
    "r",
    {
      request_id: [(e) => e.requestId, "text"],
      actor_user_id: [(e) => e.actorUserId ?? null, "uuid"],
      actor_key_id: [(e) => e.actorKeyId ?? null, "uuid"],
      company_ref: [(e) => e.companyRef ?? null, "text"],
      action: [(e) => e.action, "text"],
      method: [(e) => e.method, "text"],
      path: [(e) => e.path, "text"],
      params: [(e) => JSON.stringify(e.params), "text"],
      status: [(e) => e.status, "int"],
      code: [(e) => e.code ?? null, "text"],
      client_address: [(e) => e.clientAddress ?? null, "text"],
      user_agent: [(e) => e.userAgent ?? null, "text"],
      duration_ms: [(e) => e.durationMs ?? null, "int"],
    },
  );
  const ids = await queryRows<{ id: string | number }>(
    db,
    sql`insert into ${auditLog} (request_id, actor_user_id, actor_key_id, company_ref, action, method, path,
          params, status, code, client_address, user_agent, duration_ms)
        select r.request_id, r.actor_user_id, r.actor_key_id, r.company_ref, r.action, r.method, r.path,
               r.params::jsonb, r.status, r.code, r.client_address, r.user_agent, r.duration_ms
        from ${rows}
        returning id`,
  );
  const sorted = ids.map((r) => Number(r.id)).sort((a, b) => a - b);
  batch.forEach((p, i) => p.resolve(sorted[i]!));
}

async function flush(db: Db, q: Queue) {
  q.flushing = true;
  try {
    while (q.pending.length > 0) {
      const batch = q.pending.splice(0, MAX_BATCH);
      try {
        await insertRows(db, batch);
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One row the database refuses must not take the others down with it: each on its own.
        else for (const p of batch) await insertRows(db, [p]).catch(p.reject);
      }
    }
  } finally {
    q.flushing = false;
  }
}

/** Adds what a streamed response only knows at its end (row count, outcome) to its audit row. */
export async function completeAudit(db: Db, id: number, extra: Record<string, string>, durationMs: number) {
  await db
    .update(auditLog)
    .set({ params: sql`${auditLog.params} || ${JSON.stringify(extra)}::jsonb`, durationMs })
    .where(eq(auditLog.id, id));
}
