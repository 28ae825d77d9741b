import "server-only";
import pino from "pino";

/**
 * Structured JSON logs, one line per request (lib/api/handler.ts). Fields that could carry
 * credentials are redacted wherever they appear; handlers never log bodies or headers wholesale.
 */
const globalForLogger = globalThis as unknown as { __userMetricsLogger?: pino.Logger };

export function logger(): pino.Logger {
  globalForLogger.__userMetricsLogger ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { service: "user-metrics" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "password",
        "*.password",
        "token",
        "*.token",
        "access",
        "*.access",
        "authorization",
        "*.authorization",
        "cookie",
        "*.cookie",
        "headers",
      ],
      censor: "[redacted]",
    },
  });
  return globalForLogger.__userMetricsLogger;
}
