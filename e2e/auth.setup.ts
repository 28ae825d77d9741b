import { expect, test } from "@playwright/test";
import { E2E } from "./config";

/** Signs Jane (admin of Acme, one company) in once; the other specs start from her session. */
test("sign in as jane.smith@acme.test", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("jane.smith@acme.test");
  await page.getByLabel("Password").fill(E2E.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // One company: straight to its dashboard.
  await expect(page).toHaveURL(new RegExp(`/companies/${E2E.acme}/user-metrics`));
  await expect(page.getByRole("heading", { level: 1, name: /User Activity \(\d+ users\)/ })).toBeVisible();
  await page.context().storageState({ path: "e2e/.auth/jane.json" });
});
