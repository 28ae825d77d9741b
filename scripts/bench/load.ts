import { round2, summarize, type LatencySummary } from "../lib/stats";

export type LoadResult = LatencySummary & {
  errors: number;
  rps: number;
  seconds: number;
  statuses: Record<string, number>;
  /** Extra counts a check function reported (e.g. X-Cache values). */
  tags: Record<string, number>;
};

export type NextRequest = { path: string; init?: RequestInit };

/**
 * Closed-loop load from this process (the server is another one): `connections` clients, each
 * sending its next request as soon as the previous answered, for `duration` seconds or `amount`
 * requests in all. Every request's latency is kept, so percentiles are exact.
 */
export async function load(options: {
  baseUrl: string;
  next: (i: number) => NextRequest;
  connections: number;
  duration?: number;
  amount?: number;
  /** Reads each response (status, headers, body) and may return a tag to count. */
  check?: (res: Response, body: ArrayBuffer) => string | undefined;
}): Promise<LoadResult> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const tags: Record<string, number> = {};
  let errors = 0;
  let issued = 0;
  // A duration and an amount together: whichever comes first.
  const deadline =
    options.duration !== undefined
      ? Date.now() + options.duration * 1000
      : options.amount
        ? Infinity
        : Date.now() + 10_000;
  const started = performance.now();
  const client = async () => {
    for (;;) {
      if (Date.now() >= deadline) return;
      const i = issued++;
      if (options.amount && i >= options.amount) return;
      const { path, init } = options.next(i);
      const t0 = performance.now();
      try {
        const res = await fetch(`${options.baseUrl}${path}`, init);
        const body = await res.arrayBuffer();
        samples.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const tag = options.check?.(res, body);
        if (tag) tags[tag] = (tags[tag] ?? 0) + 1;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  const seconds = (performance.now() - started) / 1000;
  return resultOf(samples, seconds, errors, statuses, tags);
}

const samplesOf = new WeakMap<LoadResult, number[]>();

function resultOf(
  samples: number[],
  seconds: number,
  errors: number,
  statuses: Record<string, number>,
  tags: Record<string, number>,
): LoadResult {
  const result: LoadResult = {
    ...summarize(samples),
    errors,
    rps: round2(samples.length / seconds),
    seconds: round2(seconds),
    statuses,
    tags,
  };
  samplesOf.set(result, samples);
  return result;
}

/** Several runs of one series as one: throughput over their summed time, percentiles over every request. */
export function combine(results: LoadResult[]): LoadResult {
  const samples = results.flatMap((r) => samplesOf.get(r) ?? []);
  const add = (key: "statuses" | "tags") => {
    const out: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r[key])) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return resultOf(
    samples,
    results.reduce((t, r) => t + r.seconds, 0),
    results.reduce((t, r) => t + r.errors, 0),
    add("statuses"),
    add("tags"),
  );
}
