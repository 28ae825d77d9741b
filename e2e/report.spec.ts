import { E2E } from "./config";
import { drawAllCharts, expect, expectAccessible, screenshots, test } from "./fixtures";

const report = `/companies/${E2E.acme}/reports/activity`;

test.describe("activity report", () => {
  test("draws every chart with data for a chosen range, each with its data table", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.goto(report);
    await expect(page.getByRole("heading", { level: 1, name: "Activity report" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Last 30 days" })).toHaveAttribute("aria-pressed", "true");

    await page.getByRole("button", { name: "Last 90 days" }).click();
    await expect(page).toHaveURL(/range=90d/);
    await expect(page.getByText(/^90 days, from /)).toBeVisible();
    await expect(page.getByTestId("report-zone")).toHaveText("UTC");

    const daily = page.getByTestId("chart-daily");
    // This period's active users and sessions, and the previous period's (dashed).
    await expect(daily.locator(".recharts-line-curve")).toHaveCount(4);
    await expect(daily.locator('.recharts-line-curve[stroke-dasharray="6 4"]')).toHaveCount(2);
    await daily.getByText("Show the data as a table").click();
    await expect(daily.locator("tbody tr")).toHaveCount(90);
    const sessions = (await daily.locator("tbody tr td:nth-child(3)").allTextContents()).map(Number);
    expect(sessions.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    await drawAllCharts(page);
    for (const [id, bars] of [
      ["status", 3],
      ["role", 4],
    ] as const) {
      await expect(page.getByTestId(`chart-${id}`).locator(".recharts-bar-rectangle")).toHaveCount(bars);
    }
    await expect(page.getByTestId("chart-department").locator(".recharts-bar-rectangle")).not.toHaveCount(0);
    await expect(page.getByTestId("chart-top").locator(".recharts-bar-rectangle")).toHaveCount(10);
    await expect(
      page.getByTestId("chart-top").getByRole("heading", { name: "Top members by sessions" }),
    ).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, "report");
  });

  test("takes a custom range from the date inputs and keeps it in the URL", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.goto(report);
    // The charts are drawn from data the page fetches after hydration: once they are there, the
    // inputs' change handlers are attached (a value typed before hydration would never reach them).
    await expect(page.getByTestId("chart-daily").locator(".recharts-line-curve")).toHaveCount(4);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("From", { exact: true }).fill(from);
    await expect(page).toHaveURL(new RegExp(`date_from=${from}`));
    await page.getByLabel("To", { exact: true }).fill(to);
    await expect(page).toHaveURL(new RegExp(`date_to=${to}`));
    await expect(page.getByText(/^14 days, from /)).toBeVisible();
    await page.reload();
    await expect(page.getByText(/^14 days, from /)).toBeVisible();
    await expect(page.getByRole("button", { name: "Last 30 days" })).toHaveAttribute("aria-pressed", "false");
  });

  test("this month preset starts on the 1st", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(`${report}?range=month`);
    const first = `${new Date().toISOString().slice(0, 7)}-01`;
    await expect(page.getByText(new RegExp(`from ${first} to`))).toBeVisible();
  });
});
