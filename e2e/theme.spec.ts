import { E2E } from "./config";
import { expect, test } from "./fixtures";

const report = `/companies/${E2E.acme}/reports/activity`;
const background = (page: import("@playwright/test").Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** WCAG contrast of two computed `rgb(r, g, b)` colours. */
function contrast(a: string, b: string) {
  const lum = (c: string) => {
    const [r, g, bl] = c
      .match(/\d+/g)!
      .slice(0, 3)
      .map((v) => {
        const s = Number(v) / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
const LIGHT_BG = "rgb(244, 246, 250)";
const DARK_BG = "rgb(12, 17, 29)";

test.describe("theme", () => {
  test("follows the system's preference until the toggle chooses, and keeps the choice in this browser", async ({
    page,
    context,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(report);
    await expect(page.getByRole("heading", { level: 1, name: "Activity report" })).toBeVisible();
    expect(await background(page)).toBe(DARK_BG);
    // The toggle offers the other scheme than the one in force.
    const toLight = page.getByRole("button", { name: "Light theme" });
    await expect(toLight).toBeVisible();
    await expect(page.getByRole("button", { name: "Dark theme" })).toBeHidden();

    await toLight.click();
    expect(await background(page)).toBe(LIGHT_BG);
    await expect(page.getByRole("button", { name: "Dark theme" })).toBeVisible();
    const cookie = (await context.cookies()).find((c) => c.name === "um-theme");
    expect(cookie).toMatchObject({ value: "light", path: "/", sameSite: "Lax" });

    // Drawn by the server in the chosen scheme, though the system still prefers dark.
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(await background(page)).toBe(LIGHT_BG);

    await page.getByRole("button", { name: "Dark theme" }).click();
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`/companies/${E2E.acme}/user-metrics`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    expect(await background(page)).toBe(DARK_BG);
    await context.clearCookies({ name: "um-theme" });
  });

  test("draws the charts' axes, grid, tooltip and the heat map in the dark scheme's colours", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${report}?range=90d`);
    const daily = page.getByTestId("chart-daily");
    await expect(daily.locator(".recharts-line-curve")).not.toHaveCount(0);
    const fill = (selector: string, property: "fill" | "stroke") =>
      daily
        .locator(selector)
        .first()
        .evaluate((el, p) => getComputedStyle(el)[p], property);
    expect(await fill(".recharts-cartesian-axis-tick-value", "fill")).toBe("rgb(201, 208, 220)");
    expect(await fill(".recharts-cartesian-grid line", "stroke")).toBe("rgb(42, 51, 71)");
    expect(await fill(".recharts-line-curve", "stroke")).toBe("rgb(126, 163, 255)");
    await daily.locator(".recharts-wrapper > svg.recharts-surface").hover({ position: { x: 300, y: 100 } });
    const tip = daily.locator(".recharts-default-tooltip");
    await expect(tip).toBeVisible();
    expect(await tip.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(22, 29, 44)");

    // Each heat-map cell has its dark-scheme colours (not the light ones), its text readable on them.
    const cells = page.locator("td.heat-cell:not(.not-yet)");
    await expect(cells.first()).toBeVisible();
    const colours = () =>
      cells.evaluateAll((els) =>
        els.map((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]),
      );
    const dark = await colours();
    await page.emulateMedia({ colorScheme: "light" });
    const light = await colours();
    expect(dark.length).toBeGreaterThan(0);
    dark.forEach(([bg, fg], i) => {
      expect(bg).not.toBe(light[i]![0]);
      expect(contrast(bg!, fg!)).toBeGreaterThanOrEqual(4.5);
    });
  });
});
