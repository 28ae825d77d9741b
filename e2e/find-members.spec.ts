import type { Locator, Page } from "@playwright/test";
import { E2E } from "./config";
import { expect, expectAccessible, screenshots, test } from "./fixtures";

const dashboard = `/companies/${E2E.acme}/user-metrics`;
const api = `/api/v2/companies/${E2E.acme}/user-metrics/`;

type Row = { user_id: string; first_name: string; last_name: string; email: string; role: string };
type ListBody = { count: number; results: Row[] };

async function fromApi(page: Page, query: string): Promise<ListBody> {
  const res = await page.request.get(`${api}?${query}`);
  expect(res.status(), query).toBe(200);
  return res.json();
}

/** The heading's count once it shows one. */
async function headingCount(page: Page) {
  const heading = page.getByRole("heading", { level: 1, name: /User Activity \(\d[\d,]* users\)/ });
  await expect(heading).toBeVisible();
  return Number((await heading.textContent())!.match(/\(([\d,]+) users\)/)![1]!.replaceAll(",", ""));
}

/** The heading shows the API's count for the same query (after the page's own request lands). */
async function expectCountAsApi(page: Page, query: string) {
  const { count } = await fromApi(page, query);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`User Activity (${count} users)`);
  return count;
}

const cards = (page: Page) => page.getByTestId("metric-cards").getByRole("article");
const filters = (page: Page) => page.getByRole("form", { name: "Filters" });

