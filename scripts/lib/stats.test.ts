import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./stats";

describe("percentile", () => {
  it("takes the nearest rank below p % of the samples", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(51);
    expect(percentile(sorted, 95)).toBe(96);
    expect(percentile(sorted, 99)).toBe(100);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it("is 0 without samples and the sample itself with one", () => {
    expect(percentile([], 95)).toBe(0);
    expect(percentile([7], 50)).toBe(7);
  });
});

describe("summarize", () => {
  it("sorts numerically (not as strings) and rounds to hundredths", () => {
    expect(summarize([10, 9, 100, 2.345, 1])).toEqual({ requests: 5, p50_ms: 9, p95_ms: 100, p99_ms: 100 });
    expect(summarize([1.004, 1.006])).toEqual({ requests: 2, p50_ms: 1.01, p95_ms: 1.01, p99_ms: 1.01 });
  });

  it("reports an empty series as zeros", () => {
    expect(summarize([])).toEqual({ requests: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0 });
  });
});
