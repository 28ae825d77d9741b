import fs from "node:fs";
import { E2E } from "./config";
import { expect, expectAccessible, screenshots, test } from "./fixtures";

const dashboard = `/companies/${E2E.acme}/user-metrics`;
const api = `/api/v2/companies/${E2E.acme}/user-metrics/`;

async function headingCount(page: import("@playwright/test").Page) {
  const heading = page.getByRole("heading", { level: 1, name: /User Activity \(\d[\d,]* users\)/ });
  await expect(heading).toBeVisible();
  return Number((await heading.textContent())!.match(/\(([\d,]+) users\)/)![1]!.replaceAll(",", ""));
}

test.describe("dashboard", () => {
  test("shows as many users as the API counts, with KPI tiles and cards", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(dashboard);
    const count = await headingCount(page);
    const fromApi = await (await page.request.get(api)).json();
    expect(count).toBe(fromApi.count);
    await expect(page.getByTestId("metric-cards").getByRole("article")).toHaveCount(20);
    await expect(page.locator(".kpi-label").first()).toHaveText("Members");
    await expect(page.locator(".kpi-value").first()).toHaveText("247");
    const first = page.getByTestId("metric-cards").getByRole("article").first();
    await expect(first.getByText(/Last active/)).toBeVisible();
    await expect(first.getByText("Avg. time")).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, "dashboard");
  });

  test("filters go to the URL and change the rows", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(dashboard);
    const all = await headingCount(page);
    await page.getByLabel("Status").selectOption("pending");
    await expect(page).toHaveURL(/status=pending/);
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(`User Activity (${all} users)`);
    const pending = await headingCount(page);
    expect(pending).toBe((await (await page.request.get(`${api}?status=pending`)).json()).count);
    const cards = page.getByTestId("metric-cards").getByRole("article");
    await expect(cards.first().locator(".status")).toHaveText("pending");
    for (const status of await cards.locator(".status").allTextContents()) expect(status).toBe("pending");

    await page.getByLabel("Order by").selectOption("-total_sessions");
    await expect(page).toHaveURL(/ordering=-total_sessions/);
    await expect(async () => {
      const sessions = (await cards.getByTestId("total-sessions").allTextContents()).map(Number);
      expect(sessions.length).toBeGreaterThan(1);
      expect(sessions).toEqual([...sessions].sort((a, b) => b - a));
    }).toPass();
  });

  test("a shared link opens the same view, date range included", async ({ page, consoleErrors }) => {
    void consoleErrors;
    const today = new Date();
    const from = new Date(today.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    const to = today.toISOString().slice(0, 10);
    await page.goto(`${dashboard}?status=active&page_size=10&date_from=${from}&date_to=${to}`);
    await expect(page.getByLabel("Status")).toHaveValue("active");
    await expect(page.getByLabel("Per page")).toHaveValue("10");
    await expect(page.getByLabel("From", { exact: true })).toHaveValue(from);
    await expect(page.getByLabel("To", { exact: true })).toHaveValue(to);
    const count = await headingCount(page);
    expect(count).toBe(
      (await (await page.request.get(`${api}?status=active&date_from=${from}&date_to=${to}`)).json()).count,
    );
    await expect(page.getByTestId("metric-cards").getByRole("article")).toHaveCount(Math.min(10, count));
  });

  test("paginates, and loads more in the infinite view", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(`${dashboard}?page_size=10`);
    const count = await headingCount(page);
    const cards = page.getByTestId("metric-cards").getByRole("article");
    await expect(cards).toHaveCount(10);
    const firstOnPage1 = await cards.first().getAttribute("aria-label");
    await page.getByRole("button", { name: "Next →" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(`Page 2 of ${Math.ceil(count / 10)}`)).toBeVisible();
    await expect(cards.first()).not.toHaveAttribute("aria-label", firstOnPage1!);
    await page.getByRole("button", { name: "← Previous" }).click();
    await expect(page).not.toHaveURL(/page=2/);

    await page.getByRole("button", { name: "Load more", exact: true, pressed: false }).click();
    await expect(page).toHaveURL(/view=infinite/);
    await expect(cards).toHaveCount(10);
    await page.locator(".load-more").getByRole("button", { name: "Load more" }).click();
    await expect(cards).toHaveCount(20);
    await expect(page.getByText(`Showing 20 of ${count}`)).toBeVisible();
  });

  test("exports the CSV of every row for the filters", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(`${dashboard}?status=active`);
    const count = await headingCount(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^user-metrics-acme-corp-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const text = fs.readFileSync((await download.path())!, "utf8");
    const records = text.split("\r\n").filter(Boolean);
    expect(records[0]).toBe(
      "user_id,email,first_name,last_name,last_active,total_sessions,sessions_this_month,avg_session_duration,status,role,department,created_at,last_login",
    );
    expect(records.length - 1).toBe(count);
  });

  test("an admin refreshes the metrics", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(dashboard);
    await headingCount(page);
    await page.getByRole("button", { name: "Refresh metrics" }).click();
    await expect(page.getByRole("status")).toHaveText(
      /Metrics refreshed: 247 members, [\d,]+ sessions in \d+ ms\./,
    );
  });
});

test.describe("dashboard with a page past the end", () => {
  // The API answers that page with 404 invalid_page, which the browser logs; the page handles it.
  test.use({ allowConsole: /status of 404/ });

  test("ignores parameters the API would refuse, and recovers from a page past the end", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.goto(`${dashboard}?page_size=1000&status=bogus&ordering=name&date_from=abc`);
    await expect(page.getByLabel("Status")).toHaveValue("");
    await expect(page.getByLabel("Per page")).toHaveValue("20");
    await expect(page.getByTestId("metric-cards").getByRole("article")).toHaveCount(20);

    await page.goto(`${dashboard}?page=999`);
    await expect(page.getByRole("heading", { name: "That page is past the last one" })).toBeVisible();
    await page.getByRole("button", { name: "Go to the first page" }).click();
    await expect(page).not.toHaveURL(/page=999/);
    await expect(page.getByTestId("metric-cards").getByRole("article")).toHaveCount(20);
  });
});
