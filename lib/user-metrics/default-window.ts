import { addDays } from "@/lib/format";
import { DEFAULT_TIME_ZONE, todayIn } from "@/lib/time/zones";

/** Days before `date_to` that a window starts when no `date_from` is given. */
export const DEFAULT_WINDOW_DAYS = 30;

/** The window ending on `dateTo` (YYYY-MM-DD) that the API uses without `date_from`. */
export function windowEndingOn(dateTo: string): { date_from: string; date_to: string } {
  return { date_from: addDays(dateTo, -DEFAULT_WINDOW_DAYS), date_to: dateTo };
}

/**
 * The default window of the API and of every page: 30 days before today, today included, in the
 * zone the days are counted in (the company's, or the request's `timezone`). Shared so the
 * dashboard (which sends no dates) and the report (which does) show the same days.
 */
export function defaultWindow(
  now: Date = new Date(),
  zone: string = DEFAULT_TIME_ZONE,
): { date_from: string; date_to: string } {
  return windowEndingOn(todayIn(zone, now));
}
