import { describe, expect, it } from "vitest";
import { addDays, formatDuration, isoSeconds } from "./format";

describe("formatting at the edge", () => {
  it("writes durations as HH:MM:SS", () => {
    expect(formatDuration(0)).toBe("00:00:00");
    expect(formatDuration(1395)).toBe("00:23:15");
    expect(formatDuration(1902.4)).toBe("00:31:42");
    expect(formatDuration(3600 * 125 + 61)).toBe("125:01:01");
    expect(formatDuration(-5)).toBe("00:00:00");
  });

  it("writes timestamps in UTC with Z and whole seconds", () => {
    expect(isoSeconds(new Date("2025-07-13T14:30:00.987Z"))).toBe("2025-07-13T14:30:00Z");
  });

  it("adds days across month and leap-year ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
  });
});
