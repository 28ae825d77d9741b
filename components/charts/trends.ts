import type { RetentionPeriod, UserMetricsRetention } from "@/lib/contracts/user-metrics";

/**
 * Pure helpers for the report's trends: a change from the previous period in symbols and in
 * words, shares as percentages, the retention heat map's colours (with text that keeps WCAG AA
 * contrast on every one of them), day ranges and zone offsets as people read them.
 */

export type ChangeDirection = "up" | "down" | "same" | "none";
export type Change = { direction: ChangeDirection; short: string; spoken: string };

const wholePercent = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/**
 * A relative change (0.25 = +25 %) as "▲ 25 %" and "up 25 % from the previous period"; null
 * (nothing to compare with: the previous value was 0) is said as such, not as a 0 % or an ∞.
 */
export function describeChange(change: number | null, versus = "the previous period"): Change {
  if (change === null) return { direction: "none", short: "no previous data", spoken: "no previous data" };
  const percent = wholePercent.format(Math.abs(change) * 100);
  if (percent === "0") return { direction: "same", short: "= 0 %", spoken: `unchanged from ${versus}` };
  return change > 0
    ? { direction: "up", short: `▲ ${percent} %`, spoken: `up ${percent} % from ${versus}` }
    : { direction: "down", short: `▼ ${percent} %`, spoken: `down ${percent} % from ${versus}` };
}

const percentFormat = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** A share (0..1) as the page writes it: 0.425 → "42.5%". */
export const formatShare = (share: number) => percentFormat.format(share);

type Rgb = [number, number, number];
const hex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
const parse = (color: string): Rgb => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as Rgb;

/** WCAG 2 relative luminance of an sRGB colour (#rrggbb). */
export function luminance(color: string): number {
  const [r, g, b] = parse(color).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio between two colours (1..21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The heat map's ends in each scheme: a share of 0 is the page's surface, 1 its accent blue
 * (app/globals.css: --surface and --accent, light and dark).
 */
const HEAT: Record<Scheme, { low: Rgb; high: Rgb }> = {
  light: { low: [255, 255, 255], high: [29, 78, 216] },
  dark: { low: [22, 29, 44], high: [134, 168, 255] },
};
export type Scheme = "light" | "dark";
const DARK_TEXT = "#000000";
const LIGHT_TEXT = "#ffffff";

/**
 * A cell's background for a share in one scheme, and the text colour (black or white, whichever
 * contrasts more with it): black and white are the pair that keeps at least 4.5:1 on every
 * background between.
 */
export function heatColors(share: number, scheme: Scheme = "light"): { background: string; color: string } {
  const t = Math.min(1, Math.max(0, share));
  const { low, high } = HEAT[scheme];
  const background = hex(low.map((l, i) => l + (high[i]! - l) * t) as Rgb);
  const color =
    contrastRatio(background, DARK_TEXT) >= contrastRatio(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
  return { background, color };
}

/** A heat-map cell's style for both schemes at once (the browser picks by its color-scheme). */
export function heatCellStyle(share: number): { background: string; color: string } {
  const light = heatColors(share, "light");
  const dark = heatColors(share, "dark");
  return {
    background: `light-dark(${light.background}, ${dark.background})`,
    color: `light-dark(${light.color}, ${dark.color})`,
  };
}

const dayMonthYear = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const parts = (day: string) => {
  const p = dayMonthYear.formatToParts(new Date(`${day}T00:00:00Z`));
  const get = (type: string) => p.find((x) => x.type === type)!.value;
  return { day: get("day"), month: get("month"), year: get("year") };
};

/** Two calendar days (YYYY-MM-DD) as a range: "1–30 Nov 2026", "3 Oct – 1 Nov 2026", "…2025 – …2026". */
export function formatDayRange(from: string, to: string): string {
  const a = parts(from);
  const b = parts(to);
  if (from === to) return `${b.day} ${b.month} ${b.year}`;
  if (a.year !== b.year) return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day}–${b.day} ${b.month} ${b.year}`;
}

/** One calendar day as people read it: "3 Nov 2026". */
export const formatDay = (day: string) => formatDayRange(day, day);

/** An offset from UTC in minutes as "UTC", "UTC+05:30", "UTC−05:00" (a real minus sign). */
export function offsetLabel(minutes: number): string {
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${minutes > 0 ? "+" : "−"}${hh}:${mm}`;
}

/** A cohort as people name it: "the week of 3 Nov 2026" ("w/c 3 Nov 2026" in the table), "Nov 2026". */
export function cohortName(start: string, period: RetentionPeriod, short = false): string {
  if (period === "month") return formatDay(start).replace(/^\d+ /, "");
  return short ? `w/c ${formatDay(start)}` : `the week of ${formatDay(start)}`;
}

/** A one-line reading of the table: how the latest complete cohort held on. */
export function describeRetention(retention: UserMetricsRetention): string {
  const { cohorts, period } = retention;
  const joined = cohorts.reduce((a, c) => a + c.size, 0);
  const span = cohorts.length === 1 ? `this ${period}` : `the last ${cohorts.length} ${period}s`;
  if (joined === 0) return `Nobody joined in ${span}.`;
  const withNext = [...cohorts].reverse().find((c) => c.size > 0 && c.retained.length > 1);
  const tail = withNext
    ? ` Of those who joined in ${cohortName(withNext.cohort_start, period)}, ${formatShare(withNext.retained[1]!)} were active the ${period} after.`
    : "";
  return `${joined} ${joined === 1 ? "member" : "members"} joined in ${span}.${tail}`;
}
