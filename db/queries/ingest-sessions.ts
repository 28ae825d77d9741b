import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { activitySessions } from "../schema";
import type { SessionInput } from "@/lib/validation/sessions";
import { applySessionsToRollups, lockCompanyRollups, readIngestMembers } from "./rollups";

export type IngestResult =
  | { ok: true; received: number; inserted: number; unchanged: number; members_updated: number }
  | { ok: false; errors: Record<string, string[]> };

/**
 * Stores a validated batch all-or-nothing, idempotently by id, and brings the affected members'
 * rollups up to date in the same transaction (the incremental path: no full recompute).
 * Refused, with errors per item: users who are not live members of the company, and ids that
 * already exist with different values.
 */
export async function ingestSessions(
  db: Db,
  companyId: string,
  batch: SessionInput[],
  received: number,
  itemErrors: Record<string, string[]> = {},
): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    await lockCompanyRollups(tx, companyId);
    const errors: Record<string, string[]> = { ...itemErrors };
    const userIds = [...new Set(batch.map((s) => s.userId))];
    const members = await readIngestMembers(tx, companyId, userIds);
    const existing = await tx
      .select()
      .from(activitySessions)
      .where(
        and(
          eq(activitySessions.companyId, companyId),
          inArray(
            activitySessions.id,
            batch.map((s) => s.id),
          ),
        ),
      );
    const existingById = new Map(existing.map((s) => [s.id, s]));

    const fresh: SessionInput[] = [];
    batch.forEach((s) => {
      const i = s.index;
      if (!members.has(s.userId)) {
        (errors[`sessions[${i}].user_id`] ??= []).push(
          "Unknown member: this user is not a member of the company.",
        );
        return;
      }
      const before = existingById.get(s.id);
      if (!before) return void fresh.push(s);
      const same =
        before.userId === s.userId &&
        before.startedAt.getTime() === s.startedAt.getTime() &&
        before.endedAt.getTime() === s.endedAt.getTime();
      if (!same)
        (errors[`sessions[${i}].id`] ??= []).push("A session with this id already exists with other values.");
    });
    if (Object.keys(errors).length > 0) return { ok: false, errors };

    if (fresh.length > 0) {
      // Before the insert: the incremental update compares the batch with the sessions already stored.
      await applySessionsToRollups(tx, companyId, fresh, members);
      await tx
        .insert(activitySessions)
        .values(
          fresh.map(({ id, userId, startedAt, endedAt }) => ({ companyId, id, userId, startedAt, endedAt })),
        )
        .onConflictDoNothing();
    }
    return {
      ok: true,
      received,
      inserted: fresh.length,
      unchanged: received - fresh.length,
      members_updated: new Set(fresh.map((s) => s.userId)).size,
    };
  });
}
