import { inArray, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  activitySessions,
  apiKeys,
  companies,
  companyActivityGaps,
  companyDailyMetrics,
  companyLastActiveDays,
  companyMemberDays,
  companyMemberGroups,
  companyMemberNumbers,
  companyQuarterMetrics,
  memberMetrics,
  memberSearch,
  memberships,
  revokedSessions,
  users,
} from "../schema";
import { refreshCompanyMetrics } from "../queries/rollups";
import { buildDemoData, DEMO } from "./demo-data";
import { hashPassword } from "@/lib/auth/password";

const CHUNK = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Resets the demo data set : removes the demo companies and demo users, inserts them
 * afresh relative to `now`, then computes the rollups with the same code the refresh endpoint uses.
 * Other companies and the audit log are left alone.
 */
export async function resetDemoData(db: Db, now = new Date()) {
  const data = buildDemoData(now);
  const companyIds = data.companies.map((c) => c.id);
  const userIds = data.users.map((u) => u.id);
  const emails = data.users.map((u) => u.email);
  // One hash for the shared demo password keeps seeding fast; each real account gets its own.
  const passwordHash = await hashPassword(DEMO.password);

  await db.transaction(async (tx) => {
    // Memberships first: their triggers adjust the rollups, which are deleted right after.
    await tx.delete(memberships).where(inArray(memberships.companyId, companyIds));
    for (const table of [
      memberMetrics,
      memberSearch,
      companyLastActiveDays,
      companyDailyMetrics,
      companyActivityGaps,
      companyMemberGroups,
      companyQuarterMetrics,
      companyMemberDays,
      companyMemberNumbers,
      activitySessions,
    ])
      await tx.delete(table).where(inArray(table.companyId, companyIds));
    // What refers to the demo users and companies goes with them: their API keys and the
    // sessions they signed out of.
    const demoUsers = tx
      .select({ id: users.id })
      .from(users)
      .where(or(inArray(users.id, userIds), inArray(users.email, emails)));
    await tx
      .delete(apiKeys)
      .where(or(inArray(apiKeys.companyId, companyIds), inArray(apiKeys.createdBy, demoUsers)));
    await tx.delete(revokedSessions).where(inArray(revokedSessions.userId, demoUsers));
    await tx.delete(companies).where(inArray(companies.id, companyIds));
    await tx.delete(users).where(or(inArray(users.id, userIds), inArray(users.email, emails)));

    await tx.insert(companies).values(data.companies);
    for (const part of chunks(data.users))
      await tx.insert(users).values(part.map((u) => ({ ...u, passwordHash })));
    for (const part of chunks(data.memberships)) await tx.insert(memberships).values(part);
    for (const part of chunks(data.sessions)) await tx.insert(activitySessions).values(part);
  });

  for (const id of companyIds) await refreshCompanyMetrics(db, id, now);
  // Fresh statistics after a bulk load, so the planner does not work from an empty-table guess.
  for (const table of ["users", "memberships", "activity_sessions", "member_metrics"]) {
    await db.execute(sql.raw(`analyze ${table}`));
  }
  return {
    companies: data.companies.length,
    users: data.users.length,
    memberships: data.memberships.length,
    sessions: data.sessions.length,
  };
}

/** First start of the embedded default: seed only when the database holds no company at all. */
export async function seedIfEmpty(db: Db) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(companies);
  if ((row?.n ?? 0) > 0) return null;
  const result = await resetDemoData(db);
  console.info(`[user-metrics] embedded database seeded with demo data: ${JSON.stringify(result)}`);
  return result;
}
