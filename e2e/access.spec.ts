import { E2E } from "./config";
import { expect, expectAccessible, screenshots, signIn, test } from "./fixtures";

const dashboard = `/companies/${E2E.acme}/user-metrics`;

test.use({ storageState: { cookies: [], origins: [] } });

test.describe("signing in and who may see what", () => {
  test("a viewer sees the refusal, and so does the API", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "viewer@acme.test");
    await expect(page).toHaveURL(new RegExp(dashboard));
    await expect(page.getByRole("heading", { name: "You don't have access to these metrics" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Refresh metrics" })).toHaveCount(0);
    const res = await page.request.get(`/api/v2/companies/${E2E.acme}/user-metrics/`);
    expect(res.status()).toBe(403);
    expect((await res.json()).code).toBe("permission_denied");
    await expectAccessible(page);
    await screenshots(page, "access-denied");
  });

  test("a member of another company sees the refusal, without the company's name", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await signIn(page, "admin@globex.test");
    await expect(page).toHaveURL(new RegExp(`/companies/${E2E.globex}/user-metrics`));
    await page.goto(dashboard);
    await expect(page.getByRole("heading", { name: "You don't have access to these metrics" })).toBeVisible();
    await expect(page.getByText("Acme Corp")).toHaveCount(0);
  });

  test("a member reads the dashboard but has no refresh button", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "john.doe@acme.test");
    await expect(page.getByRole("heading", { level: 1, name: /User Activity/ })).toBeVisible();
    await expect(page.getByRole("link", { name: "Export CSV" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Refresh metrics" })).toHaveCount(0);
  });

  test("a member of several companies picks one, and switches", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "multi@example.test");
    await expect(page).toHaveURL(/\/companies$/);
    await expect(page.getByRole("heading", { name: "Choose a company" })).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, "company-picker");
    await page.getByRole("link", { name: /Globex/ }).click();
    await expect(page).toHaveURL(new RegExp(`/companies/${E2E.globex}/user-metrics`));
    await expect(page.locator(".company-chip")).toHaveText("Globex");
    await page.getByRole("link", { name: "Switch company" }).click();
    await page.getByRole("link", { name: /Acme Corp/ }).click();
    await expect(page.locator(".company-chip")).toHaveText("Acme Corp");
  });

  test("signing out ends the session", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "jane.smith@acme.test");
    await page.waitForURL(new RegExp(dashboard));
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto(dashboard);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    expect((await page.request.get(`/api/v2/companies/${E2E.acme}/user-metrics/`)).status()).toBe(401);
  });
});

test.describe("pages that answer with a refusal on purpose", () => {
  // A wrong password is a 401 from next-auth, an unknown company a 404 document: both expected here.
  test.use({ allowConsole: /status of (401|404)/ });

  test("a signed-out visitor is sent to sign in, then back to the page they asked for", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await page.goto(`${dashboard}?status=active&page_size=10`);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await expectAccessible(page);
    await screenshots(page, "sign-in");
    await page.getByLabel("Email").fill("jane.smith@acme.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator(".form-error")).toHaveText("Wrong email or password.");
    await page.getByLabel("Password").fill(E2E.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`${dashboard}\\?status=active&page_size=10$`));
    await expect(page.getByLabel("Status")).toHaveValue("active");
  });

  test("an unknown company is a clear not-found page", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "jane.smith@acme.test");
    await page.waitForURL(new RegExp(dashboard));
    await page.goto(`/companies/${E2E.acme.replace("f659", "0000")}/user-metrics`);
    await expect(page.getByRole("heading", { name: "Company not found" })).toBeVisible();
  });

  test("a removed or malformed company is the same page, answered with a 404", async ({
    page,
    consoleErrors,
  }) => {
    void consoleErrors;
    await signIn(page, "jane.smith@acme.test");
    await page.waitForURL(new RegExp(dashboard));
    // Initech is soft-deleted; "not-a-uuid" never reaches the database.
    for (const company of ["8d4e2a17-5c3b-4f9e-a1d6-2b7c9e0f4a53", "not-a-uuid"]) {
      for (const tab of ["user-metrics", "reports/activity"]) {
        const res = await page.goto(`/companies/${company}/${tab}/`);
        expect(res?.status()).toBe(404);
        await expect(page.getByRole("heading", { name: "Company not found" })).toBeVisible();
      }
    }
  });
});
