/**
 * Production server: Next.js behind a thin Node HTTP server whose only job is to tell the app who
 * the peer is. Route handlers cannot see the socket, and Next.js keeps any X-Forwarded-For a client
 * sends, so a client could choose the address that failed-sign-in limits and the audit log record.
 * Here the socket's address is appended to X-Forwarded-For (TRUST_PROXY_HOPS ≥ 1, behind proxies
 * that append what they saw) or replaces it (the default 0: nothing in front is trusted, and the
 * X-Forwarded-Host/-Proto/-Port a client sends are dropped).
 */
import http from "node:http";
import next from "next";

const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";
const hops = Number(process.env.TRUST_PROXY_HOPS || 0);

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

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
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.info(`▲ User Metrics ready on http://${hostname}:${port}`));

const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
