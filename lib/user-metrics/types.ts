// Moved to lib/contracts/; this re-export goes once every caller imports from there.
export type * from "@/lib/contracts/user-metrics";
export type { IngestResult } from "@/lib/contracts/sessions";
export type { TokenResponse } from "@/lib/contracts/auth";
export type { APIError } from "@/lib/contracts/errors";
