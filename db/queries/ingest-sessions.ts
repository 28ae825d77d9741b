import { sql } from "drizzle-orm";
import { queryRows, type Db, type Tx } from "../client";
import type { IngestResult as Accepted, SessionInput } from "@/lib/contracts/sessions";
import { arrayParam, unnestRows } from "./array-param";
import { applySessionsToRollups, lockCompanyRollups, readIngestMembers } from "./rollups";

/** The contract's result when the batch is accepted; its errors per item when it is refused. */
export type IngestResult = ({ ok: true } & Accepted) | { ok: false; errors: Record<string, string[]> };

/** Thrown inside the transaction to roll it back when a conflict shows up after the insert. */
class Refused extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super("batch refused");
  }
}

const SAME_ID_OTHER_VALUES = "A session with this id already exists with other values.";

type StoredSession = { id: string; user_id: string; started_at: number; ended_at: number };

/** Sessions of the company with these ids, as stored (times in epoch milliseconds). */
async function readStored(tx: Tx, companyId: string, ids: string[]) {
  const rows = await queryRows<StoredSession>(
    tx,
    sql`select id::text, user_id::text, (extract(epoch from started_at) * 1000)::float8 as started_at,
               (extract(epoch from ended_at) * 1000)::float8 as ended_at
        from activity_sessions where company_id = ${companyId} and id = any(${arrayParam(ids, "uuid")})`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const sameValues = (stored: StoredSession, s: SessionInput) =>
  stored.user_id === s.userId &&
  stored.started_at === s.startedAt.getTime() &&
  stored.ended_at === s.endedAt.getTime();

/**
 * Stores a validated batch all-or-nothing, idempotently by id, and brings the affected members'
 * rollups up to date in the same transaction (the incremental path: no full recompute).
 * Refused, with errors per item: users who are not live members of the company, and ids that
 * already exist with different values.
 *
 * The slow part on a large company — looking ids up and inserting rows into indexes of tens of
 * millions of entries — runs before the company's rollup lock, so concurrent batches overlap it;
 * only the rollup update (which must see every earlier batch) runs under the lock.
 */
export async function ingestSessions(
  db: Db,
  companyId: string,
  batch: SessionInput[],
  received: number,
  itemErrors: Record<string, string[]> = {},
  /** Runs just before commit when the batch is accepted: the caller's audit row commits with it. */
  withinTransaction?: (tx: Tx, result: Extract<IngestResult, { ok: true }>) => Promise<void>,
): Promise<IngestResult> {
  try {
    return await db.transaction(async (tx) => {
      const errors: Record<string, string[]> = { ...itemErrors };
      const add = (key: string, message: string) => (errors[key] ??= []).push(message);
      const userIds = [...new Set(batch.map((s) => s.userId))];
      const members = await readIngestMembers(tx, companyId, userIds);
      const known: SessionInput[] = [];
      for (const s of batch) {
        if (members.has(s.userId)) known.push(s);
        else add(`sessions[${s.index}].user_id`, "Unknown member: this user is not a member of the company.");
      }
      /** Ids already stored with other values than `items` send. */
      const compareStored = async (items: SessionInput[]) => {
        const stored = await readStored(
          tx,
          companyId,
          items.map((s) => s.id),
        );
        for (const s of items) {
          const before = stored.get(s.id);
          if (before && !sameValues(before, s)) add(`sessions[${s.index}].id`, SAME_ID_OTHER_VALUES);
        }
      };
      if (Object.keys(errors).length > 0) {
        await compareStored(known); // every problem reported at once
        return { ok: false, errors };
      }

      // Insert first and let the primary key say which ids are new: one pass over the index
      // instead of a lookup and then an insert. Ids in order, so two batches sharing ids wait
      // for each other instead of deadlocking.
      const rows = [...known].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const written = await queryRows<{ id: string }>(
        tx,
        sql`insert into activity_sessions (company_id, id, user_id, started_at, ended_at)
            select ${companyId}, s.id, s.user_id, s.started_at, s.ended_at
            from ${unnestRows(rows, "s", {
              id: [(r) => r.id, "uuid"],
              user_id: [(r) => r.userId, "uuid"],
              started_at: [(r) => r.startedAt.toISOString(), "timestamptz"],
              ended_at: [(r) => r.endedAt.toISOString(), "timestamptz"],
            })}
            on conflict (company_id, id) do nothing
            returning id::text`,
      );
      let inserted = known;
      if (written.length < known.length) {
        // Ids stored before (a re-sent batch, or a concurrent one that won the race): the same
        // values are a no-op, other values refuse the whole batch and roll back what it wrote.
        const ids = new Set(written.map((w) => w.id));
        await compareStored(known.filter((s) => !ids.has(s.id)));
        if (Object.keys(errors).length > 0) throw new Refused(errors);
        inserted = known.filter((s) => ids.has(s.id));
      }
      if (inserted.length > 0) {
        await lockCompanyRollups(tx, companyId);
        await applySessionsToRollups(tx, companyId, inserted, members);
      }
      const result = {
        ok: true,
        received,
        inserted: inserted.length,
        unchanged: received - inserted.length,
        members_updated: new Set(inserted.map((s) => s.userId)).size,
      } as const;
      await withinTransaction?.(tx, result);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, errors: error.errors };
    throw error;
  }
}
