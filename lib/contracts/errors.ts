import { z } from "zod";
import { ERROR_STATUS } from "@/lib/api/errors";
import { timestamp } from "./shared";

/** Every error body: `detail`, `code`, `timestamp`, and the extra field some codes carry. */
export const errorBodySchema = z
  .object({
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
    company_id: z.uuid().optional().describe("On 403"),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("On 400: messages per field"),
    retry_after: z.int().min(1).optional().describe("On 429: seconds, equal to Retry-After"),
    required_scope: z.string().optional().describe("On 403 insufficient_scope: the scope the API key lacks"),
    timestamp,
  })
  .meta({ id: "ErrorBody" });

/** An error body as clients see it; `code` stays a string so clients can add their own (network_error…). */
export type APIError = Omit<z.infer<typeof errorBodySchema>, "code"> & { code: string };
