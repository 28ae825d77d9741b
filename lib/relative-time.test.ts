import { describe, expect, it } from "vitest";
import { absoluteTime, relativeTime } from "./relative-time";

const now = Date.parse("2025-07-13T15:30:00Z");

describe("relativeTime", () => {
  it.each([
    ["2025-07-13T15:29:40Z", "just now"],
    ["2025-07-13T15:25:00Z", "5 minutes ago"],
    ["2025-07-13T12:30:00Z", "3 hours ago"],
    ["2025-07-12T15:30:00Z", "yesterday"],
    ["2025-07-08T15:30:00Z", "5 days ago"],
    ["2025-06-29T15:30:00Z", "2 weeks ago"],
    ["2025-04-13T15:30:00Z", "3 months ago"],
    ["2023-07-13T15:30:00Z", "2 years ago"],
  ])("%s → %s", (iso, words) => {
    expect(relativeTime(iso, now)).toBe(words);
  });

  it("writes absolute times in UTC", () => {
    expect(absoluteTime("2025-07-13T14:30:00Z")).toBe("13 Jul 2025, 14:30 UTC");
  });
});
