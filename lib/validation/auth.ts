// Moved to lib/contracts/auth.ts; this re-export goes once every caller imports from there.
export * from "@/lib/contracts/auth";
