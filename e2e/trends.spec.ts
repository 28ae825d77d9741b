import type { APIRequestContext, Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { E2E } from "./config";
import { expect, expectAccessible, screenshots, signIn, test } from "./fixtures";

/** Time and trends (SPEC §12) through the pages: the report's zone, comparison and retention, the settings page. */

const report = (company: string) => `/companies/${company}/reports/activity`;
const settings = (company: string) => `/companies/${company}/settings/company`;
const api = (company: string) => `/api/v2/companies/${company}/user-metrics`;

/** The calendar day of an instant in a zone, as the API and the page write it (YYYY-MM-DD). */
const dayIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    at,
  );
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** A share as the page writes it. */
const share = (x: number) =>
  new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 }).format(x);

/** The sessions of each day in the daily chart's data table, by day. */
async function sessionsByDay(page: Page): Promise<Record<string, number>> {
  const daily = page.getByTestId("chart-daily");
  const details = daily.locator("details");
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open)))
    await daily.getByText("Show the data as a table").click();
  const rows = daily.locator("tbody tr");
  const out: Record<string, number> = {};
  for (const row of await rows.all()) {
    const day = (await row.locator("th").textContent())!.trim();
    out[day] = Number(await row.locator("td").nth(1).textContent());
  }
  return out;
}

