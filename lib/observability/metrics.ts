import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics, one registry per process. Kept on globalThis because Next.js may load this
 * module once per route bundle; every route must count into the same series.
 */
function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "user_metrics_" });
  return {
    registry,
    requestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "API request duration by route template, method and status",
      labelNames: ["route", "method", "status"] as const,
      // Resolves p50/p95/p99 from 5 ms to 5 s.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2, 2.5, 5],
      registers: [registry],
    }),
    responses: new Counter({
      name: "http_responses_total",
      help: "API responses by status code and route template",
      labelNames: ["route", "status"] as const,
      registers: [registry],
    }),
    rateLimitHits: new Counter({
      name: "rate_limit_hits_total",
      help: "Requests refused with 429 by the per-company limit",
      labelNames: ["company_id"] as const,
      registers: [registry],
    }),
    rateLimitDegraded: new Counter({
      name: "rate_limit_store_failures_total",
      help: "Requests let through because the rate-limit store was unreachable",
      registers: [registry],
    }),
    cacheRequests: new Counter({
      name: "cache_requests_total",
      help: "Result cache lookups by outcome (hit, miss, bypass when the store is away)",
      labelNames: ["scope", "result"] as const,
      registers: [registry],
    }),
    refreshRuns: new Counter({
      name: "metrics_refresh_runs_total",
      help: "Rollup refreshes by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    refreshDuration: new Histogram({
      name: "metrics_refresh_duration_seconds",
      help: "Rollup refresh duration",
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    accessLookups: new Counter({
      name: "access_cache_lookups_total",
      help: "Callers' access looked up: remembered (hit), read from the database (miss), or read with nothing remembered (off: no listener)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    replicaReads: new Counter({
      name: "replica_reads_total",
      help: "Reads by where they ran (replica or primary) and why (ok, behind the caller's write, unavailable, failed there)",
      labelNames: ["target", "reason"] as const,
      registers: [registry],
    }),
    replicaLag: new Gauge({
      name: "replica_lag_seconds",
      help: "How far the read replica is behind the primary (-1 when it does not answer)",
      registers: [registry],
    }),
    auditWriteFailures: new Counter({
      name: "audit_write_failures_total",
      help: "Audit rows that could not be written (the request was answered 503)",
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof create>;
const globalForMetrics = globalThis as unknown as { __userMetricsPrometheus?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.__userMetricsPrometheus ??= create();
  return globalForMetrics.__userMetricsPrometheus;
}
