import { describe, expect, it } from "vitest";
import {
  addMonths,
  canonicalTimeZone,
  offsetMinutes,
  timeZoneNames,
  todayIn,
  weekStart,
  zonedDay,
  zonedMonthStart,
} from "./zones";

const at = (iso: string) => new Date(iso);

/** The date of an instant in a zone, by Intl's parts (independent of the module's formatter). */
function dateByParts(d: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

describe("canonicalTimeZone", () => {
  it("accepts IANA names in any case and answers their canonical spelling", () => {
    expect(canonicalTimeZone("America/New_York")).toBe("America/New_York");
    expect(canonicalTimeZone("america/new_york")).toBe("America/New_York");
    expect(canonicalTimeZone("US/Eastern")).toBe("America/New_York");
    expect(canonicalTimeZone("Etc/UTC")).toBe("UTC");
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone("Etc/GMT+5")).toBe("Etc/GMT+5");
    expect(canonicalTimeZone("Australia/Lord_Howe")).toBe("Australia/Lord_Howe");
  });

  it("spells zones by their current IANA names, whichever name ICU prefers", () => {
    expect(canonicalTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(canonicalTimeZone("Europe/Kyiv")).toBe("Europe/Kyiv");
    expect(canonicalTimeZone("Asia/Kathmandu")).toBe("Asia/Kathmandu");
    expect(canonicalTimeZone("America/Nuuk")).toBe("America/Nuuk");
    expect(timeZoneNames()).toContain("Asia/Kolkata");
    expect(timeZoneNames()).not.toContain("Asia/Calcutta");
  });

  it("refuses offsets, POSIX rules, unknown places and oversized input", () => {
    for (const name of [
      "",
      "+05:00",
      "UTC+3",
      "GMT-2",
      "EST5EDT",
      "Mars/Olympus",
      "America/New_York ",
      "../etc",
      "x".repeat(65),
    ])
      expect(canonicalTimeZone(name), name).toBeNull();
  });

  it("knows every zone the pickers offer", () => {
    const names = timeZoneNames();
    expect(names[0]).toBe("UTC");
    for (const name of names) expect(canonicalTimeZone(name), name).not.toBeNull();
  });
});

describe("zonedDay", () => {
  it("is the calendar date there, on both sides of a midnight", () => {
    expect(zonedDay(at("2026-03-01T04:59:59Z"), "America/New_York")).toBe("2026-02-28");
    expect(zonedDay(at("2026-03-01T05:00:00Z"), "America/New_York")).toBe("2026-03-01");
    expect(zonedDay(at("2026-06-30T10:00:00Z"), "Pacific/Kiritimati")).toBe("2026-07-01");
    expect(zonedDay(at("2026-06-30T18:14:59Z"), "Asia/Kathmandu")).toBe("2026-06-30");
    expect(zonedDay(at("2026-06-30T18:15:00Z"), "Asia/Kathmandu")).toBe("2026-07-01");
  });

  it("follows DST: New York's midnight is at 05:00Z in winter and 04:00Z in summer", () => {
    expect(zonedDay(at("2026-03-09T03:59:59Z"), "America/New_York")).toBe("2026-03-08");
    expect(zonedDay(at("2026-03-09T04:00:00Z"), "America/New_York")).toBe("2026-03-09");
    expect(zonedDay(at("2026-11-02T04:59:59Z"), "America/New_York")).toBe("2026-11-01");
    expect(zonedDay(at("2026-11-02T05:00:00Z"), "America/New_York")).toBe("2026-11-02");
  });

  it("agrees with Intl for random instants, whatever it remembered before (the quarter-hour memo)", () => {
    const zones = [
      "UTC",
      "America/New_York",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "Pacific/Chatham",
      "America/Havana",
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 4000; i++) {
      const zone = zones[i % zones.length]!;
      const t = new Date(Date.UTC(2000, 0, 1) + Math.floor(next() * 36 * 365 * 86_400_000));
      expect(zonedDay(t, zone), `${t.toISOString()} ${zone}`).toBe(dateByParts(t, zone));
      // The last millisecond before each quarter hour, where a memo by quarter would go wrong if
      // a zone's midnight were not on a quarter hour.
      const edge = new Date(Math.ceil(t.getTime() / 900_000) * 900_000 - 1);
      expect(zonedDay(edge, zone), `${edge.toISOString()} ${zone}`).toBe(dateByParts(edge, zone));
    }
  });
});

describe("months, weeks and offsets", () => {
  it("zonedMonthStart is the month there", () => {
    expect(zonedMonthStart(at("2026-03-01T03:00:00Z"), "America/New_York")).toBe("2026-02-01");
    expect(zonedMonthStart(at("2026-03-01T03:00:00Z"), "UTC")).toBe("2026-03-01");
    expect(todayIn("Pacific/Kiritimati", at("2026-12-31T10:00:00Z"))).toBe("2027-01-01");
  });

  it("addMonths and weekStart (ISO weeks from Monday)", () => {
    expect(addMonths("2026-11-01", 2)).toBe("2027-01-01");
    expect(addMonths("2026-01-01", -13)).toBe("2024-12-01");
    expect(weekStart("2026-12-01")).toBe("2026-11-30"); // a Tuesday
    expect(weekStart("2026-11-30")).toBe("2026-11-30"); // a Monday
    expect(weekStart("2026-12-06")).toBe("2026-11-30"); // a Sunday
    expect(weekStart("2027-01-01")).toBe("2026-12-28");
  });

  it("offsetMinutes, DST and half-hour zones included", () => {
    expect(offsetMinutes(at("2026-01-15T12:00:00Z"), "America/New_York")).toBe(-300);
    expect(offsetMinutes(at("2026-07-15T12:00:00Z"), "America/New_York")).toBe(-240);
    expect(offsetMinutes(at("2026-01-15T12:00:00Z"), "Australia/Lord_Howe")).toBe(660);
    expect(offsetMinutes(at("2026-07-15T12:00:00Z"), "Australia/Lord_Howe")).toBe(630);
    expect(offsetMinutes(at("2026-07-15T12:00:00Z"), "Asia/Kathmandu")).toBe(345);
    expect(offsetMinutes(at("2026-07-15T12:00:00Z"), "Pacific/Kiritimati")).toBe(840);
  });
});
