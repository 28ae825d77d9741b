"use client";

import { parseTheme, themeCookie, type Theme } from "@/lib/theme";

/** The scheme the page is drawn in now: the browser's choice, else the system's preference. */
function currentTheme(): Theme {
  const chosen = parseTheme(document.documentElement.dataset.theme);
  if (chosen) return chosen;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/**
 * Switches between the light and the dark theme and keeps the choice for this browser. Both
 * labels are drawn and the stylesheet shows the one for the scheme in force, so the server's HTML
 * is right before any script runs, whatever the system prefers.
 */
export function ThemeToggle({ className = "button ghost small" }: { className?: string }) {
  const toggle = () => {
    const next: Theme = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    document.cookie = themeCookie(next, window.location.protocol === "https:");
  };
  return (
    <button type="button" className={`${className} theme-toggle`} onClick={toggle}>
      <span className="theme-to-dark">
        <span aria-hidden="true">☾ </span>Dark theme
      </span>
      <span className="theme-to-light">
        <span aria-hidden="true">☀ </span>Light theme
      </span>
    </button>
  );
}
