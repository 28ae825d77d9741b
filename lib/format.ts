/** UTC ISO-8601 with `Z`, whole seconds: 2025-07-13T14:30:00Z. */
export function isoSeconds(date: Date): string {
  const iso = date.toISOString();
  // toISOString always ends in .sssZ for years 0000-9999.
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, "Z");
}

/** Seconds as HH:MM:SS (hours keep growing past 99 rather than wrapping). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${two(hours)}:${two(minutes)}:${two(seconds)}`;
}

/** YYYY-MM-DD of a date's UTC day. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole days to a YYYY-MM-DD string. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDay(d);
}