/** Presses Tab until `target` has focus: only the keyboard reaches it. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error("Tab never reached the control");
}

test.describe("finding members", () => {
  test("search narrows the list and its count, as the API counts it", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(dashboard);
    const all = await headingCount(page);
    await page.getByLabel("Search members").fill("garcia");
    await expect(page).toHaveURL(/search=garcia/);
    const count = await expectCountAsApi(page, "search=garcia");
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(all);
    await expect(cards(page)).toHaveCount(Math.min(20, count));
    for (const text of await cards(page).allTextContents()) expect(text.toLowerCase()).toContain("garcia");
    // The tiles count the same members.
    await expect(page.locator(".kpi").nth(1).locator(".kpi-value")).toHaveText(String(count));
    // Each name leads to the member's page.
    const first = (await fromApi(page, "search=garcia")).results[0]!;
    await expect(
      cards(page)
        .first()
        .getByRole("link", { name: `${first.first_name} ${first.last_name}` }),
    ).toHaveAttribute("href", `/companies/${E2E.acme}/members/${first.user_id}`);
  });

  test("the role and department filters take several values", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(dashboard);
    await headingCount(page);
    await page.getByRole("button", { name: /^Role/ }).click();
    const roles = page.getByRole("group", { name: "Role" });
    await roles.getByRole("checkbox", { name: /^Admin/ }).check();
    await expect(page).toHaveURL(/role=admin(&|$)/);
    await roles.getByRole("checkbox", { name: /^Viewer/ }).check();
    await expect(page).toHaveURL(/role=admin%2Cviewer/);
    await page.keyboard.press("Escape");
    await expect(roles).toBeHidden();
    await expect(page.getByRole("button", { name: /^Role/ })).toHaveText(/Admin, Viewer/);
    const count = await expectCountAsApi(page, "role=admin,viewer");
    expect(count).toBeGreaterThan(0);
    for (const role of await cards(page).locator(".badge").allTextContents())
      expect(["admin", "viewer"]).toContain(role);

    // The departments come from the summary; "No department" is the empty value.
    await page.getByRole("button", { name: /^Role/ }).click();
    await roles.getByRole("checkbox", { name: /^Admin/ }).uncheck();
    await roles.getByRole("checkbox", { name: /^Viewer/ }).uncheck();
    await expect(page).not.toHaveURL(/role=/);
    await page.getByRole("button", { name: /^Department/ }).click();
    const departments = page.getByRole("group", { name: "Department" });
    await expect(departments.getByRole("checkbox", { name: /^Sales/ })).toBeVisible();
    await departments.getByRole("checkbox", { name: /^No department/ }).check();
    await expect(page).toHaveURL(/department=(&|$)/);
    await departments.getByRole("checkbox", { name: /^Sales/ }).check();
    await expect(page).toHaveURL(/department=&department=Sales/);
    await expectCountAsApi(page, "department=&department=Sales");
    for (const text of await cards(page).locator(".metric-meta").allTextContents())
      expect(text).toMatch(/(Sales|No department)$/);
  });

  test("inactive for 30 days lists the inactive members, and it and the dates exclude each other", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${dashboard}?date_from=${from}&date_to=${to}`);
    await headingCount(page);
    await page.getByLabel("Inactive for").selectOption("30");
    await expect(page).toHaveURL(/inactive_for=30/);
    await expect(page).not.toHaveURL(/date_from|date_to/);
    await expect(page.getByLabel("From", { exact: true })).toHaveValue("");
    const count = await expectCountAsApi(page, "inactive_for=30");
    expect(count).toBeGreaterThan(0);
    await expect(page.getByText("Members with no activity in the last 30 days")).toBeVisible();
    const expected = (await fromApi(page, "inactive_for=30")).results.map(
      (u) => `${u.first_name} ${u.last_name}`,
    );
    await expect(cards(page)).toHaveCount(expected.length);
    expect(await cards(page).evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")))).toEqual(
      expected,
    );

    // Members never active come first when the least recently active do.
    await page.getByLabel("Order by").selectOption("last_active");
    await expect(page).toHaveURL(/ordering=last_active/);
    await expect(cards(page).first().locator(".last-active")).toHaveText("Never active");

    // A date takes the place of "Inactive for".
    await page.getByLabel("From", { exact: true }).fill(from);
    await expect(page).toHaveURL(new RegExp(`date_from=${from}`));
    await expect(page).not.toHaveURL(/inactive_for/);
    await expect(page.getByLabel("Inactive for")).toHaveValue("");
  });

  test("the table sorts by a column, both ways, and pages like the cards", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.goto(dashboard);
    await page.getByRole("button", { name: "Table", exact: true }).click();
    await expect(page).toHaveURL(/view=table/);
    const table = page.getByRole("table", { name: "Members" });
    await expect(table.getByRole("row")).toHaveCount(21);
    const header = (name: string) => table.getByRole("columnheader", { name });
    await expect(header("Last active")).toHaveAttribute("aria-sort", "descending");

    const numbers = async (column: string) =>
      (await table.getByTestId(`cell-${column}`).allTextContents()).map(Number);
    await header("Total sessions").getByRole("button").click();
    await expect(page).toHaveURL(/ordering=-total_sessions/);
    await expect(header("Total sessions")).toHaveAttribute("aria-sort", "descending");
    await expect(header("Last active")).not.toHaveAttribute("aria-sort");
    await expect(async () => {
      const values = await numbers("total_sessions");
      expect(values).toHaveLength(20);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }).toPass();
    await header("Total sessions").getByRole("button").click();
    await expect(page).toHaveURL(/ordering=total_sessions/);
    await expect(header("Total sessions")).toHaveAttribute("aria-sort", "ascending");
    await expect(async () => {
      const values = await numbers("total_sessions");
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }).toPass();

    await header("Sessions this month").getByRole("button").click();
    await expect(page).toHaveURL(/ordering=-sessions_this_month/);
    await expect(async () => {
      const values = await numbers("sessions_this_month");
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }).toPass();
    // hh:mm:ss compares as text.
    await header("Avg. session").getByRole("button").click();
    await expect(page).toHaveURL(/ordering=-avg_session_duration/);
    await expect(header("Avg. session")).toHaveAttribute("aria-sort", "descending");
    await expect(async () => {
      const values = await table.getByTestId("cell-avg_session_duration").allTextContents();
      expect(values).toEqual([...values].sort().reverse());
    }).toPass();

    // The same rows as the API, each name a link to the member's page; then the next page.
    const { results, count } = await fromApi(page, "ordering=-avg_session_duration");
    const firstRow = table.getByRole("row").nth(1);
    await expect(firstRow.getByRole("link")).toHaveAttribute(
      "href",
      `/companies/${E2E.acme}/members/${results[0]!.user_id}`,
    );
    await page.getByRole("button", { name: "Next →" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(`Page 2 of ${Math.ceil(count / 20)}`)).toBeVisible();
  });

  test("an empty list says which filters emptied it, and Clear all filters restores it", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.goto(dashboard);
    const all = await headingCount(page);
    await page.getByLabel("Search members").fill("zzzzqx");
    await expect(page.getByRole("heading", { name: "No members match “zzzzqx”" })).toBeVisible();
    await page.getByLabel("Inactive for").selectOption("14");
    await expect(
      page.getByRole("heading", { name: "No members match “zzzzqx” and inactive for 14 days" }),
    ).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("User Activity (0 users)");
    // Each filter can go on its own.
    await expect(page.getByRole("button", { name: "Clear the search" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Clear “Inactive for”" })).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, "find-members-empty");
    await page.locator(".state-panel").getByRole("button", { name: "Clear all filters" }).click();
    await expect(page).not.toHaveURL(/search|inactive_for/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`User Activity (${all} users)`);
    await expect(page.getByLabel("Search members")).toHaveValue("");
    await expect(page.getByLabel("Inactive for")).toHaveValue("");
    await expect(filters(page).getByRole("button", { name: "Clear all filters" })).toBeDisabled();
  });

  test("the search box and a filter work from the keyboard alone", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await page.goto(dashboard);
    await headingCount(page);
    const search = page.getByLabel("Search members");
    await tabTo(page, search);
    // Accents do not matter: "muller" finds Müller.
    await page.keyboard.type("muller");
    await expect(page).toHaveURL(/search=muller/);
    const found = await expectCountAsApi(page, "search=muller");
    expect(found).toBeGreaterThan(0);
    for (const text of await cards(page).allTextContents())
      expect(text.toLowerCase()).toMatch(/müller|muller/);

    const role = page.getByRole("button", { name: /^Role/ });
    await tabTo(page, role);
    await page.keyboard.press("Enter");
    await expect(role).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.press("Tab"); // Owner
    await page.keyboard.press("Tab"); // Admin
    await page.keyboard.press("Tab"); // Member
    await expect(page.getByRole("checkbox", { name: /^Member/ })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(/role=member/);
    await page.keyboard.press("Escape");
    await expect(role).toBeFocused();
    await expect(role).toHaveAttribute("aria-expanded", "false");
    await expectCountAsApi(page, "search=muller&role=member");

    // Back to the box (it sits just before Role); emptying it takes the search out of the URL.
    await page.keyboard.press("Shift+Tab");
    await expect(search).toBeFocused();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await expect(page).not.toHaveURL(/search=/);
    await expect(page).toHaveURL(/role=member/);
  });

  test("is accessible with the filters open, and fits a phone in both views", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.goto(
      `${dashboard}?search=an&role=admin,member&department=Sales&department=&ordering=-total_sessions`,
    );
    await headingCount(page);
    await page.getByRole("button", { name: /^Role/ }).click();
    await expect(page.getByRole("group", { name: "Role" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: /^Department/ }).click();
    await expect(page.getByRole("group", { name: "Department" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Role" })).toBeHidden();
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await screenshots(page, "find-members-cards");

    await page.getByRole("button", { name: "Table", exact: true }).click();
    await expect(page.getByRole("table", { name: "Members" })).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, "find-members-table");

    await page.setViewportSize({ width: 390, height: 844 });
    // The page keeps its width; the table scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = page.getByRole("region", { name: "Members" });
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Pages", exact: true }).click();
    await expect(cards(page).first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole("button", { name: /^Department/ }).click();
    const panel = page.getByRole("group", { name: "Department" });
    const rect = (await panel.boundingBox())!;
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(390);
    await expectAccessible(page);
    await screenshots(page, "find-members-department-open");
  });
});
