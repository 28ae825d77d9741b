import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { E2E } from "./config";

/**
 * Every test fails on a console error or an uncaught page error, unless it says which refusals it
 * expects (a 403 the page is meant to show).
 */
export const test = base.extend<{ consoleErrors: string[]; allowConsole: RegExp | null }>({
  allowConsole: [null, { option: true }],
  consoleErrors: async ({ page, allowConsole }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error" && !allowConsole?.test(msg.text())) errors.push(msg.text());
    });
    page.on("pageerror", (error) => errors.push(String(error)));
    await use(errors);
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

/** axe on the current page: no serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual(
    [],
  );
}

/** Full-page screenshots at desktop and phone width, kept as CI artifacts. */
export async function screenshots(page: Page, name: string) {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(size);
}
