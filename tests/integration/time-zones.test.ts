import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/db/client";
import { canonicalTimeZone, zonedDay, zonedMonthStart } from "@/lib/time/zones";
import { connectTestDb, migratedPglite } from "../helpers/db";
import { DAY, dayIn, firstInstantOf, HOUR, plusDays, random, transitions } from "../helpers/zones";

/**
 * One notion of a day, on both drivers (postgres.js on PostgreSQL, PGlite): the SQL side
 * (`um_local_day`, `um_day_start`, `um_month_start`) and the TypeScript side (`zonedDay`,
 * `zonedMonthStart`) both equal what Intl says here — for random instants from 2000 to 2035 and
 * for instants at every transition of zones chosen for their oddities — day starts are the first
 * instant of each day (23- and 25-hour days included), and every zone the runtime offers, in its
 * canonical spelling, is one the database knows (so a request naming it never meets a 500).
 */

const ZONES = [
  "UTC",
  "America/New_York",
  "Australia/Lord_Howe", // 30-minute DST
  "Pacific/Kiritimati", // +14
  "Pacific/Apia", // +13 (DST until 2021)
  "Pacific/Tongatapu", // +13
  "Asia/Kathmandu", // +5:45
  "America/Havana", // transitions at midnight
  "America/Santiago", // transitions at midnight (24:00)
  "Asia/Beirut", // transitions at midnight
  "Europe/London",
];

const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2036, 0, 1);
const nextDay = (day: string) => plusDays(day, 1);
const QUARTER = 15 * 60_000;

/** The instants checked for a zone: random ones, every transition and the hours around a sample. */
function instantsFor(zone: string, seed: number) {
  const r = random(seed).next;
  const out: number[] = [];
  for (let i = 0; i < 400; i++) out.push(FROM + Math.floor(r() * (TO - FROM)));
  const changes = transitions(zone, FROM, TO);
  for (const t of changes) for (const d of [-HOUR, -1, 0, 1, HOUR]) out.push(t + d);
  // Every quarter (and the millisecond before it) across a day each side of some transitions.
  for (let i = 0; i < Math.min(6, changes.length); i++) {
    const t = changes[Math.floor(r() * changes.length)]!;
    for (let q = t - 26 * HOUR; q <= t + 26 * HOUR; q += QUARTER) out.push(q, q - 1);
  }
  return { instants: out, changes };
}

const localDays = (db: Db, zone: string, instants: number[]) =>
  queryRows<{ day: string; month: string }>(
    db,
    sql`select um_local_day(t, ${zone}::text)::text as day, um_month_start(t, ${zone}::text)::text as month
        from unnest(${sql.param(instants.map((t) => new Date(t).toISOString()))}::text[]::timestamptz[])
             with ordinality as u(t, i)
        order by i`,
  );

const dayStarts = (db: Db, zone: string, days: string[]) =>
  queryRows<{ start: number; next: number }>(
    db,
    sql`select (extract(epoch from um_day_start(d, ${zone}::text)) * 1000)::float8 as start,
               (extract(epoch from um_day_start(d + 1, ${zone}::text)) * 1000)::float8 as next
        from unnest(${sql.param(days)}::text[]::date[]) with ordinality as u(d, i)
        order by i`,
  );

