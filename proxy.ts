import { NextResponse, type NextRequest } from "next/server";
import { RETURN_TO_HEADER } from "@/components/ui/company-pages";

/**
 * Pages get a Content-Security-Policy with a fresh nonce per request: Next.js puts the nonce on
 * its own inline and bootstrap scripts (it reads it from the request's policy header), so no
 * script runs that this server did not send with this page. Styles allow inline attributes
 * (charts set positions through `style`), which cannot run code. Development adds 'unsafe-eval'
 * for React's debugging tools. The API is not matched: JSON responses carry the static headers
 * of next.config.js and no policy of their own.
 *
 * Server components also get the request's path and query string (layouts cannot read the query),
 * for the sign-in return link. Prefetches run through here too, only so that a client-sent copy
 * of that header never reaches a layout.
 */
export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  const { pathname, search } = new URL(request.url);
  requestHeaders.set(RETURN_TO_HEADER, `${pathname}${search}`);
  const prefetch =
    request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch";
  if (prefetch) return NextResponse.next({ request: { headers: requestHeaders } });

  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === "development";
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api|_next/static|_next/image|icon.svg|favicon.ico).*)"],
};
