// Moved to lib/contracts/sessions.ts; this re-export goes once every caller imports from there.
export * from "@/lib/contracts/sessions";
