import type { Page } from "@playwright/test";
import { E2E } from "./config";
import { expect, expectAccessible, screenshots, test } from "./fixtures";

const JANE = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const JOHN = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
const member = (userId: string) => `/companies/${E2E.acme}/members/${userId}`;
const api = `/api/v2/companies/${E2E.acme}/user-metrics/`;
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

type Row = {
  user_id: string;
  email: string;
  role: string;
  department: string | null;
  status: string;
  last_active: string | null;
  total_sessions: number;
  sessions_this_month: number;
  avg_session_duration: string;
  created_at: string;
  last_login: string | null;
};

/** A member's row of the API's list (every page of a window wide enough to hold everyone active). */
async function listRow(page: Page, userId: string): Promise<Row> {
  for (let n = 1; ; n++) {
    const res = await page.request.get(`${api}?date_from=2000-01-01&page_size=100&page=${n}`);
    const body = (await res.json()) as { results: Row[]; next: string | null };
    const row = body.results.find((r) => r.user_id === userId);
    if (row) return row;
    if (!body.next) throw new Error(`${userId} is not in the list`);
  }
}

test.describe("member page", () => {
  test("shows John's figures as the API's list has them, his days and his sessions", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    // John, not the signed-in Jane: the browser's own requests count as Jane's activity (her open
    // session's end moves), so her figures can change between the page's read and the list's.
    await page.goto(member(JOHN));
    await expect(page.getByRole("heading", { level: 1, name: "John Doe" })).toBeVisible();
    await expect(page.getByTestId("total-sessions")).toBeVisible();
    const row = await listRow(page, JOHN);
    await expect(page.getByTestId("email")).toHaveText(row.email);
    await expect(page.getByTestId("role")).toHaveText(row.role);
    await expect(page.getByTestId("department")).toHaveText(row.department ?? "No department");
    await expect(page.getByTestId("status")).toHaveText(row.status);
    await expect(page.getByTestId("total-sessions")).toHaveText(String(row.total_sessions));
    await expect(page.getByTestId("sessions-this-month")).toHaveText(String(row.sessions_this_month));
    await expect(page.getByTestId("avg-session-duration")).toHaveText(row.avg_session_duration);
    await expect(page.getByTestId("last-active").locator("time")).toHaveAttribute(
      "datetime",
      row.last_active!,
    );
    await expect(page.getByTestId("joined").locator("time")).toHaveAttribute("datetime", row.created_at);
    await expect(page.getByTestId("last-login").locator("time")).toHaveAttribute("datetime", row.last_login!);

    const chart = page.getByTestId("chart-member-daily");
    await expect(chart.getByRole("heading", { name: "Sessions per day" })).toBeVisible();
    await chart.getByText("Show the data as a table").click();
    await expect(chart.locator("tbody tr")).toHaveCount(31);
    await expect(chart.locator("tbody tr").first().locator("th")).toHaveText(day(30));
    const sessions = page.getByTestId("recent-sessions").locator("tbody tr");
    expect(await sessions.count()).toBeGreaterThan(0);
    expect(await sessions.count()).toBeLessThanOrEqual(20);
    const starts = await sessions
      .locator("td:first-child time")
      .evaluateAll((els) => els.map((e) => e.getAttribute("datetime")!));
    expect(starts).toEqual([...starts].sort().reverse());

    await expectAccessible(page);
    await screenshots(page, "member");
  });

  test("keeps a chosen range in the URL and draws its days", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(member(JANE));
    // The figures come from a fetch after hydration: then the inputs' handlers are attached.
    await expect(page.getByTestId("total-sessions")).toBeVisible();
    await expect(page.getByLabel("From", { exact: true })).toHaveValue(day(30));
    await expect(page.getByLabel("To", { exact: true })).toHaveValue(day(0));
    await page.getByLabel("From", { exact: true }).fill(day(13));
    await expect(page).toHaveURL(new RegExp(`date_from=${day(13)}`));
    await page.getByLabel("To", { exact: true }).fill(day(1));
    await expect(page).toHaveURL(new RegExp(`date_to=${day(1)}`));
    await expect(page.getByText(`Activity from ${day(13)} to ${day(1)} (13 days) · UTC`)).toBeVisible();
    const chart = page.getByTestId("chart-member-daily");
    await chart.getByText("Show the data as a table").click();
    await expect(chart.locator("tbody tr")).toHaveCount(13);
    await page.reload();
    await expect(page.getByText("(13 days) · UTC")).toBeVisible();
    await expect(page.getByLabel("From", { exact: true })).toHaveValue(day(13));
    await expect(page.getByLabel("To", { exact: true })).toHaveValue(day(1));
  });

  test("fits a phone's width", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(member(JANE));
    await expect(page.getByTestId("total-sessions")).toBeVisible();
    await expect(page.getByTestId("recent-sessions")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  test("opens from the dashboard's card, with the card's figures", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(`/companies/${E2E.acme}/user-metrics`);
    const card = page.getByTestId("metric-cards").getByRole("article").first();
    const name = (await card.getAttribute("aria-label"))!;
    const total = await card.getByTestId("total-sessions").textContent();
    await card.getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/companies/${E2E.acme}/members/[0-9a-f-]{36}$`));
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByTestId("total-sessions")).toHaveText(total!);
    await expect(page.getByRole("link", { name: "Dashboard", exact: true })).toHaveAttribute(
      "aria-current",
      "true",
    );
    await page.getByRole("link", { name: "← Back to the dashboard" }).click();
    await expect(page).toHaveURL(new RegExp(`/companies/${E2E.acme}/user-metrics$`));
  });
});

test.describe("member page of someone who is not a member", () => {
  // The API answers 404 member_not_found, which the browser logs; the page shows it.
  test.use({ allowConsole: /status of 404/ });

  test("shows the not-found state for an unknown and a malformed id", async ({ page, consoleErrors }) => {
    void consoleErrors;
    for (const id of [crypto.randomUUID(), "nobody"]) {
      await page.goto(member(id));
      const state = page.getByTestId("member-not-found");
      await expect(state.getByRole("heading", { level: 1, name: "Member not found" })).toBeVisible();
      await expect(state.getByText("member_not_found")).toBeVisible();
    }
    await expectAccessible(page);
    await page.getByRole("link", { name: "Back to the dashboard" }).click();
    await expect(page).toHaveURL(new RegExp(`/companies/${E2E.acme}/user-metrics$`));
  });
});
