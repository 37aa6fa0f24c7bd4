/**
 * The site under a base path (BASE_PATH=/repo/, as a GitHub project page serves it): run by
 * `npm run test:base-path` against a build made under that base; skipped in the main run at "/".
 */
import { expect, test } from "@playwright/test";

const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");

test.describe("under the base path", () => {
  // The main run (base "/") covers these in navigation, embed, playground and offline specs.
  test.skip(base === "/", "runs in npm run test:base-path, against a build under /repo/");
  test("every sidebar link leads to a page under the base path", async ({ page, request }, info) => {
    test.skip(info.project.name !== "desktop", "the links are the same at any size");
    await page.goto("getting-started/");
    const hrefs = await page
      .locator("#starlight__sidebar a[href]")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const href of new Set(hrefs)) {
      const url = new URL(href);
      if (url.origin !== new URL(page.url()).origin) continue;
      if (!url.pathname.startsWith(base)) wrong.push(`${href}: outside ${base}`);
      else if ((await request.get(href)).status() !== 200) wrong.push(`${href}: not found`);
    }
    expect(wrong).toEqual([]);
    // And a click lands on the page, styled (its CSS came from under the base too).
    await page
      .locator("#starlight__sidebar")
      .getByRole("link", { name: "Syscalls", exact: true })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`${base}reference/syscalls/$`));
    await expect(page.locator("header.header")).toHaveCSS("position", "fixed");
  });

  test("a simulator embed loads its code from under the base path and steps", async ({ page }) => {
    const loaded: string[] = [];
    page.on("request", (r) => {
      if (/\/_astro\/.*\.js$/.test(r.url())) loaded.push(new URL(r.url()).pathname);
    });
    await page.goto("simulator/");
    const embed = page.locator(".sim--embed");
    await embed.scrollIntoViewIfNeeded();
    const step = embed.getByRole("button", { name: "Step", exact: true });
    await expect(step).toBeEnabled();
    await step.click();
    await expect(embed.locator(".sim-tick")).not.toHaveText("0");
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((p) => !p.startsWith(`${base}_astro/`))).toEqual([]);
  });

  test("the playground opens a scenario from its address and runs it", async ({ page }) => {
    await page.goto("simulator/playground/?scenario=hello");
    await expect(page.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("tab", { name: "Console", exact: true }).click();
    await expect(page.getByRole("region", { name: "Serial console, user output" })).toContainText(
      "Hello from ring 3!",
    );
  });

  test.describe("offline", () => {
    test.use({ serviceWorkers: "allow" });
    test("the service worker registers at the base path and controls the pages under it", async ({
      page,
    }) => {
      await page.goto("", { waitUntil: "load" });
      await page.waitForFunction(() => navigator.serviceWorker.controller?.state === "activated", null, {
        timeout: 30_000,
      });
      const registration = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { scope: r?.scope, script: r?.active?.scriptURL };
      });
      const origin = new URL(page.url()).origin;
      expect(registration.scope).toBe(`${origin}${base}`);
      expect(registration.script).toBe(`${origin}${base}sw.js`);
      // A page deeper in the site is served by the worker, with its search index.
      const response = await page.goto("reference/errors/");
      expect(response?.fromServiceWorker()).toBe(true);
      await page.getByRole("button", { name: "Search" }).click();
      await page.locator("#starlight__search input").fill("capability");
      // Pagefind loads its engine and index from under the base first: slow on a busy machine.
      await expect(page.locator(".pagefind-ui__result-link").first()).toHaveAttribute(
        "href",
        new RegExp(`^${base}`),
        { timeout: 15_000 },
      );
    });
  });
});
