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
  // The usual security headers on every response, API included; pages also get a per-request
  // Content-Security-Policy from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
        ],
      },
    ];
  },
};

export default nextConfig;