/** A bearer token for an account, from a cookie-less client (a POST on the cookie would need an Origin). */
async function tokenFor(request: APIRequestContext, email: string) {
  const res = await request.post("/api/v2/auth/token/", { data: { email, password: E2E.password } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { access: string }).access;
}

test.describe("the report's time zone", () => {
  test("moves a session across a day boundary when the zone changes", async ({
    page,
    playwright,
    baseURL,
    consoleErrors,
  }) => {
    void consoleErrors;
    // Yesterday 02:30 UTC is still the day before in New York (21:30 or 22:30 there).
    const now = new Date();
    const today = dayIn(now, "UTC");
    const at = new Date(`${addDays(today, -1)}T02:30:00Z`);
    const utcDay = dayIn(at, "UTC");
    const newYorkDay = dayIn(at, "America/New_York");
    expect(newYorkDay).toBe(addDays(utcDay, -1));
    const from = addDays(utcDay, -2);
    const to = utcDay;
    const range = `date_from=${from}&date_to=${to}`;

    // Before: both zones' days, as the page shows them.
    await page.goto(`${report(E2E.acme)}?${range}&timezone=UTC`);
    await expect(page.getByTestId("report-zone")).toHaveText("UTC");
    const utcBefore = await sessionsByDay(page);
    await page.goto(`${report(E2E.acme)}?${range}&timezone=America/New_York`);
    await expect(page.getByTestId("report-zone")).toHaveText("America/New_York");
    const newYorkBefore = await sessionsByDay(page);
    expect(Object.keys(utcBefore)).toEqual([from, addDays(from, 1), to]);
    expect(Object.keys(newYorkBefore)).toEqual([from, addDays(from, 1), to]);

    // One session of a member who joined long before it, ingested as an admin.
    const machine = await playwright.request.newContext({ baseURL });
    const token = await tokenFor(machine, "jane.smith@acme.test");
    const auth = { Authorization: `Bearer ${token}` };
    const list = await machine.get(
      `${api(E2E.acme)}/?ordering=-total_sessions&page_size=5&date_from=2000-01-01`,
      {
        headers: auth,
      },
    );
    const member = (
      (await list.json()) as { results: { user_id: string; created_at: string }[] }
    ).results.find((m) => Date.parse(m.created_at) < at.getTime() - 86_400_000)!;
    const ingest = await machine.post(`/api/v2/companies/${E2E.acme}/sessions/`, {
      headers: auth,
      data: {
        sessions: [
          {
            id: randomUUID(),
            user_id: member.user_id,
            started_at: at.toISOString(),
            ended_at: new Date(at.getTime() + 10 * 60_000).toISOString(),
          },
        ],
      },
    });
    expect(ingest.status()).toBe(201);

    // In UTC it counts on its UTC day…
    await page.goto(`${report(E2E.acme)}?${range}&timezone=UTC`);
    await expect(page.getByTestId("report-zone")).toHaveText("UTC");
    await expect.poll(async () => (await sessionsByDay(page))[utcDay]).toBe(utcBefore[utcDay]! + 1);
    const utcAfter = await sessionsByDay(page);
    expect(utcAfter[newYorkDay]).toBe(utcBefore[newYorkDay]);

    // …and the zone picker moves it to the day before.
    // The zone list is drawn when the select is reached for (as a person does: focus first).
    await page.getByLabel("Time zone").focus();
    await page.getByLabel("Time zone").selectOption("America/New_York");
    await expect(page).toHaveURL(/timezone=America%2FNew_York/);
    await expect(page.getByTestId("report-zone")).toHaveText("America/New_York");
    await expect(page.getByTestId("chart-daily").getByText("Day (America/New_York)")).toBeVisible();
    await expect
      .poll(async () => (await sessionsByDay(page))[newYorkDay])
      .toBe(newYorkBefore[newYorkDay]! + 1);
    expect((await sessionsByDay(page))[utcDay]).toBe(newYorkBefore[utcDay]);

    // The company's own zone is the URL without one.
    await page.getByLabel("Time zone").focus();
    await page.getByLabel("Time zone").selectOption("UTC");
    await expect(page).not.toHaveURL(/timezone=/);
    await machine.dispose();
  });
});

test.describe("the report's trends", () => {
  test("shows each headline change, engagement, and retention as the API counts them", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    const summary = await (
      await page.request.get(`${api(E2E.acme)}/summary/?compare=previous_period`)
    ).json();
    const week = await (await page.request.get(`${api(E2E.acme)}/retention/?period=week`)).json();
    await page.goto(report(E2E.acme));

    const headline = page.getByTestId("headline");
    const sessions = headline.getByTestId("tile-Sessions");
    await expect(sessions.locator(".kpi-value")).toHaveText(
      new Intl.NumberFormat("en").format(summary.activity.sessions),
    );
    const change = summary.change.sessions as number | null;
    const percent = change === null ? "" : Math.round(Math.abs(change) * 100);
    const words =
      change === null
        ? "no previous data"
        : percent === 0
          ? "unchanged from the previous period"
          : `${change > 0 ? "up" : "down"} ${percent} % from the previous period`;
    await expect(sessions.getByTestId("change")).toContainText(words);
    await expect(headline.getByTestId("change")).toHaveCount(3);

    const engagement = page.getByTestId("engagement");
    await expect(engagement.getByTestId("tile-MAU").locator(".kpi-value")).toHaveText(
      String(summary.engagement.mau),
    );
    await expect(engagement.getByTestId("tile-Stickiness").locator(".kpi-value")).toHaveText(
      share(summary.engagement.stickiness),
    );

    // The heat map is the table: its first cell is the oldest cohort's first week.
    const table = page.getByRole("table", { name: /Share of each cohort/ });
    await expect(table.getByRole("columnheader", { name: "Week 0" })).toBeVisible();
    const first = table.locator("tbody tr").first().locator("td.heat-cell").first();
    await expect(first).toHaveText(share(week.cohorts[0].retained[0]));
    await expect(table.locator("tbody tr")).toHaveCount(week.cohorts.length);

    await page.getByRole("button", { name: "Monthly" }).click();
    await expect(page).toHaveURL(/retention=month/);
    const month = await (await page.request.get(`${api(E2E.acme)}/retention/?period=month`)).json();
    await expect(table.getByRole("columnheader", { name: "Month 0" })).toBeVisible();
    await expect(table.locator("tbody tr").first().locator("td.heat-cell").first()).toHaveText(
      share(month.cohorts[0].retained[0]),
    );
    await expectAccessible(page);
    await screenshots(page, "report-trends");
  });

  test("fits a phone's width", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${report(E2E.acme)}?timezone=America/New_York`);
    await expect(page.getByTestId("retention-table").locator("td.heat-cell").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });
});

test.describe("company settings", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("an admin changes the zone, and the report counts in it", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "admin@globex.test");
    await expect(page).toHaveURL(new RegExp(`/companies/${E2E.globex}/user-metrics`));
    await page
      .getByRole("navigation", { name: "Company pages" })
      .getByRole("link", { name: "Settings" })
      .click();
    await expect(page).toHaveURL(new RegExp(`${settings(E2E.globex)}$`));
    await expect(page.getByRole("heading", { level: 1, name: "Company settings" })).toBeVisible();
    const current = page.getByTestId("current-zone");
    await expect(current).toContainText("America/New_York");
    await expectAccessible(page);
    await screenshots(page, "company-settings");

    await page.getByLabel("Search time zones").fill("berlin");
    await expect(page.getByText("1 zone matches “berlin”.")).toBeVisible();
    await page.getByLabel("Company time zone").selectOption("Europe/Berlin");
    await expect(page.getByText(/^Europe\/Berlin: UTC\+0[12]:00 now/)).toBeVisible();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "now counted in Europe/Berlin" })).toBeVisible();
    await expect(current).toContainText("Europe/Berlin");
    await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();

    await page
      .getByRole("navigation", { name: "Company pages" })
      .getByRole("link", { name: "Activity report" })
      .click();
    await expect(page.getByTestId("report-zone")).toHaveText("Europe/Berlin");
    await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
    const dashboard = page
      .getByRole("navigation", { name: "Company pages" })
      .getByRole("link", { name: "Dashboard" });
    await dashboard.click();
    await expect(page.getByText(/Members last active between .* · Europe\/Berlin/)).toBeVisible();

    // Back as it was, for whoever runs next on this database.
    await page.goto(settings(E2E.globex));
    await page.getByLabel("Company time zone").focus();
    await page.getByLabel("Company time zone").selectOption("America/New_York");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(current).toContainText("America/New_York");
  });

  test("a phone's width fits the settings", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "jane.smith@acme.test");
    await page.waitForURL(new RegExp(`/companies/${E2E.acme}/user-metrics`));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(settings(E2E.acme));
    await expect(page.getByLabel("Company time zone")).toHaveValue("UTC");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  test("a member gets the refusal, and no tab", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "john.doe@acme.test");
    await page.waitForURL(new RegExp(`/companies/${E2E.acme}/user-metrics`));
    const tabs = page.getByRole("navigation", { name: "Company pages" });
    await expect(tabs.getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(tabs.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await page.goto(settings(E2E.acme));
    await expect(
      page.getByRole("heading", { name: "You don't have access to the company's settings" }),
    ).toBeVisible();
  });
});
