/**
 * The API keys resource's contract: long-lived credentials for machines, one company each,
 * created and revoked by the company's owners and admins. Scopes are the role policy's permissions.
 */
import { z } from "zod";
import { API_KEY_SCOPES } from "./api-keys-constants";
import { timestamp } from "./shared";

export { API_KEY_SCOPES, CREATE_API_KEY_FIELDS, type ApiKeyScope } from "./api-keys-constants";

/** `um_` and 40 base62 characters (238 bits); the secret is shown once and stored hashed. */
export const API_KEY_PATTERN = /^um_[0-9A-Za-z]{40,}$/;

export const createApiKeySchema = z
  .object({
    name: z
      .string({ error: "This field is required." })
      .trim()
      .min(1, "This field may not be blank.")
      .max(100, "Ensure this field has no more than 100 characters."),
    scopes: z
      .array(
        z.enum(API_KEY_SCOPES, { error: (issue) => `"${String(issue.input)}" is not a valid choice.` }),
        {
          error: "This field is required and must be a list.",
        },
      )
      .min(1, "Choose at least one scope.")
      .refine((s) => new Set(s).size === s.length, "Name each scope once."),
    expires_in_days: z
      .int({ error: "A valid integer is required." })
      .min(1, "Ensure this value is greater than or equal to 1.")
      .max(365, "Ensure this value is less than or equal to 365.")
      .nullable()
      .optional()
      .describe("Days until the key expires, 1..365; null or absent: never"),
  })
  .meta({ id: "ApiKeyCreate" });

export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe("The first 8 characters after um_, to recognise a key"),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    created_at: timestamp,
    expires_at: timestamp.nullable(),
    last_used_at: timestamp.nullable().describe("Updated at most once a minute"),
    created_by: z.object({ user_id: z.uuid(), email: z.string() }),
  })
  .meta({ id: "ApiKey" });

export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().regex(API_KEY_PATTERN).describe("The secret, shown only in this response") })
  .meta({ id: "CreatedApiKey" });

export const apiKeyListSchema = z
  .object({ results: z.array(apiKeySchema).describe("Newest first; revoked keys left out") })
  .meta({ id: "ApiKeyList" });

export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;
