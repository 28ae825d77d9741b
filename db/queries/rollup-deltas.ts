import { zonedDay, zonedMonthStart } from "@/lib/time/zones";
import { encodeEntries, utcQuarter, type MemberDay } from "@/lib/user-metrics/member-days";
import type { MemberRole, MemberStatus } from "../schema";

/**
 * The incremental path's arithmetic, with no database: what a batch of new sessions changes in the
 * rollups, given each member's state before it. `db/queries/rollups.ts` reads that state, writes the
 * records computed here, and nothing else; a full refresh (`um_refresh_company`) must agree with the
 * sum (tests/integration/rollup-consistency.test.ts).
 */

/** `company_activity_gaps.prev_day` of a member's first active day. */
export const NO_PREVIOUS_DAY = "-infinity";

export type BatchSession = { id: string; userId: string; startedAt: Date; endedAt: Date };

/** A live member of the company as the incremental path needs it: rollup row state included. */
export type IngestMember = {
  userId: string;
  status: MemberStatus;
  listed: boolean;
  /** The group the last-active days count them in. */
  role: MemberRole;
  department: string | null;
  /** False when the member has no rollup row yet (then the times below are unknown, not null). */
  hasRow: boolean;
  lastActive: Date | null;
  /** Day (in the company's zone) of the start of their latest session: their last active day. */
  lastDay: string | null;
};

/** What one member's sessions in the batch add up to. */
export type MemberBatch = {
  sessions: number;
  duration: number;
  lastActive: Date;
  lastStarted: Date;
  /** The latest month the batch has sessions in, and how many. */
  month: string;
  monthSessions: number;
  firstDay: string;
  days: Map<string, { sessions: number; duration: number }>;
};

/** A (member, day) of the batch as the stored sessions before it saw it. */
export type DayProbe = {
  /** The member had a session that day already. */
  existed: boolean;
  /** Their nearest active days before and after it. */
  prevOld: string | null;
  nextOld: string | null;
};

/** Probes by member, then by day. */
export type DayProbes = Map<string, Map<string, DayProbe>>;

/** Added to `member_metrics` (an insert when the member has no row). */
export type MemberRowDelta = {
  userId: string;
  status: MemberStatus;
  listed: boolean;
  lastActive: Date;
  lastStarted: Date;
  sessions: number;
  duration: number;
  monthStart: string;
  monthSessions: number;
};
export type LastActiveDayDelta = {
  day: string;
  status: MemberStatus;
  role: MemberRole;
  department: string | null;
  members: number;
};
export type DailyMetricDelta = {
  day: string;
  status: MemberStatus;
  activeMembers: number;
  sessions: number;
  durationSeconds: number;
};
export type ActivityGapDelta = { day: string; status: MemberStatus; prevDay: string; members: number };

export type QuarterMetricDelta = {
  day: string;
  quarter: number;
  status: MemberStatus;
  sessions: number;
  durationSeconds: number;
};
/** A chunk appended to the activity log: one UTC day's members of the batch. */
export type MemberDayChunk = { day: string; entries: Uint8Array };

export type RollupDeltas = {
  members: MemberRowDelta[];
  lastActiveDays: LastActiveDayDelta[];
  daily: DailyMetricDelta[];
  gaps: ActivityGapDelta[];
};

export type UtcDeltas = { quarters: QuarterMetricDelta[]; memberDays: MemberDayChunk[] };

type Counter<R> = { [K in keyof R]: R[K] extends number ? K : never }[keyof R];

/**
 * Records summed by key (the tuple of their identifying fields, encoded only here); sums that come
 * to zero on every counter are dropped, since a zero row changes nothing.
 */
class Sums<R extends object> {
  private readonly byKey = new Map<string, R>();
  constructor(
    private readonly keyOf: (r: R) => readonly (string | null)[],
    private readonly counters: readonly Counter<R>[],
  ) {}
  add(record: R) {
    const key = JSON.stringify(this.keyOf(record));
    const current = this.byKey.get(key);
    if (!current) return void this.byKey.set(key, { ...record });
    for (const c of this.counters) (current[c] as number) += record[c] as number;
  }
  records(): R[] {
    return [...this.byKey.values()].filter((r) => this.counters.some((c) => r[c] !== 0));
  }
}

