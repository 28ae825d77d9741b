import { env } from "@/lib/env";

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The origin the client used. X-Forwarded-Proto / X-Forwarded-Host (first value of each) are
 * honoured only when a trusted proxy sets them (TRUST_PROXY_HOPS ≥ 1), like X-Forwarded-For:
 * otherwise any client could choose the host written into pagination links and origin checks.
 */
export function requestOrigin(req: Request, trustedHops = env.TRUST_PROXY_HOPS): string {
  const first = (name: string) =>
    trustedHops > 0 ? req.headers.get(name)?.split(",")[0]?.trim() || null : null;
  const url = new URL(req.url);
  const proto = first("x-forwarded-proto");
  const protocol = proto === "https" || proto === "http" ? proto : url.protocol.replace(":", "");
  const forwardedHost = first("x-forwarded-host");
  const host =
    [forwardedHost, req.headers.get("host")].find((h): h is string => !!h && HOST.test(h)) ?? url.host;
  return `${protocol}://${host}`;
}

/**
 * The client's address from X-Forwarded-For. `server.mjs` (what `npm start` runs) appends the
 * socket's address to that header, or with TRUST_PROXY_HOPS=0 replaces it, so the last entry is
 * always the peer; with N trusted proxies in front, each appending what it saw, the client is the
 * entry N places before the last.
 */
export function clientAddress(req: Request): string {
  const chain = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const index = chain.length - 1 - env.TRUST_PROXY_HOPS;
  return (chain[Math.max(0, index)] ?? "unknown").slice(0, 64);
}

export function userAgent(req: Request): string | null {
  return req.headers.get("user-agent")?.replaceAll("\u0000", "").slice(0, 512) ?? null;
}
