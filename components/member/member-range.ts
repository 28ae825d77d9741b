import { readDay } from "@/lib/contracts/fields";
import type { UserMetricDetailParams } from "@/lib/contracts/user-metrics";
import { defaultWindow, windowEndingOn } from "@/lib/user-metrics/default-window";

/**
 * The member page's range from its URL (`date_from`, `date_to`), each date read by the API's
 * contract: one it would refuse as a date is left out, so a hand-edited link still opens. A range
 * whose dates are each valid but reversed is passed on, and the API's 400 says what is wrong.
 */
export function memberRangeFrom(params: URLSearchParams): UserMetricDetailParams {
  const read = (key: "date_from" | "date_to") => {
    const value = params.get(key);
    return value ? readDay(value) : undefined;
  };
  return { date_from: read("date_from"), date_to: read("date_to") };
}

/**
 * The dates the inputs show: the URL's, else the API's defaults for what it leaves out (today in
 * the company's zone, which the API counts in when no `timezone` is sent).
 */
export function shownRange(range: UserMetricDetailParams, zone: string, now = new Date()) {
  const to = range.date_to ?? defaultWindow(now, zone).date_to;
  return { from: range.date_from ?? windowEndingOn(to).date_from, to };
}
