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
