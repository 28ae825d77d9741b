import { afterAll, describe, expect, it } from "vitest";
import { api, forgeToken } from "../helpers/api";
import { connectTestDb } from "../helpers/db";
import { createCompany, sessionEndingDaysAgo, type FixtureMember } from "../helpers/fixtures";

/**
 * Randomised tenant isolation: several companies (some people members of more than one), random
 * requests of every kind — list with random filters and pages, summary, export, the same request
 * again (a cache hit), requests that fail (bad parameters, a page past the end, another company's
 * id) — and every id in every response must belong to the company asked about.
 */
const conn = connectTestDb();
afterAll(() => conn.close());

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe("tenant isolation", () => {
  it("no response about one company carries another company's ids, over random requests", async () => {
    const rand = random(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
    const statuses = ["active", "inactive", "pending"] as const;
    const memberOf = (): FixtureMember => ({
      status: rand() < 0.7 ? "active" : pick(statuses),
      role: pick(["member", "member", "admin", "viewer"] as const),
      department: pick(["Sales", "Support", null]),
      sessions: Array.from({ length: Math.floor(rand() * 4) }, () =>
        sessionEndingDaysAgo(1 + Math.floor(rand() * 60)),
      ),
    });

    const companies: { id: string; reader: string; allowed: Set<string> }[] = [];
    let shared: string | undefined;
    for (let c = 0; c < 5; c++) {
      const members: FixtureMember[] = [{ role: "admin", sessions: [sessionEndingDaysAgo(2)] }];
      for (let m = 0; m < 3 + Math.floor(rand() * 4); m++) members.push(memberOf());
      // One person belongs to every company (as a member), so their id is legitimately everywhere.
      if (shared) members.push({ userId: shared, sessions: [sessionEndingDaysAgo(3)] });
      const created = await createCompany(conn.db, members);
      shared ??= created.members[1]!.userId;
      companies.push({
        id: created.companyId,
        reader: await forgeToken(created.members[0]!.userId),
        allowed: new Set([created.companyId, ...created.members.map((m) => m.userId)]),
      });
    }

    const requests = (id: string) => {
      const base = `/api/v2/companies/${id}/user-metrics/`;
      const days = 1 + Math.floor(rand() * 90);
      const from = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
      const status = pick(["", "active", "inactive", "pending", "bogus"]);
      const ordering = pick(["-last_active", "last_active", "-total_sessions", "total_sessions"]);
      return [
        `${base}?date_from=${from}&status=${status}&ordering=${ordering}&page_size=${1 + Math.floor(rand() * 5)}&page=${1 + Math.floor(rand() * 3)}`,
        `${base}summary/?date_from=${from}&status=${status === "bogus" ? "" : status}`,
        `${base}export/?date_from=${from}&ordering=${ordering}`,
        `${base}?page=999`,
      ];
    };

    let checked = 0;
    for (let round = 0; round < 3; round++) {
      for (const asked of companies) {
        for (const caller of companies) {
          for (const path of requests(asked.id)) {
            for (let again = 0; again < (rand() < 0.3 ? 2 : 1); again++) {
              const res = await api(path, { token: caller.reader });
              const ids = res.text.match(UUIDS) ?? [];
              for (const id of ids)
                expect(asked.allowed.has(id.toLowerCase()), `${id} in ${path}`).toBe(true);
              if (caller !== asked) expect(res.status, path).toBe(403); // outsiders learn nothing
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  }, 120_000);
});
