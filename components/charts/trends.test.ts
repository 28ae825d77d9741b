// @vitest-environment node
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { UserMetricsRetention } from "@/lib/contracts/user-metrics";
import {
  cohortName,
  contrastRatio,
  describeRetention,
  describeChange,
  formatDayRange,
  formatShare,
  heatCellStyle,
  heatColors,
  offsetLabel,
} from "./trends";

describe("describeChange", () => {
  it("says a change in symbols and in words, and nothing to compare with as such", () => {
    expect(describeChange(0.25)).toEqual({
      direction: "up",
      short: "▲ 25 %",
      spoken: "up 25 % from the previous period",
    });
    expect(describeChange(-0.125)).toEqual({
      direction: "down",
      short: "▼ 13 %",
      spoken: "down 13 % from the previous period",
    });
    expect(describeChange(0.001).direction).toBe("same");
    expect(describeChange(0).spoken).toBe("unchanged from the previous period");
    expect(describeChange(null)).toEqual({
      direction: "none",
      short: "no previous data",
      spoken: "no previous data",
    });
    expect(describeChange(1.5).short).toBe("▲ 150 %");
  });
});

describe("heatColors", () => {
  it("goes from white to the accent, with text that keeps AA contrast on every share", () => {
    expect(heatColors(0)).toEqual({ background: "#ffffff", color: "#000000" });
    expect(heatColors(1)).toEqual({ background: "#1d4ed8", color: "#ffffff" });
    for (let i = 0; i <= 1000; i++) {
      const { background, color } = heatColors(i / 1000);
      expect(contrastRatio(background, color), `${i / 1000}`).toBeGreaterThanOrEqual(4.5);
    }
    // Out of range shares are clamped rather than drawn off the scale.
    expect(heatColors(2)).toEqual(heatColors(1));
    expect(heatColors(-1)).toEqual(heatColors(0));
  });

  it("goes from the dark surface to the dark accent in the dark scheme, as readable", () => {
    expect(heatColors(0, "dark")).toEqual({ background: "#161d2c", color: "#ffffff" });
    expect(heatColors(1, "dark")).toEqual({ background: "#86a8ff", color: "#000000" });
    for (let i = 0; i <= 1000; i++) {
      const { background, color } = heatColors(i / 1000, "dark");
      expect(contrastRatio(background, color), `${i / 1000}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("ends at the stylesheet's surface and accent, in each scheme", () => {
    const css = readFileSync(path.join(__dirname, "../../app/globals.css"), "utf8");
    const pair = (name: string) => {
      const m = new RegExp(`--${name}: light-dark\\((#[0-9a-f]{6}), (#[0-9a-f]{6})\\)`).exec(css);
      return { light: m![1], dark: m![2] };
    };
    for (const scheme of ["light", "dark"] as const) {
      expect(heatColors(0, scheme).background).toBe(pair("surface")[scheme]);
      expect(heatColors(1, scheme).background).toBe(pair("accent")[scheme]);
    }
  });

  it("hands the browser both schemes' colours in one style", () => {
    expect(heatCellStyle(0)).toEqual({
      background: "light-dark(#ffffff, #161d2c)",
      color: "light-dark(#000000, #ffffff)",
    });
  });

  it("computes WCAG contrast", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#1d4ed8", "#ffffff")).toBeCloseTo(6.7, 1);
  });
});

describe("formatting", () => {
  it("writes day ranges as people read them", () => {
    expect(formatDayRange("2026-11-01", "2026-11-30")).toBe("1–30 Nov 2026");
    expect(formatDayRange("2026-10-03", "2026-11-01")).toBe("3 Oct – 1 Nov 2026");
    expect(formatDayRange("2025-12-03", "2026-01-01")).toBe("3 Dec 2025 – 1 Jan 2026");
    expect(formatDayRange("2026-11-01", "2026-11-01")).toBe("1 Nov 2026");
  });

  it("writes shares and offsets", () => {
    expect(formatShare(0.425)).toBe("42.5%");
    expect(formatShare(1)).toBe("100%");
    expect(formatShare(0)).toBe("0%");
    expect(offsetLabel(0)).toBe("UTC");
    expect(offsetLabel(-300)).toBe("UTC−05:00");
    expect(offsetLabel(330)).toBe("UTC+05:30");
  });
});

describe("retention in words", () => {
  const retention = (period: "week" | "month", cohorts: UserMetricsRetention["cohorts"]) =>
    ({ company_id: "c", period, periods: cohorts.length, timezone: "UTC", status: null, cohorts }) as const;

  it("names cohorts and reads out the latest one with a period after it", () => {
    expect(cohortName("2026-11-02", "week")).toBe("the week of 2 Nov 2026");
    expect(cohortName("2026-11-02", "week", true)).toBe("w/c 2 Nov 2026");
    expect(cohortName("2026-11-01", "month")).toBe("Nov 2026");
    const r = retention("month", [
      { cohort_start: "2026-10-01", size: 4, retained: [1, 0.5] },
      { cohort_start: "2026-11-01", size: 2, retained: [0.5, 0.25] },
      { cohort_start: "2026-12-01", size: 3, retained: [1] },
    ]);
    expect(describeRetention(r)).toBe(
      "9 members joined in the last 3 months. Of those who joined in Nov 2026, 25% were active the month after.",
    );
    expect(
      describeRetention(retention("week", [{ cohort_start: "2026-11-30", size: 0, retained: [0] }])),
    ).toBe("Nobody joined in this week.");
  });
});
