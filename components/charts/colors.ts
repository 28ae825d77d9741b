/**
 * The series' colours, as the stylesheet's pairs (app/globals.css): each keeps at least 4.5:1
 * against the surface in the light and the dark scheme alike.
 */
export const COLORS = {
  blue: "var(--chart-blue)",
  green: "var(--chart-green)",
  violet: "var(--chart-violet)",
  amber: "var(--chart-amber)",
  slate: "var(--chart-slate)",
};
