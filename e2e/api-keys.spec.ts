import type { APIRequestContext } from "@playwright/test";
import { E2E } from "./config";
import { expect, expectAccessible, screenshots, signIn, test } from "./fixtures";

const page_ = `/companies/${E2E.acme}/settings/api-keys`;
const metrics = `/api/v2/companies/${E2E.acme}/user-metrics/`;

test.describe("API keys as an admin", () => {
  test("creates a read-only key, uses it on the API, and revokes it through the dialog", async ({
    page,
    playwright,
    baseURL,
    consoleErrors,
  }) => {
    void consoleErrors;
    // A client with no cookie: only the key authenticates its requests.
    const machine: APIRequestContext = await playwright.request.newContext({ baseURL });
    const asKey = (key: string) => ({ headers: { Authorization: `Bearer ${key}` } });

    await page.goto(`/companies/${E2E.acme}/user-metrics`);
    await page
      .getByRole("navigation", { name: "Company pages" })
      .getByRole("link", { name: "API keys" })
      .click();
    await expect(page).toHaveURL(new RegExp(`${page_}$`));
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    await expect(page.getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "page");

    const name = `E2E read-only ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    // Read only: the default, and every other scope left unticked.
    const scopes = page.getByRole("group", { name: "Scopes" });
    await expect(scopes.getByRole("checkbox", { name: /metrics:read/ })).toBeChecked();
    for (const other of ["metrics:export", "metrics:refresh", "sessions:write"]) {
      const box = scopes.getByRole("checkbox", { name: new RegExp(other) });
      await expect(box).toBeEnabled(); // an admin may grant every scope
      await expect(box).not.toBeChecked();
    }
    await page.getByLabel("Expires").selectOption("30");
    await page.getByRole("button", { name: "Create key" }).click();

    await expect(page.getByRole("heading", { name: `Key “${name}” created` })).toBeFocused();
    await expect(page.getByText("it will not be shown again")).toBeVisible();
    const key = await page.getByLabel("Your new API key").inputValue();
    expect(key).toMatch(/^um_[0-9A-Za-z]{40,}$/);
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: /Copied|Ctrl\+C/ })).toBeVisible();

    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: new RegExp(name) }) });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("cell", { name: `um_${key.slice(3, 11)}…` })).toBeVisible();
    await expect(row.getByRole("cell", { name: "metrics:read", exact: true })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Never", exact: true })).toBeVisible(); // last used

    await expectAccessible(page);
    await screenshots(page, "api-keys");

    // The key reads the metrics, and is refused what its scope does not cover.
    const list = await machine.get(metrics, asKey(key));
    expect(list.status()).toBe(200);
    expect((await list.json()).count).toBeGreaterThan(0);
    const refresh = await machine.post(`${metrics}refresh/`, asKey(key));
    expect(refresh.status()).toBe(403);
    expect(await refresh.json()).toMatchObject({
      code: "insufficient_scope",
      required_scope: "metrics:refresh",
    });
    expect(refresh.headers()["www-authenticate"]).toBe(
      'Bearer error="insufficient_scope", scope="metrics:refresh"',
    );

    // Escape cancels the dialog and keeps the key.
    await page.getByRole("button", { name: "I have copied it" }).click();
    await expect(page.getByLabel("Your new API key")).toHaveCount(0);
    await page.reload();
    await expect(row.getByRole("cell", { name: /just now|minute/ })).toBeVisible(); // its use above
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke this API key?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await expectAccessible(page);
    await screenshots(page, "api-keys-revoke");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(row).toHaveCount(1);
    expect((await machine.get(metrics, asKey(key))).status()).toBe(200);

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: `Key “${name}” revoked` })).toBeVisible();

    const refused = await machine.get(metrics, asKey(key));
    expect(refused.status()).toBe(401);
    expect((await refused.json()).code).toBe("invalid_token");
    await machine.dispose();
  });
});

test.describe("API keys as a member", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("has no API keys link, and the page refuses", async ({ page, consoleErrors }) => {
    void consoleErrors;
    await signIn(page, "john.doe@acme.test");
    await expect(page.getByRole("heading", { level: 1, name: /User Activity/ })).toBeVisible();
    const tabs = page.getByRole("navigation", { name: "Company pages" });
    await expect(tabs.getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(tabs.getByRole("link", { name: "API keys" })).toHaveCount(0);

    await page.goto(page_);
    await expect(
      page.getByRole("heading", { level: 1, name: "You don't have access to API keys" }),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
    await expect(
      page.getByRole("navigation", { name: "Company pages" }).getByRole("link", { name: "API keys" }),
    ).toHaveCount(0);
    const res = await page.request.get(`/api/v2/companies/${E2E.acme}/api-keys/`);
    expect(res.status()).toBe(403);
    expect((await res.json()).code).toBe("permission_denied");
    await expectAccessible(page);
  });
});
