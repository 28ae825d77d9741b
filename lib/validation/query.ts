import { INTEGER_PATTERN, isCalendarDay, isDayInRange, MAX_DAY, MIN_DAY } from "@/lib/contracts/fields";
import { z } from "zod";
import { ApiError, MESSAGES } from "@/lib/api/errors";

export const MSG = {
  date: "Enter a valid date format (YYYY-MM-DD).",
  integer: "A valid integer is required.",
  min: (n: number) => `Ensure this value is greater than or equal to ${n}.`,
  max: (n: number) => `Ensure this value is less than or equal to ${n}.`,
  choice: (value: unknown) => `"${String(value)}" is not a valid choice.`,
  once: "Provide this parameter only once.",
} as const;

export { MAX_DAY, MIN_DAY };

/** A real calendar day written YYYY-MM-DD (2025-02-30 is refused), within years 1900–9998. */
export const dayString = z
  .string()
  .refine(isCalendarDay, { message: MSG.date, abort: true })
  .refine(isDayInRange, `Ensure this date is between ${MIN_DAY} and ${MAX_DAY}.`)
  .meta({ format: "date", examples: ["2025-07-13"] });

/** An integer query value within bounds, with the API's (Django REST framework's) messages. */
export const intString = (min: number, max: number) =>
  z
    .string()
    .regex(INTEGER_PATTERN, MSG.integer)
    .transform(Number)
    .pipe(
      max === Infinity
        ? z.number().min(min, MSG.min(min))
        : z.number().min(min, MSG.min(min)).max(max, MSG.max(max)),
    );

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => MSG.choice(issue.input) });

/** Whether a query parameter's schema takes every value given (a repeatable parameter). */
export function isRepeatable(field: z.ZodType): boolean {
  const inner = field instanceof z.ZodOptional ? field.unwrap() : field;
  return inner instanceof z.ZodArray;
}

/**
 * Query string → plain object for zod. A repeatable parameter (an array in the schema) takes
 * every value given, empty ones included (they mean something there); elsewhere empty values count
 * as absent (a form's blank select), and a parameter given twice is refused rather than silently
 * picking one.
 */
export function queryObject(params: URLSearchParams, shape: Record<string, z.ZodType>) {
  const values: Record<string, string | string[]> = {};
  const errors: Record<string, string[]> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (isRepeatable(field)) {
      const all = params.getAll(key);
      if (all.length > 0) values[key] = all;
      continue;
    }
    const all = params.getAll(key).filter((v) => v !== "");
    if (all.length > 1) errors[key] = [MSG.once];
    else if (all.length === 1) values[key] = all[0]!;
  }
  return { values, errors };
}

/** A ZodError's issues as the API's `errors`: one list of messages per field. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "non_field_errors";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function validationError(errors: Record<string, string[]>, detail: string = MESSAGES.invalidQuery) {
  return new ApiError("validation_error", detail, { errors });
}

export function mergeErrors(...sets: Record<string, string[]>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const set of sets) for (const [k, v] of Object.entries(set)) (out[k] ??= []).push(...v);
  return out;
}

/**
 * A query string's contract: the zod schema of its parameters (as sent) and what turns the
 * parsed values into what a handler uses (defaults, rules across parameters; it may throw the
 * API's 400). `now` is "today" for defaults.
 */
export type QueryContract<S extends z.ZodObject, T> = {
  schema: S;
  normalise: (values: z.output<S>, now: Date, context: QueryContext) => T;
};

/** What normalising needs beyond the query string: the company's zone (its "today"). */
export type QueryContext = { timezone: string };

export const UTC_CONTEXT: QueryContext = { timezone: "UTC" };

export type QueryOutput<C> = C extends QueryContract<z.ZodObject, infer T> ? T : never;

export const defineQuery = <S extends z.ZodObject, T>(
  schema: S,
  normalise: (values: z.output<S>, now: Date, context: QueryContext) => T,
): QueryContract<S, T> => ({ schema, normalise });

/**
 * Parses a query string by its contract. Unknown parameters are ignored; every invalid known one
 * is reported together in the API's 400 (`errors` per field).
 */
export function parseQuery<S extends z.ZodObject, T>(
  contract: QueryContract<S, T>,
  params: URLSearchParams,
  now = new Date(),
  context: QueryContext = UTC_CONTEXT,
): T {
  const shape = contract.schema.shape as Record<string, z.ZodType>;
  const { values, errors } = queryObject(params, shape);
  // Field by field, so the rules across parameters still run over the valid ones and every
  // problem of the request is reported in one 400.
  const valid: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const parsed = shape[key]!.safeParse(value);
    if (parsed.success) valid[key] = parsed.data;
    else (errors[key] ??= []).push(...Object.values(fieldErrors(parsed.error)).flat());
  }
  let result: T;
  try {
    result = contract.normalise(valid as z.output<S>, now, context);
  } catch (error) {
    // Rules across parameters are reported with the other fields' errors.
    const more = error instanceof ApiError && error.code === "validation_error" ? error.extra.errors : null;
    if (!more) throw error;
    throw validationError(mergeErrors(errors, more));
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return result;
}
