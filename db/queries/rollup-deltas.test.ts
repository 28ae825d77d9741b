import { describe, expect, it } from "vitest";
import {
  daysToProbe,
  NO_PREVIOUS_DAY,
  rollupDeltas,
  summariseBatch,
  type BatchSession,
  type DayProbe,
  type DayProbes,
  type IngestMember,
} from "./rollup-deltas";
import { zonedDay, zonedMonthStart } from "@/lib/time/zones";

const utcDay = (d: Date) => zonedDay(d, "UTC");

const at = (iso: string) => new Date(iso);
let n = 0;
const session = (userId: string, start: string, minutes = 10): BatchSession => ({
  id: `s${++n}`,
  userId,
  startedAt: at(start),
  endedAt: new Date(at(start).getTime() + minutes * 60_000),
});
const newMember = (userId: string, listed = true): IngestMember => ({
  userId,
  status: "active",
  listed,
  role: "member",
  department: null,
  hasRow: false,
  lastActive: null,
  lastDay: null,
});
const probes = (entries: [string, string, DayProbe][]): DayProbes => {
  const out: DayProbes = new Map();
  for (const [user, day, p] of entries) out.set(user, (out.get(user) ?? new Map()).set(day, p));
  return out;
};
const members = (...ms: IngestMember[]) => new Map(ms.map((m) => [m.userId, m]));

describe("zonedDay and zonedMonthStart", () => {
  it("take the UTC calendar in UTC, whatever the local zone", () => {
    expect(utcDay(at("2025-03-01T00:30:00+02:00"))).toBe("2025-02-28");
    expect(zonedMonthStart(at("2025-03-01T00:30:00+02:00"), "UTC")).toBe("2025-02-01");
    expect(zonedMonthStart(at("2024-12-31T23:59:59.999Z"), "UTC")).toBe("2024-12-01");
    expect(zonedMonthStart(at("2025-01-01T00:00:00Z"), "UTC")).toBe("2025-01-01");
  });
  it("take the zone's calendar elsewhere", () => {
    expect(zonedDay(at("2025-03-01T03:30:00Z"), "America/New_York")).toBe("2025-02-28");
    expect(zonedMonthStart(at("2025-03-01T03:30:00Z"), "America/New_York")).toBe("2025-02-01");
    expect(zonedDay(at("2025-02-28T10:30:00Z"), "Pacific/Kiritimati")).toBe("2025-03-01");
  });
});

describe("a batch summarised in the company's zone", () => {
  it("counts a session on its day there, and the last active day there", () => {
    const s = session("a", "2025-03-02T02:00:00Z"); // 21:00 on 1 March in New York
    const batch = summariseBatch([s], "America/New_York");
    expect([...batch.get("a")!.days.keys()]).toEqual(["2025-03-01"]);
    const m: IngestMember = {
      userId: "a",
      status: "active",
      listed: true,
      role: "member",
      department: null,
      hasRow: true,
      lastActive: null,
      lastDay: null,
    };
    const d = rollupDeltas(batch, new Map([["a", m]]), new Map(), "America/New_York");
    expect(d.daily.map((x) => x.day)).toEqual(["2025-03-01"]);
    expect(d.lastActiveDays.map((x) => x.day)).toEqual(["2025-03-01"]);
  });
});

describe("summariseBatch", () => {
  it("adds up each member's sessions per day, keeps the latest times and counts only the latest month", () => {
    const batch = summariseBatch(
      [
        session("a", "2025-02-27T10:00:00Z", 10),
        session("a", "2025-03-02T09:00:00Z", 30),
        session("a", "2025-03-02T18:00:00Z", 0.5),
        session("a", "2025-03-01T08:00:00Z", 20),
        session("b", "2025-01-05T00:00:00Z", 1),
      ],
      "UTC",
    );
    const a = batch.get("a")!;
    expect(a.sessions).toBe(4);
    expect(a.duration).toBe(600 + 1800 + 30 + 1200);
    expect(a.lastStarted).toEqual(at("2025-03-02T18:00:00Z"));
    expect(a.lastActive).toEqual(at("2025-03-02T18:00:30Z"));
    expect([a.month, a.monthSessions]).toEqual(["2025-03-01", 3]);
    expect(a.firstDay).toBe("2025-02-27");
    expect(Object.fromEntries(a.days)).toEqual({
      "2025-02-27": { sessions: 1, duration: 600 },
      "2025-03-02": { sessions: 2, duration: 1830 },
      "2025-03-01": { sessions: 1, duration: 1200 },
    });
    expect(batch.get("b")!.monthSessions).toBe(1);
  });
});

