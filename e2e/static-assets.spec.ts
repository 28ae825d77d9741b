import { expect, test } from "./fixtures";

test.use({ storageState: { cookies: [], origins: [] } });

test("the production server sends the page's scripts and styles brotli-compressed and immutable", async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  const assets: { url: string; headers: Record<string, string> }[] = [];
  page.on("response", async (response) => {
    if (new URL(response.url()).pathname.startsWith("/_next/static/"))
      assets.push({ url: response.url(), headers: await response.allHeaders() });
  });
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.waitForLoadState("load");
  const scripts = assets.filter((a) => a.url.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(3);
  for (const { url, headers } of scripts)
    expect([
      url,
      headers["content-encoding"],
      headers["cache-control"],
      headers["x-content-type-options"],
    ]).toEqual([url, "br", "public, max-age=31536000, immutable", "nosniff"]);
});

test("/favicon.ico, which browsers ask for when a page shows no icon link, is the app's icon", async ({
  request,
}) => {
  const moved = await request.get("/favicon.ico", { maxRedirects: 0 });
  expect(moved.status()).toBe(308);
  expect(moved.headers().location).toBe("/icon.svg");
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
});
