// Moved to lib/contracts/user-metrics.ts; this re-export goes once every caller imports from there.
export * from "@/lib/contracts/user-metrics";
