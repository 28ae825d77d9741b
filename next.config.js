import { SECURITY_HEADERS } from "./server/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `/…/user-metrics/` is canonical, as the seed writes it; the slash-less form answers 308 to it.
  trailingSlash: true,
  // ... but not for the API: both spellings reach the handler, which answers (and audits) them alike.
  skipTrailingSlashRedirect: true,
  // PGlite loads its WASM from its own package directory; ioredis-mock runs Lua through fengari.
  serverExternalPackages: ["@electric-sql/pglite", "ioredis-mock", "fengari", "bcryptjs", "@node-rs/argon2"],
  poweredByHeader: false,
  // For profiling the pages (docs/performance.md): BROWSER_SOURCE_MAPS=1 next build publishes the
  // browser bundles' source maps. Off by default: they would publish the client's source.
  productionBrowserSourceMaps: process.env.BROWSER_SOURCE_MAPS === "1",
  reactStrictMode: true,
  // Browsers ask for /favicon.ico whenever a page shows no icon link (as during a client-side
  // navigation, between one page's head and the next): the app's icon, not a 404.
  async redirects() {
    return [{ source: "/favicon.ico", destination: "/icon.svg", permanent: true }];
  },
  // The security headers on every response Next.js sends (server.mjs adds them to the static
  // assets it answers itself); pages also get a per-request Content-Security-Policy from proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: [...SECURITY_HEADERS] }];
  },
};

export default nextConfig;
