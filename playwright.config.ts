import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// E2E_PORT lets several checkouts run their browser tests at once without sharing a server.
const port = Number(process.env.E2E_PORT ?? 4322);
const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");

/** The browser: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p): p is string => Boolean(p && existsSync(p)));
}

const launchOptions = {
  executablePath: chromiumPath(),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

const TIMING = /timing\.spec\.ts$/;
const desktop = { viewport: { width: 1280, height: 900 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: { baseURL: `http://127.0.0.1:${port}${base}`, launchOptions },
  // Tests that measure wall-clock time (timing.spec.ts) run last, alone: their projects wait for the others.
  projects: [
    { name: "desktop", testIgnore: TIMING, use: desktop },
    { name: "phone", testIgnore: TIMING, use: phone },
    { name: "desktop-timing", testMatch: TIMING, dependencies: ["desktop", "phone"], use: desktop },
    // After desktop-timing, not beside it: on a 2-core machine two timed pages would stretch each other's tasks.
    { name: "phone-timing", testMatch: TIMING, dependencies: ["desktop-timing"], use: phone },
  ],
  webServer: {
    command: `node scripts/serve-dist.mjs ${port}`,
    url: `http://127.0.0.1:${port}${base}`,
    reuseExistingServer: !process.env.CI,
  },
});
