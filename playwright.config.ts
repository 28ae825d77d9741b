import { defineConfig } from "@playwright/test";
import { E2E } from "./e2e/config";

const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${E2E.port}`;

/** End-to-end runs in Debian's Chromium against the production build on real PostgreSQL. */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "on-first-retry",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      testIgnore: /auth\.setup\.ts/,
      dependencies: ["setup"],
      use: { viewport: { width: 1280, height: 900 }, storageState: "e2e/.auth/jane.json" },
    },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server e2e/server.ts",
    url: `${baseURL}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
  },
});