describe("daysToProbe", () => {
  const batch = summariseBatch(
    [
      session("new", "2025-03-02T10:00:00Z"),
      session("newer", "2025-03-05T10:00:00Z"),
      session("older", "2025-03-01T10:00:00Z"),
      session("older", "2025-03-09T10:00:00Z"),
      session("unlisted", "2025-01-01T10:00:00Z"),
    ],
    "UTC",
  );
  const known = (userId: string, lastDay: string, listed = true): IngestMember => ({
    userId,
    status: "active",
    listed,
    role: "member",
    department: null,
    hasRow: true,
    lastActive: at(`${lastDay}T12:00:00Z`),
    lastDay,
  });
  it("reads history only for listed members without a row or with a batch day before their last one", () => {
    const pairs = daysToProbe(
      batch,
      members(
        newMember("new"),
        known("newer", "2025-03-05"),
        known("older", "2025-03-04"),
        known("unlisted", "2025-03-04", false),
      ),
    );
    expect(pairs).toEqual([
      { userId: "new", day: "2025-03-02" },
      { userId: "older", day: "2025-03-01" },
      { userId: "older", day: "2025-03-09" },
    ]);
  });
});

describe("rollupDeltas", () => {
  it("a new member: a last-active day, their days, and each day linked to the one before", () => {
    const batch = summariseBatch(
      [session("a", "2025-03-01T10:00:00Z"), session("a", "2025-03-03T10:00:00Z", 20)],
      "UTC",
    );
    const none = { existed: false, prevOld: null, nextOld: null };
    const d = rollupDeltas(
      batch,
      members(newMember("a")),
      probes([
        ["a", "2025-03-01", none],
        ["a", "2025-03-03", none],
      ]),
      "UTC",
    );
    expect(d.members).toEqual([
      expect.objectContaining({
        userId: "a",
        sessions: 2,
        duration: 1800,
        monthStart: "2025-03-01",
        monthSessions: 2,
      }),
    ]);
    expect(d.lastActiveDays).toEqual([
      { day: "2025-03-03", status: "active", role: "member", department: null, members: 1 },
    ]);
    expect(d.daily).toEqual([
      { day: "2025-03-01", status: "active", activeMembers: 1, sessions: 1, durationSeconds: 600 },
      { day: "2025-03-03", status: "active", activeMembers: 1, sessions: 1, durationSeconds: 1200 },
    ]);
    expect(d.gaps).toEqual([
      { day: "2025-03-01", status: "active", prevDay: NO_PREVIOUS_DAY, members: 1 },
      { day: "2025-03-03", status: "active", prevDay: "2025-03-01", members: 1 },
    ]);
  });

  it("a later day without probes: the last-active day moves and the new day links to the old last day", () => {
    const m: IngestMember = {
      userId: "a",
      status: "pending",
      listed: true,
      role: "admin",
      department: "Sales",
      hasRow: true,
      lastActive: at("2025-03-01T10:10:00Z"),
      lastDay: "2025-03-01",
    };
    const d = rollupDeltas(
      summariseBatch([session("a", "2025-03-04T08:00:00Z")], "UTC"),
      members(m),
      new Map(),
      "UTC",
    );
    expect(d.lastActiveDays).toEqual([
      { day: "2025-03-01", status: "pending", role: "admin", department: "Sales", members: -1 },
      { day: "2025-03-04", status: "pending", role: "admin", department: "Sales", members: 1 },
    ]);
    expect(d.gaps).toEqual([{ day: "2025-03-04", status: "pending", prevDay: "2025-03-01", members: 1 }]);
  });

  it("another session on the last active day: sessions and duration only", () => {
    const m: IngestMember = {
      userId: "a",
      status: "active",
      listed: true,
      role: "member",
      department: null,
      hasRow: true,
      lastActive: at("2025-03-01T10:10:00Z"),
      lastDay: "2025-03-01",
    };
    const d = rollupDeltas(
      summariseBatch([session("a", "2025-03-01T12:00:00Z", 5)], "UTC"),
      members(m),
      new Map(),
      "UTC",
    );
    expect(d.lastActiveDays).toEqual([]);
    expect(d.daily).toEqual([
      { day: "2025-03-01", status: "active", activeMembers: 0, sessions: 1, durationSeconds: 300 },
    ]);
    expect(d.gaps).toEqual([]);
  });

  it("a day between two known ones: it links to the earlier, and the later one is re-linked to it", () => {
    const m: IngestMember = {
      userId: "a",
      status: "active",
      listed: true,
      role: "member",
      department: null,
      hasRow: true,
      lastActive: at("2025-03-09T10:10:00Z"),
      lastDay: "2025-03-09",
    };
    const d = rollupDeltas(
      summariseBatch([session("a", "2025-03-05T10:00:00Z")], "UTC"),
      members(m),
      probes([["a", "2025-03-05", { existed: false, prevOld: "2025-03-01", nextOld: "2025-03-09" }]]),
      "UTC",
    );
    expect(d.lastActiveDays).toEqual([]);
    expect(d.gaps).toEqual([
      { day: "2025-03-05", status: "active", prevDay: "2025-03-01", members: 1 },
      { day: "2025-03-09", status: "active", prevDay: "2025-03-01", members: -1 },
      { day: "2025-03-09", status: "active", prevDay: "2025-03-05", members: 1 },
    ]);
  });

  it("sums members' deltas by day and status, and drops sums that come to zero", () => {
    const moving: IngestMember = {
      userId: "x",
      status: "active",
      listed: true,
      role: "member",
      department: null,
      hasRow: true,
      lastActive: at("2025-03-01T10:00:00Z"),
      lastDay: "2025-03-01",
    };
    const batch = summariseBatch(
      [
        session("x", "2025-03-02T10:00:00Z"),
        session("y", "2025-03-01T09:00:00Z"),
        session("z", "2025-03-02T11:00:00Z"),
      ],
      "UTC",
    );
    const none = { existed: false, prevOld: null, nextOld: null };
    const d = rollupDeltas(
      batch,
      members(moving, newMember("y"), newMember("z")),
      probes([
        ["y", "2025-03-01", none],
        ["z", "2025-03-02", none],
      ]),
      "UTC",
    );
    // x leaves 03-01 as y arrives on it: no row for 03-01; x and z both arrive on 03-02.
    expect(d.lastActiveDays).toEqual([
      { day: "2025-03-02", status: "active", role: "member", department: null, members: 2 },
    ]);
    expect(d.daily).toEqual([
      { day: "2025-03-02", status: "active", activeMembers: 2, sessions: 2, durationSeconds: 1200 },
      { day: "2025-03-01", status: "active", activeMembers: 1, sessions: 1, durationSeconds: 600 },
    ]);
  });

  it("an unlisted member changes their own row only", () => {
    const d = rollupDeltas(
      summariseBatch([session("u", "2025-03-01T10:00:00Z")], "UTC"),
      members(newMember("u", false)),
      new Map(),
      "UTC",
    );
    expect(d.members).toHaveLength(1);
    expect([d.lastActiveDays, d.daily, d.gaps]).toEqual([[], [], []]);
  });

  it("refuses a member whose state was not read", () => {
    expect(() =>
      rollupDeltas(
        summariseBatch([session("ghost", "2025-03-01T10:00:00Z")], "UTC"),
        new Map(),
        new Map(),
        "UTC",
      ),
    ).toThrow(/ghost/);
  });
});