function defineChecks(getDb: () => Db) {
  it.each(ZONES.map((z, i) => [z, i] as const))(
    "%s: um_local_day and um_month_start equal Intl's date and zonedDay at random instants and around every transition",
    async (zone, i) => {
      const { instants, changes } = instantsFor(zone, 1000 + i);
      if (zone !== "UTC" && zone !== "Asia/Kathmandu" && zone !== "Pacific/Kiritimati")
        expect(changes.length, "the zone changes offset in 2000–2035").toBeGreaterThan(0);
      const rows = await localDays(getDb(), zone, instants);
      const want = instants.map((t) => dayIn(t, zone));
      const mismatches = instants
        .map((t, k) => ({
          at: new Date(t).toISOString(),
          intl: want[k],
          sql: rows[k]!.day,
          ts: zonedDay(new Date(t), zone),
        }))
        .filter((x) => x.sql !== x.intl || x.ts !== x.intl);
      expect(mismatches.slice(0, 10)).toEqual([]);
      const months = instants.filter((t, k) => rows[k]!.month !== `${want[k]!.slice(0, 7)}-01`);
      expect(months.map((t) => new Date(t).toISOString()).slice(0, 10)).toEqual([]);
      const tsMonths = instants.filter((t, k) => zonedMonthStart(new Date(t), zone) !== rows[k]!.month);
      expect(tsMonths.map((t) => new Date(t).toISOString()).slice(0, 10)).toEqual([]);
    },
    60_000,
  );

  it.each(ZONES.map((z, i) => [z, i] as const))(
    "%s: um_day_start(d) is the day's first instant and um_day_start(d) ≤ t < um_day_start(d + 1) for d = um_local_day(t)",
    async (zone, i) => {
      const db = getDb();
      const { instants, changes } = instantsFor(zone, 2000 + i);
      const sample = instants.filter((_, k) => k % 7 === 0);
      const days = (await localDays(db, zone, sample)).map((r) => r.day);
      const bounds = await dayStarts(db, zone, days);
      const outside = sample.filter((t, k) => !(bounds[k]!.start <= t && t < bounds[k]!.next));
      expect(outside.map((t) => new Date(t).toISOString()).slice(0, 10)).toEqual([]);
      // Exact starts for the days of (and around) each transition and some random days.
      const r = random(3000 + i).next;
      const checked = new Set<string>();
      for (const t of changes)
        for (const d of [-DAY, 0, DAY]) {
          const day = dayIn(t + d, zone);
          checked.add(day);
          checked.add(nextDay(day));
        }
      for (let k = 0; k < 60; k++) checked.add(dayIn(FROM + Math.floor(r() * (TO - FROM)), zone));
      const list = [...checked].sort();
      const starts = await dayStarts(db, zone, list);
      const wrong = list
        .map((day, k) => ({
          day,
          sql: new Date(starts[k]!.start).toISOString(),
          want: new Date(firstInstantOf(day, zone)).toISOString(),
        }))
        .filter((x) => x.sql !== x.want);
      expect(wrong.slice(0, 10)).toEqual([]);
    },
    60_000,
  );

  it("splits DST days at their midnights: 23 and 25 hours in New York, 23.5 and 24.5 on Lord Howe, midnight transitions", async () => {
    const cases: [string, string, number, string?][] = [
      ["America/New_York", "2026-03-07", 24],
      ["America/New_York", "2026-03-08", 23, "2026-03-08T05:00:00.000Z"],
      ["America/New_York", "2026-03-09", 24, "2026-03-09T04:00:00.000Z"],
      ["America/New_York", "2026-11-01", 25, "2026-11-01T04:00:00.000Z"],
      ["America/New_York", "2026-11-02", 24, "2026-11-02T05:00:00.000Z"],
      ["Australia/Lord_Howe", "2026-04-05", 24.5], // 02:00 back to 01:30
      ["Australia/Lord_Howe", "2026-10-04", 23.5], // 02:00 on to 02:30
      ["Europe/London", "2026-03-29", 23, "2026-03-29T00:00:00.000Z"],
      ["Europe/London", "2026-10-25", 25, "2026-10-24T23:00:00.000Z"],
      // Havana springs from 00:00 to 01:00 (the day starts at 01:00) and falls from 01:00 to 00:00
      // (the day starts at the first of its two midnights).
      ["America/Havana", "2026-03-08", 23, "2026-03-08T05:00:00.000Z"],
      ["America/Havana", "2026-11-01", 25, "2026-11-01T04:00:00.000Z"],
      // Santiago and Beirut fall back from 24:00 to 23:00: the 25-hour day is the one before.
      ["America/Santiago", "2026-04-04", 25],
      ["America/Santiago", "2026-09-06", 23],
      ["Asia/Beirut", "2026-03-29", 23, "2026-03-28T22:00:00.000Z"],
      ["Asia/Beirut", "2026-10-24", 25],
      ["Pacific/Kiritimati", "2026-06-01", 24, "2026-05-31T10:00:00.000Z"],
      ["Asia/Kathmandu", "2026-06-01", 24, "2026-05-31T18:15:00.000Z"],
      ["UTC", "2026-06-01", 24, "2026-06-01T00:00:00.000Z"],
    ];
    for (const [zone, day, hours, start] of cases) {
      const [row] = await dayStarts(getDb(), zone, [day]);
      expect((row!.next - row!.start) / HOUR, `${zone} ${day}`).toBe(hours);
      // The same length by the test's own walk.
      expect((firstInstantOf(nextDay(day), zone) - firstInstantOf(day, zone)) / HOUR, `${zone} ${day}`).toBe(
        hours,
      );
      if (start) expect(new Date(row!.start).toISOString(), `${zone} ${day}`).toBe(start);
      expect(dayIn(row!.start, zone)).toBe(day);
      expect(dayIn(row!.start - 1, zone) < day).toBe(true);
    }
  });

  it("knows every zone the runtime offers, in its canonical spelling (AT TIME ZONE never errors)", async () => {
    const names = [...new Set(Intl.supportedValuesOf("timeZone").map((z) => canonicalTimeZone(z)))];
    expect(names).not.toContain(null);
    expect(names.length).toBeGreaterThan(300);
    const unknown: string[] = [];
    for (const zone of names as string[]) {
      try {
        await queryRows(
          getDb(),
          sql`select um_local_day(timestamptz '2026-01-01T00:00:00Z', ${zone}::text),
                     um_day_start(date '2026-07-01', ${zone}::text)`,
        );
      } catch {
        unknown.push(zone);
      }
    }
    expect(unknown).toEqual([]);
    // And the database refuses what it does not know (the check above can fail).
    await expect(
      queryRows(getDb(), sql`select um_local_day(now(), ${"Mars/Olympus_Mons"}::text)`),
    ).rejects.toThrow();
  }, 120_000);
}

describe("PostgreSQL: days in a zone", () => {
  const conn = connectTestDb();
  afterAll(() => conn.close());
  defineChecks(() => conn.db);
});

describe("PGlite: days in a zone", () => {
  const pglite = migratedPglite();
  defineChecks(pglite.db);
});
