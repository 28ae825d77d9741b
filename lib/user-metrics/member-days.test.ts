import { describe, expect, it } from "vitest";
import {
  ActivityLog,
  ChunkCache,
  decodeChunk,
  decodeEntries,
  encodeEntries,
  quarterNumber,
  utcQuarter,
  type MemberDay,
} from "./member-days";

const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
/** Quarter number of a UTC day and quarter. */
const q = (d: string, quarter: number) => day(d) * 96 + quarter;

function log(rows: Record<string, MemberDay[][]>, counted = [1, 1, 1, 1, 1, 1]) {
  const list = Object.entries(rows).flatMap(([d, chunks]) =>
    chunks.map((entries) => ({ day: d, chunk: decodeChunk(encodeEntries(entries)) })),
  );
  return new ActivityLog(list, Uint8Array.from(counted));
}

describe("activity log codec", () => {
  it("round-trips entries, six bytes each", () => {
    const entries = [
      { no: 1, first: 0, last: 95 },
      { no: 70_000, first: 40, last: 41 },
      { no: 2 ** 30, first: 95, last: 95 },
    ];
    const bytes = encodeEntries(entries);
    expect(bytes.byteLength).toBe(18);
    expect(decodeEntries(bytes)).toEqual(entries);
  });

  it("places instants on UTC days and quarter hours, before 1970 too", () => {
    expect(utcQuarter(new Date("2026-03-08T06:59:59.999Z"))).toEqual({ day: "2026-03-08", quarter: 27 });
    expect(utcQuarter(new Date("2026-03-08T00:00:00Z"))).toEqual({ day: "2026-03-08", quarter: 0 });
    expect(utcQuarter(new Date("1969-12-31T23:59:00Z"))).toEqual({ day: "1969-12-31", quarter: 95 });
    expect(quarterNumber(Date.parse("2026-03-08T05:15:00Z"))).toBe(q("2026-03-08", 21));
    expect(quarterNumber(Date.parse("1971-01-01T00:44:30Z"))).toBeNull();
  });
});

describe("ActivityLog.activeIn", () => {
  const l = log({
    "2026-03-07": [[{ no: 1, first: 2, last: 90 }], [{ no: 2, first: 50, last: 50 }]],
    "2026-03-08": [
      [
        { no: 1, first: 10, last: 10 },
        { no: 3, first: 30, last: 60 },
      ],
    ],
  });

  it("counts whole days, a day's first quarters (by first start) and its last ones (by last start)", () => {
    expect(l.activeIn(q("2026-03-07", 0), q("2026-03-09", 0))).toBe(3);
    // New York's 2026-03-07 (05:00 UTC to 05:00 UTC): member 1 (last start 22:30), member 2.
    expect(l.activeIn(q("2026-03-07", 20), q("2026-03-08", 20))).toBe(2);
    // Only the first quarters of the 8th: member 1 (first start 02:30).
    expect(l.activeIn(q("2026-03-08", 0), q("2026-03-08", 20))).toBe(1);
    // Only the last quarters of the 7th, after member 1's last start: nobody.
    expect(l.activeIn(q("2026-03-07", 91), q("2026-03-08", 0))).toBe(0);
    expect(l.activeIn(q("2026-03-08", 5), q("2026-03-08", 5))).toBe(0);
  });

  it("merges a day's chunks: first is the least, last the greatest", () => {
    const merged = log({
      "2026-03-07": [
        [{ no: 1, first: 40, last: 40 }],
        [{ no: 1, first: 10, last: 12 }],
        [{ no: 1, first: 80, last: 81 }],
      ],
    });
    expect(merged.activeIn(q("2026-03-07", 0), q("2026-03-07", 11))).toBe(1);
    expect(merged.activeIn(q("2026-03-07", 81), q("2026-03-08", 0))).toBe(1);
    expect(merged.activeIn(q("2026-03-07", 82), q("2026-03-08", 0))).toBe(0);
  });

  it("leaves out the members that do not count (another status, unlisted, numbers it was not told of)", () => {
    const only3 = log(
      {
        "2026-03-08": [
          [
            { no: 1, first: 10, last: 10 },
            { no: 3, first: 30, last: 60 },
            { no: 9, first: 1, last: 1 },
          ],
        ],
      },
      [0, 0, 0, 1],
    );
    expect(only3.activeIn(q("2026-03-08", 0), q("2026-03-09", 0))).toBe(1);
  });

  it("tells when it cannot answer: a span inside one UTC day around a member's first and last start", () => {
    expect(l.activeIn(q("2026-03-08", 35), q("2026-03-08", 50))).toBeNull();
    // Inside one day but containing a start: known.
    expect(l.activeIn(q("2026-03-08", 5), q("2026-03-08", 31))).toBe(2);
  });
});

describe("ChunkCache", () => {
  it("drops the least recently used chunks past its size", () => {
    const chunk = () => decodeChunk(encodeEntries([{ no: 1, first: 0, last: 0 }])); // 6 bytes
    const cache = new ChunkCache(12);
    cache.set("a", chunk());
    cache.set("b", chunk());
    expect(cache.get("a")).toBeDefined(); // a is now the most recent
    cache.set("c", chunk());
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
    expect(cache.size).toBe(12);
  });
});
