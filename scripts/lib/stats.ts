/** Latency statistics shared by the benchmarks and the load test, so they all report alike. */

export type LatencySummary = { requests: number; p50_ms: number; p95_ms: number; p99_ms: number };

/**
 * Nearest-rank percentile of ascending `sorted`: the value below which `p` % of the samples lie
 * (the sample at index floor(p/100 · n), the last one for p = 100); 0 for no samples.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Rounded to hundredths: the figures are milliseconds, printed and stored in bench-results/. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Count and p50 / p95 / p99 of latency samples in milliseconds, in any order. */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  return {
    requests: sorted.length,
    p50_ms: round2(percentile(sorted, 50)),
    p95_ms: round2(percentile(sorted, 95)),
    p99_ms: round2(percentile(sorted, 99)),
  };
}
