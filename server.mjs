/**
 * Production server: Next.js behind a thin Node HTTP server that tells the app who the peer is,
 * and answers the browser's scripts and styles itself, compressed once (server/static-assets.mjs).
 *
 * The peer: route handlers cannot see the socket, and Next.js keeps any X-Forwarded-For a client
 * sends, so a client could choose the address that failed-sign-in limits and the audit log record.
 * Here the socket's address is appended to X-Forwarded-For (TRUST_PROXY_HOPS ≥ 1, behind proxies
 * that append what they saw) or replaces it (the default 0: nothing in front is trusted, and the
 * X-Forwarded-Host/-Proto/-Port a client sends are dropped).
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { SECURITY_HEADERS } from "./server/security-headers.mjs";
import { loadStaticAssets, serveStaticAsset } from "./server/static-assets.mjs";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
const hops = Number(process.env.TRUST_PROXY_HOPS || 0);

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

/** The browser's scripts and styles, compressed once per build (server/static-assets.mjs). */
const assets = await loadStaticAssets(path.join(process.cwd(), ".next", "static")).catch((error) => {
  console.warn(`[user-metrics] static assets left to Next.js: ${error.message}`);
  return new Map();
});

let stopping = false;

const server = http.createServer((req, res) => {
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = hops > 0 && forwarded ? `${forwarded}, ${peer}` : peer;
  if (hops === 0) {
    // Nothing in front is trusted: a client must not choose the host or scheme the app (and
    // next-auth, which reads them for its URLs) believes it was reached on.
    for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"])
      delete req.headers[name];
  }
  // A request that arrives on a kept-alive connection while stopping is still answered, and its
  // connection closed after it, so the client (or load balancer) opens its next one elsewhere.
  if (stopping) res.setHeader("Connection", "close");
  if (serveStaticAsset(req, res, assets, SECURITY_HEADERS)) return;
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.info(`▲ User Metrics ready on http://${hostname}:${port}`));

/** Longest a stop waits for in-flight requests (a slow export) before it closes what is left. */
const GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS || 25_000);
/**
 * How long a stopping instance keeps accepting while /api/health answers 503 "draining", so a
 * load balancer takes it out before its listener closes (more than the balancer's checks need to
 * see it down). 0: close at once.
 */
const DRAIN_MS = Number(process.env.SHUTDOWN_DRAIN_MS || 0);

/**
 * SIGTERM (or SIGINT): health says "draining" for SHUTDOWN_DRAIN_MS while requests are still
 * served, then stop accepting connections, let every in-flight request finish (idle kept-alive
 * connections are closed at once), close the app's pools (lib/shutdown.ts) and exit.
 */
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  globalThis[Symbol.for("user-metrics.draining")] = true;
  if (DRAIN_MS > 0) {
    console.info(`[user-metrics] ${signal}: draining for ${DRAIN_MS} ms (health 503)`);
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  }
  console.info(`[user-metrics] ${signal}: finishing in-flight requests, accepting no new ones`);
  const drained = new Promise((resolve) => server.close(resolve));
  // A connection whose request finishes becomes idle: closed then, not kept for the next request.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  const late = setTimeout(() => {
    console.warn(`[user-metrics] requests still running after ${GRACE_MS} ms: closing them`);
    server.closeAllConnections();
  }, GRACE_MS);
  await drained;
  clearTimeout(late);
  clearInterval(sweep);
  const closers = globalThis[Symbol.for("user-metrics.shutdown")] ?? new Map();
  for (const [name, close] of closers) {
    try {
      await close();
    } catch (error) {
      console.warn(`[user-metrics] closing ${name} failed: ${error.message}`);
    }
  }
  console.info("[user-metrics] stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
