/**
 * The sessions resource's contract: the ingestion body (its shape, and each item), the per-item
 * checks that need no database, and the result.
 */
import { z } from "zod";
import { UUID } from "@/lib/uuid";
import { count } from "./shared";

export const MAX_BATCH = 1000;
/** Clock skew tolerated between a client and us before a time counts as "in the future". */
export const FUTURE_SKEW_MS = 5 * 60_000;

/** ISO 8601 with a time zone (Z or ±hh:mm); fractional seconds allowed. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const uuid = z.string({ error: "This field is required." }).regex(UUID, "Must be a valid UUID.");
const instant = z
  .string({ error: "This field is required." })
  .refine((v) => ISO_WITH_ZONE.test(v) && !Number.isNaN(Date.parse(v)), {
    message: "Enter a valid date/time with a time zone, e.g. 2025-07-13T14:30:00Z.",
    abort: true,
  })
  .transform((v) => new Date(v))
  .refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9998, "Ensure this time is after 1970.");

export const sessionSchema = z.object(
  {
    id: uuid.describe("Client-chosen session id; re-sending it is a no-op."),
    user_id: uuid.describe("A member of the company."),
    started_at: instant.describe("ISO 8601 with time zone."),
    ended_at: instant.describe("ISO 8601 with time zone; not before started_at."),
  },
  { error: "Expected an object with id, user_id, started_at and ended_at." },
);

/** A batch of `item`s: one definition for the shape the handler checks and the body it documents. */
const batchOf = <T extends z.ZodType>(item: T) =>
  z.object(
    {
      sessions: z
        .array(item, { error: "This field is required and must be a list." })
        .min(1, "Send at least one session.")
        .max(MAX_BATCH, `Ensure this list has at most ${MAX_BATCH} sessions.`),
    },
    { error: 'Expected a JSON object: {"sessions": [...]}.' },
  );

/** The body's shape; each item is checked on its own (parseSessionItems), every problem reported. */
export const sessionBatchSchema = batchOf(z.unknown());
/** The body as documented: a batch of valid sessions. */
export const sessionBatchBodySchema = batchOf(sessionSchema).meta({ id: "SessionBatch" });

export const ingestResultSchema = z
  .object({ received: count, inserted: count, unchanged: count, members_updated: count })
  .meta({ id: "IngestResult" });
export type IngestResult = z.infer<typeof ingestResultSchema>;

/** A valid item; `index` is its place in the batch, for error keys. */
export type SessionInput = { index: number; id: string; userId: string; startedAt: Date; endedAt: Date };

/**
 * Validates every item of a batch and reports every problem at once, keyed `sessions[i].field`;
 * checks that need no database: shape, formats, order of start and end, the future, duplicate ids.
 */
export function parseSessionItems(items: unknown[], now = new Date()) {
  const errors: Record<string, string[]> = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const sessions: SessionInput[] = [];
  const firstIndex = new Map<string, number>();
  const latest = now.getTime() + FUTURE_SKEW_MS;

  items.forEach((item, i) => {
    const parsed = sessionSchema.safeParse(item);
    const issues = parsed.success ? [] : parsed.error.issues;
    for (const issue of issues) {
      add(issue.path.length ? `sessions[${i}].${String(issue.path[0])}` : `sessions[${i}]`, issue.message);
    }
    // Times are checked against each other whenever both parse, whatever else is wrong with the item.
    const raw = (item ?? {}) as Record<string, unknown>;
    const time = (field: "started_at" | "ended_at") =>
      parsed.success ? { success: true as const, data: parsed.data[field] } : instant.safeParse(raw[field]);
    const start = time("started_at");
    const end = time("ended_at");
    let ok = parsed.success;
    if (start.success && end.success && end.data < start.data) {
      add(`sessions[${i}].ended_at`, "Ensure ended_at is not before started_at.");
      ok = false;
    }
    for (const [field, time] of [
      ["started_at", start],
      ["ended_at", end],
    ] as const) {
      if (time.success && time.data.getTime() > latest) {
        add(`sessions[${i}].${field}`, "Ensure this time is not in the future.");
        ok = false;
      }
    }
    const id = typeof raw.id === "string" && UUID.test(raw.id) ? raw.id.toLowerCase() : null;
    if (id !== null) {
      const seen = firstIndex.get(id);
      if (seen !== undefined) {
        add(`sessions[${i}].id`, `Duplicate id in this batch (first at sessions[${seen}]).`);
        ok = false;
      } else firstIndex.set(id, i);
    }
    if (ok && parsed.success && id !== null) {
      const s = parsed.data;
      sessions.push({
        index: i,
        id,
        userId: s.user_id.toLowerCase(),
        startedAt: s.started_at,
        endedAt: s.ended_at,
      });
    }
  });
  return { sessions, errors };
}
