import { z } from "zod";

/** POST /api/v2/auth/token/ body. */
export const tokenRequestSchema = z
  .object({
    email: z
      .string({ error: "This field is required." })
      .trim()
      .min(1, "This field may not be blank.")
      .max(254, "Ensure this field has no more than 254 characters."),
    password: z
      .string({ error: "This field is required." })
      .min(1, "This field may not be blank.")
      .max(1024, "Ensure this field has no more than 1024 characters."),
  })
  .meta({ id: "TokenRequest" });

export const tokenResponseSchema = z
  .object({
    access: z.string().describe('HS256 JWT ({"alg":"HS256","typ":"JWT"}), sub = user id'),
    token_type: z.literal("Bearer"),
    expires_in: z.int().min(1).describe("Seconds"),
  })
  .meta({ id: "TokenResponse" });

export type TokenResponse = z.infer<typeof tokenResponseSchema>;
