// Moved to lib/contracts/; this re-export goes once every caller imports from there.
export * from "@/lib/contracts/user-metrics";
export * from "@/lib/contracts/sessions";
export * from "@/lib/contracts/auth";
export * from "@/lib/contracts/errors";
