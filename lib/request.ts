import { env } from "@/lib/env";

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The origin the client used, honouring X-Forwarded-Proto / X-Forwarded-Host (first value of each). */
export function requestOrigin(req: Request): string {
  const first = (name: string) => req.headers.get(name)?.split(",")[0]?.trim() || null;
  const url = new URL(req.url);
  const proto = first("x-forwarded-proto");
  const protocol = proto === "https" || proto === "http" ? proto : url.protocol.replace(":", "");
  const forwardedHost = first("x-forwarded-host");
  const host = [forwardedHost, first("host")].find((h): h is string => !!h && HOST.test(h)) ?? url.host;
  return `${protocol}://${host}`;
}

/**
 * The client's address from X-Forwarded-For. Next.js fills that header from the socket when it is
 * absent; behind TRUST_PROXY_HOPS proxies that append to it, the entry that many places from the
 * right is the one the nearest trusted proxy saw.
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
  return req.headers.get("user-agent")?.slice(0, 512) ?? null;
}