/** The batch per member: totals, latest times and month, and per-day counts (days of `zone`). */
export function summariseBatch(sessions: readonly BatchSession[], zone: string): Map<string, MemberBatch> {
  const batch = new Map<string, MemberBatch>();
  for (const s of sessions) {
    const duration = Math.round((s.endedAt.getTime() - s.startedAt.getTime()) / 1000);
    const day = zonedDay(s.startedAt, zone);
    const month = zonedMonthStart(s.startedAt, zone);
    let b = batch.get(s.userId);
    if (!b) {
      b = {
        sessions: 0,
        duration: 0,
        lastActive: s.endedAt,
        lastStarted: s.startedAt,
        month,
        monthSessions: 0,
        firstDay: day,
        days: new Map(),
      };
      batch.set(s.userId, b);
    }
    b.sessions += 1;
    b.duration += duration;
    if (s.endedAt > b.lastActive) b.lastActive = s.endedAt;
    if (s.startedAt > b.lastStarted) b.lastStarted = s.startedAt;
    if (month > b.month) [b.month, b.monthSessions] = [month, 0];
    if (month === b.month) b.monthSessions += 1;
    if (day < b.firstDay) b.firstDay = day;
    const d = b.days.get(day);
    if (d) {
      d.sessions += 1;
      d.duration += duration;
    } else b.days.set(day, { sessions: 1, duration });
  }
  return batch;
}

function memberOf(members: ReadonlyMap<string, IngestMember>, userId: string): IngestMember {
  const member = members.get(userId);
  if (!member) throw new Error(`no rollup state for member ${userId}`);
  return member;
}

/**
 * The (member, day) pairs whose history must be read. Most batches carry members' newest sessions:
 * on or after their last active day, nothing but that day can be known already, so only listed
 * members with older days (or no rollup row yet) need it.
 */
export function daysToProbe(
  batch: ReadonlyMap<string, MemberBatch>,
  members: ReadonlyMap<string, IngestMember>,
): { userId: string; day: string }[] {
  const pairs: { userId: string; day: string }[] = [];
  for (const [userId, b] of batch) {
    const m = memberOf(members, userId);
    const probe = m.listed && (!m.hasRow || (m.lastDay !== null && b.firstDay < m.lastDay));
    if (probe) for (const day of b.days.keys()) pairs.push({ userId, day });
  }
  return pairs;
}

/** What an unprobed day looks like: only the member's last active day can be known already. */
const probeFromLastDay = (member: IngestMember, day: string): DayProbe => ({
  existed: day === member.lastDay,
  prevOld: member.lastDay !== null && day > member.lastDay ? member.lastDay : null,
  nextOld: null,
});

/** Largest day of `days` before `day`, or null (the member's first active day). */
function before(days: Iterable<string>, day: string): string | null {
  let best: string | null = null;
  for (const d of days) if (d < day && (best === null || d > best)) best = d;
  return best;
}

/**
 * The exact change the batch makes: each member's row adds the batch's totals; a listed member's
 * share of the company rollups moves their last-active day when it changes, adds the batch's days,
 * links each new active day to the active day before it, and re-links the next known active day
 * whose previous day a new one now is. Unlisted members change their own row only.
 */
