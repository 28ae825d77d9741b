/**
 * The colour scheme a browser asked for with the theme toggle, kept in a cookie so the server
 * draws the page in it from the first byte (no flash of the other scheme, no inline script). No
 * cookie: the page follows the system's `prefers-color-scheme`.
 */
export const THEME_COOKIE = "um-theme";
export const THEMES = ["light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** A cookie's value as a theme, or null for anything else (the system's preference then). */
export function parseTheme(value: string | undefined): Theme | null {
  return THEMES.includes(value as Theme) ? (value as Theme) : null;
}

/** The Set-Cookie text the toggle writes: a year, the whole site, never sent cross-site. */
export function themeCookie(theme: Theme, secure: boolean): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
