/** @type {import('next').NextConfig} */
const nextConfig = {
  // `/…/user-metrics/` is canonical, as the seed writes it; the slash-less form answers 308 to it.
  trailingSlash: true,
  // ... but not for the API: both spellings reach the handler, which answers (and audits) them alike.
  skipTrailingSlashRedirect: true,
  // PGlite loads its WASM from its own package directory; ioredis-mock runs Lua through fengari.
  serverExternalPackages: ["@electric-sql/pglite", "ioredis-mock", "fengari", "bcryptjs"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
