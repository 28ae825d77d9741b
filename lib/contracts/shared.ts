import { z } from "zod";

/** Wire primitives every resource's contract uses. */
export const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .describe("UTC, ISO 8601 with Z, whole seconds: 2025-07-13T14:30:00Z");
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("YYYY-MM-DD (UTC)");
export const duration = z
  .string()
  .regex(/^\d{2,}:\d{2}:\d{2}$/)
  .describe("HH:MM:SS");
export const count = z.int().min(0);