/**
 * The deltas against a model of the full refresh: random batches (days out of order, repeated, new
 * first and last days) applied one after another add up to what recomputing from every session gives.
 */
describe("deltas over many batches equal a recomputation", () => {
  type Counts = Map<string, number>;
  const bump = (m: Counts, key: string, by: number) => {
    const v = (m.get(key) ?? 0) + by;
    if (v === 0) m.delete(key);
    else m.set(key, v);
  };
  /** What a refresh computes for these sessions (status "active", everyone listed). */
  function recompute(all: BatchSession[]) {
    const lastActive: Counts = new Map();
    const daily: Counts = new Map();
    const gaps: Counts = new Map();
    const byUser = new Map<string, BatchSession[]>();
    for (const s of all) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
    for (const sessions of byUser.values()) {
      const last = sessions.reduce((a, s) => (s.endedAt > a ? s.endedAt : a), sessions[0]!.endedAt);
      bump(lastActive, utcDay(last), 1);
      const days = [...new Set(sessions.map((s) => utcDay(s.startedAt)))].sort();
      days.forEach((day, i) => {
        const own = sessions.filter((s) => utcDay(s.startedAt) === day);
        bump(daily, `${day} members`, 1);
        bump(daily, `${day} sessions`, own.length);
        bump(gaps, `${day} ${days[i - 1] ?? NO_PREVIOUS_DAY}`, 1);
      });
    }
    return { lastActive, daily, gaps };
  }
  /** The member's state and the probes, as the database would answer them before the batch. */
  function stateBefore(prior: BatchSession[], batch: BatchSession[]) {
    const state = new Map<string, IngestMember>();
    const dayProbes: DayProbes = new Map();
    for (const userId of new Set(batch.map((s) => s.userId))) {
      const own = prior.filter((s) => s.userId === userId);
      const latestStart = own.reduce<BatchSession | null>(
        (a, s) => (!a || s.startedAt > a.startedAt ? s : a),
        null,
      );
      const latestEnd = own.reduce<Date | null>((a, s) => (!a || s.endedAt > a ? s.endedAt : a), null);
      state.set(userId, {
        userId,
        status: "active",
        listed: true,
        role: "member",
        department: null,
        hasRow: own.length > 0,
        lastActive: latestEnd,
        lastDay: latestStart ? utcDay(latestStart.startedAt) : null,
      });
      const days = own.map((s) => utcDay(s.startedAt));
      const byDay = new Map<string, DayProbe>();
      for (const s of batch.filter((b) => b.userId === userId)) {
        const day = utcDay(s.startedAt);
        const earlier = days.filter((d) => d < day).sort();
        const later = days.filter((d) => d > day).sort();
        byDay.set(day, {
          existed: days.includes(day),
          prevOld: earlier.at(-1) ?? null,
          nextOld: later[0] ?? null,
        });
      }
      dayProbes.set(userId, byDay);
    }
    return { state, dayProbes };
  }

  it("holds for 40 random batches", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const base = Date.parse("2025-03-01T00:00:00Z");
    const prior: BatchSession[] = [];
    const running = {
      lastActive: new Map() as Counts,
      daily: new Map() as Counts,
      gaps: new Map() as Counts,
    };
    for (let b = 0; b < 40; b++) {
      const batch = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => {
        const start = base + Math.floor(rand() * 30) * 86_400_000 + Math.floor(rand() * 86_400_000);
        return session(`m${Math.floor(rand() * 5)}`, new Date(start).toISOString(), Math.floor(rand() * 180));
      });
      const { state, dayProbes } = stateBefore(prior, batch);
      // Only the probes the incremental path would ask for.
      const summary = summariseBatch(batch, "UTC");
      const asked = new Set(daysToProbe(summary, state).map((p) => `${p.userId} ${p.day}`));
      for (const [userId, byDay] of dayProbes)
        for (const day of byDay.keys()) if (!asked.has(`${userId} ${day}`)) byDay.delete(day);
      const d = rollupDeltas(summary, state, dayProbes, "UTC");
      for (const r of d.lastActiveDays) bump(running.lastActive, r.day, r.members);
      for (const r of d.daily) {
        bump(running.daily, `${r.day} members`, r.activeMembers);
        bump(running.daily, `${r.day} sessions`, r.sessions);
      }
      for (const r of d.gaps) bump(running.gaps, `${r.day} ${r.prevDay}`, r.members);
      prior.push(...batch);
      const full = recompute(prior);
      expect(running.lastActive, `batch ${b}`).toEqual(full.lastActive);
      expect(running.daily, `batch ${b}`).toEqual(full.daily);
      expect(running.gaps, `batch ${b}`).toEqual(full.gaps);
    }
  });
});
