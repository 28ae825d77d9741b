/**
 * The usual security headers, on every response the production server sends: through Next.js
 * (next.config.js `headers()`, API included) and on the static assets `server.mjs` answers itself
 * (server/static-assets.mjs). Pages also get a per-request Content-Security-Policy from proxy.ts.
 */
export const SECURITY_HEADERS = Object.freeze([
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
]);
