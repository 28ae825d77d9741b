import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import {
  activitySessions,
  companies,
  memberships,
  users,
  type MemberRole,
  type MemberStatus,
} from "@/db/schema";
import { refreshCompanyMetrics } from "@/db/queries/rollups";

export type FixtureMember = {
  role?: MemberRole;
  status?: MemberStatus;
  department?: string | null;
  /** [start, end] pairs. */
  sessions?: [Date, Date][];
  membershipDeleted?: boolean;
  userDeleted?: boolean;
  userId?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  /** When the membership was created (default: now). */
  joinedAt?: Date;
};

/**
 * A company of its own for one test: members with known sessions, rollups computed by the
 * product's refresh code (days counted in `options.timezone`, default UTC). Every id is random, so tests never collide with each other or the demo.
 */
export async function createCompany(
  db: Db,
  members: FixtureMember[],
  options: { deleted?: boolean; name?: string; timezone?: string } = {},
) {
  const companyId = randomUUID();
  await db.insert(companies).values({
    id: companyId,
    name: options.name ?? `Fixture ${companyId.slice(0, 8)}`,
    deletedAt: options.deleted ? new Date() : null,
    ...(options.timezone ? { timezone: options.timezone } : {}),
  });
  const created: { userId: string; email: string }[] = [];
  for (const [i, m] of members.entries()) {
    const userId = m.userId ?? randomUUID();
    const email = m.email ?? `u${i}-${userId.slice(0, 8)}@fixture.test`;
    if (!m.userId) {
      await db.insert(users).values({
        id: userId,
        email,
        firstName: m.firstName ?? `First${i}`,
        lastName: m.lastName ?? `Last${i}`,
        passwordHash: "$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinvali",
        createdAt: new Date("2024-01-15T09:00:00Z"),
        deletedAt: m.userDeleted ? new Date() : null,
      });
    }
    await db.insert(memberships).values({
      companyId,
      userId,
      role: m.role ?? "member",
      status: m.status ?? "active",
      department: m.department === undefined ? "Engineering" : m.department,
      deletedAt: m.membershipDeleted ? new Date() : null,
      ...(m.joinedAt ? { createdAt: m.joinedAt } : {}),
    });
    const sessions = (m.sessions ?? []).map(([startedAt, endedAt]) => ({
      companyId,
      id: randomUUID(),
      userId,
      startedAt,
      endedAt,
    }));
    if (sessions.length) await db.insert(activitySessions).values(sessions);
    created.push({ userId, email });
  }
  await refreshCompanyMetrics(db, companyId);
  return { companyId, members: created };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A session of `minutes` that ended `daysAgo` days before now. */
export function sessionEndingDaysAgo(daysAgo: number, minutes = 30): [Date, Date] {
  const end = new Date(Date.now() - daysAgo * DAY);
  return [new Date(end.getTime() - minutes * 60_000), end];
}
/** A session ending at an exact instant. */
export function sessionEndingAt(end: string | Date, minutes = 30): [Date, Date] {
  const e = new Date(end);
  return [new Date(e.getTime() - minutes * 60_000), e];
}
