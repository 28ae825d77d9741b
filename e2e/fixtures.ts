import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { E2E } from "./config";

/**
 * Every test fails on a console error, an uncaught page error or a Content-Security-Policy
 * violation on the page it ends on, unless it says which refusals it expects (a 403 the page is
 * meant to show).
 */
export const test = base.extend<{ consoleErrors: string[]; allowConsole: RegExp | null }>({
  allowConsole: [null, { option: true }],
  consoleErrors: async ({ page, allowConsole }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() !== "error" || allowConsole?.test(msg.text())) return;
      // Chromium's "Failed to load resource" names no URL; its location is the resource's (one
      // Playwright may report no response for, such as the browser's own /favicon.ico).
      const at = msg.location().url;
      errors.push(
        msg.text().startsWith("Failed to load resource") && at ? `${msg.text()} (${at})` : msg.text(),
      );
    });
    page.on("pageerror", (error) => errors.push(String(error)));
    // A Content-Security-Policy violation is not always a console error (a blocked eval that the
    // script catches is only an "issue"), so each page records its own.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) =>
        seen.push(`CSP ${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
      );
    });
    await use(errors);
    if (!page.isClosed())
      errors.push(
        ...(await page
          .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
          .catch(() => [])),
      );
    expect(errors, "console errors").toEqual([]);
  },
});

export { expect };

export async function signIn(page: Page, email: string, password = E2E.password) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Scrolls through the whole page and back to the top: a chart is drawn only once it enters the
 * viewport (components/charts/chart-frame.tsx), so this draws every chart on the page.
 */
export async function drawAllCharts(page: Page) {
  const steps = await page.evaluate(() =>
    Math.ceil(document.documentElement.scrollHeight / window.innerHeight),
  );
  for (let i = 1; i <= steps; i++) {
    await page.evaluate((n) => window.scrollTo(0, n * window.innerHeight), i);
    await page.waitForTimeout(50);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Both colour schemes, as the system's preference (no theme chosen in the browser: it follows). */
export const SCHEMES = ["light", "dark"] as const;

/**
 * axe on the current page in the light and the dark scheme: no serious or critical violation
 * (colour contrast included) in either. The page is left in the light scheme.
 */
export async function expectAccessible(page: Page) {
  // The page as it settles: a client-side navigation (a filter's router.replace) can be caught
  // between the old page's <title> going and the new one's arriving (axe: document-title).
  await expect(page).toHaveTitle(/\S/);
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      bad.map(
        (v) => `${colorScheme}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
      ),
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/**
 * Full-page screenshots at desktop and phone width in both schemes, kept as CI artifacts:
 * `NAME-1280.png`, `NAME-390.png` (light) and `NAME-dark-1280.png`, `NAME-dark-390.png`.
 */
export async function screenshots(page: Page, name: string) {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await drawAllCharts(page);
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.waitForTimeout(300);
      const file = `${name}${colorScheme === "dark" ? "-dark" : ""}-${width}.png`;
      await page.screenshot({ path: `test-results/screenshots/${file}`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(size);
}
