import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { activitySessions, memberships } from "../schema";
import type { SessionInput } from "@/lib/validation/sessions";
import { lockCompanyRollups, updateMembersMetrics } from "./rollups";

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
    const members = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(
          eq(memberships.companyId, companyId),
          inArray(memberships.userId, userIds),
          isNull(memberships.deletedAt),
        ),
      );
    const memberSet = new Set(members.map((m) => m.userId));
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
      if (!memberSet.has(s.userId)) {
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
      await tx
        .insert(activitySessions)
        .values(
          fresh.map(({ id, userId, startedAt, endedAt }) => ({ companyId, id, userId, startedAt, endedAt })),
        )
        .onConflictDoNothing();
      await updateMembersMetrics(tx, companyId, fresh);
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
