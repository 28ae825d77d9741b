import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
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

/** Writes one audit row; the caller awaits it so the row is durable before the response leaves. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<number> {
  const [row] = await db.insert(auditLog).values(entry).returning({ id: auditLog.id });
  return row!.id;
}

/** Adds what a streamed response only knows at its end (row count, outcome) to its audit row. */
export async function completeAudit(db: Db, id: number, extra: Record<string, string>, durationMs: number) {
  await db
    .update(auditLog)
    .set({ params: sql`${auditLog.params} || ${JSON.stringify(extra)}::jsonb`, durationMs })
    .where(eq(auditLog.id, id));
}