export function rollupDeltas(
  batch: ReadonlyMap<string, MemberBatch>,
  members: ReadonlyMap<string, IngestMember>,
  probes: DayProbes,
  /** The company's zone: the days the batch was summarised in. */
  zone: string,
): RollupDeltas {
  const dayOf = (d: Date) => zonedDay(d, zone);
  const lastActiveDays = new Sums<LastActiveDayDelta>(
    (r) => [r.day, r.status, r.role, r.department],
    ["members"],
  );
  const daily = new Sums<DailyMetricDelta>(
    (r) => [r.day, r.status],
    ["activeMembers", "sessions", "durationSeconds"],
  );
  const gaps = new Sums<ActivityGapDelta>((r) => [r.day, r.status, r.prevDay], ["members"]);
  const memberRows: MemberRowDelta[] = [];

  for (const [userId, b] of batch) {
    const member = memberOf(members, userId);
    const { status, listed, role, department } = member;
    memberRows.push({
      userId,
      status,
      listed,
      lastActive: b.lastActive,
      lastStarted: b.lastStarted,
      sessions: b.sessions,
      duration: b.duration,
      monthStart: b.month,
      monthSessions: b.monthSessions,
    });
    if (!listed) continue;

    const oldLast = member.lastActive;
    const newLast = oldLast && oldLast > b.lastActive ? oldLast : b.lastActive;
    if (!oldLast || dayOf(oldLast) !== dayOf(newLast)) {
      if (oldLast) lastActiveDays.add({ day: dayOf(oldLast), status, role, department, members: -1 });
      lastActiveDays.add({ day: dayOf(newLast), status, role, department, members: 1 });
    }

    const probed = probes.get(userId);
    const known = new Set<string>();
    const fresh: string[] = [];
    for (const [day, d] of b.days) {
      const probe = probed?.get(day) ?? probeFromLastDay(member, day);
      daily.add({
        day,
        status,
        activeMembers: probe.existed ? 0 : 1,
        sessions: d.sessions,
        durationSeconds: d.duration,
      });
      if (probe.existed) known.add(day);
      else fresh.push(day);
      if (probe.prevOld) known.add(probe.prevOld);
      if (probe.nextOld) known.add(probe.nextOld);
    }
    if (fresh.length === 0) continue;
    const knownAfter = new Set([...known, ...fresh]);
    const link = (day: string, prev: string | null, members: number) =>
      gaps.add({ day, status, prevDay: prev ?? NO_PREVIOUS_DAY, members });
    for (const day of fresh) link(day, before(knownAfter, day), 1);
    const moved = new Set(fresh.map((day) => probed?.get(day)?.nextOld ?? null).filter((d) => d !== null));
    for (const day of moved) {
      link(day, before(known, day), -1);
      link(day, before(knownAfter, day), 1);
    }
  }
  return {
    members: memberRows,
    lastActiveDays: lastActiveDays.records(),
    daily: daily.records(),
    gaps: gaps.records(),
  };
}

/**
 * What the batch adds to the two structures keyed by UTC day and quarter hour, which no zone
 * changes: sessions and durations per quarter and status (listed members, as the daily rollup),
 * and a chunk of the activity log per UTC day with each member's first and last start quarter
 * (every live member: the reader picks the ones that count, so a restored member keeps counting).
 */
export function utcDeltas(
  sessions: readonly BatchSession[],
  members: ReadonlyMap<string, IngestMember>,
  /** Each member's number in the activity log. */
  numbers: ReadonlyMap<string, number>,
): UtcDeltas {
  const quarters = new Sums<QuarterMetricDelta>(
    (r) => [r.day, String(r.quarter), r.status],
    ["sessions", "durationSeconds"],
  );
  const byDay = new Map<string, Map<number, MemberDay>>();
  for (const s of sessions) {
    const member = memberOf(members, s.userId);
    const { day, quarter } = utcQuarter(s.startedAt);
    if (member.listed) {
      const durationSeconds = Math.round((s.endedAt.getTime() - s.startedAt.getTime()) / 1000);
      quarters.add({ day, quarter, status: member.status, sessions: 1, durationSeconds });
    }
    const no = numbers.get(s.userId);
    if (no === undefined) throw new Error(`no activity-log number for member ${s.userId}`);
    let entries = byDay.get(day);
    if (!entries) byDay.set(day, (entries = new Map()));
    const e = entries.get(no);
    if (!e) entries.set(no, { no, first: quarter, last: quarter });
    else {
      if (quarter < e.first) e.first = quarter;
      if (quarter > e.last) e.last = quarter;
    }
  }
  return {
    quarters: quarters.records(),
    memberDays: [...byDay].map(([day, entries]) => ({ day, entries: encodeEntries([...entries.values()]) })),
  };
}
