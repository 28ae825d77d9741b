/**
 * A numeric option from `node:util` parseArgs (which yields strings): `fallback` when absent, and a
 * clear error rather than NaN for a value that is not a non-negative number.
 */
export function numberOption(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new Error(`--${name} must be a non-negative number (got ${String(value)})`);
  return n;
}
