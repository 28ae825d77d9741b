import { z } from "zod";
import { canonicalTimeZone } from "@/lib/time/zones";

/** Wire primitives every resource's contract uses. */
export const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .describe("UTC, ISO 8601 with Z, whole seconds: 2025-07-13T14:30:00Z");
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("YYYY-MM-DD: a calendar day of the time zone in use (the company's, or the request's timezone)");
export const duration = z
  .string()
  .regex(/^\d{2,}:\d{2}:\d{2}$/)
  .describe("HH:MM:SS");
export const count = z.int().min(0);
/** An IANA zone name, written back in its canonical spelling (`US/Eastern` → `America/New_York`). */
export const timeZone = z
  .string()
  .refine((v) => canonicalTimeZone(v) !== null, {
    message: "Enter a valid IANA time zone (for example Europe/Berlin).",
    abort: true,
  })
  .transform((v) => canonicalTimeZone(v)!)
  .meta({ examples: ["America/New_York"] });
