import {
  cpSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { buildServiceWorker } from "../../scripts/service-worker.mjs";
import { collectErrors, DIST, expectNoAxeViolations } from "./helpers";

// These tests serve the site from their own server, so they can take it away (offline) or deploy a new
// build to it, without touching the server the other tests share.
const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

/** Serves `root` under the base path on a free port; resolves to the site's address. */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = path.startsWith(base) ? join(root, normalize(path.slice(base.length))) : "";
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${base}`, server };
}

async function stop(server: Server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Waits until the service worker has precached the site and controls the page. */
async function waitForControl(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === "activated", null, {
    timeout: 30_000,
  });
}

test.describe("offline", () => {
  test.use({ serviceWorkers: "allow" });

  test("after one visit, pages, search and the playground work with no network", async ({
    page,
    context,
  }) => {
    const errors = collectErrors(page);
    const { url, server } = await serve(DIST);
    await page.goto(url, { waitUntil: "load" });
    await waitForControl(page);
    await stop(server);
    await context.setOffline(true);

    for (const path of [
      "getting-started/install/",
      "roadmap/",
      "architecture/memory/",
      "reference/syscalls/",
      "simulator/assembly/",
    ]) {
      const response = await page.goto(url + path);
      expect(response?.fromServiceWorker(), path).toBe(true);
      await expect(page.locator("h1").first(), path).toBeVisible();
      // The page's stylesheet came too: Starlight's layout puts the header in a fixed bar.
      await expect(page.locator("header.header"), path).toHaveCSS("position", "fixed");
    }

    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#starlight__search input").fill("capability");
    const result = page.locator(".pagefind-ui__result-link").first();
    // Pagefind loads its engine and index from the worker's cache first: slow on a busy machine.
    await expect(result).toBeVisible({ timeout: 15_000 });
    await result.click();
    await expect(page.locator("h1").first()).toBeVisible();

    // The playground: its island, the engine and the scenario all come from the worker's cache, and the
    // scenario runs to its output.
    const playground = await page.goto(`${url}simulator/playground/?scenario=hello`);
    expect(playground?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole("button", { name: "Step", exact: true })).toBeEnabled();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByRole("tab", { name: "Console", exact: true }).click();
    await expect(page.getByRole("region", { name: "Serial console, user output" })).toContainText(
      "Hello from ring 3!",
    );
    expect(errors).toEqual([]);
  });

  test("the worker registers only after the page has loaded", async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { registeredWhen?: string[] };
      w.registeredWhen = [];
      const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
      navigator.serviceWorker.register = (...args) => {
        w.registeredWhen?.push(document.readyState);
        return register(...args);
      };
    });
    await page.goto("", { waitUntil: "load" });
    await waitForControl(page);
    const when = await page.evaluate(
      () => (window as unknown as { registeredWhen: string[] }).registeredWhen,
    );
    expect(when).toEqual(["complete"]);
  });

  test("a new build waits until the reader chooses Reload", async ({ page }) => {
    test.setTimeout(90_000);
    const copy = mkdtempSync(join(tmpdir(), "mnos-site-"));
    try {
      cpSync(DIST, copy, { recursive: true });
      const { url, server } = await serve(copy);
      try {
        await page.goto(url, { waitUntil: "load" });
        await waitForControl(page);
        const notice = page.getByRole("status").filter({ hasText: "new version" });
        await expect(notice).toHaveCount(0);

        // Deploy a new build: the landing page's heading changes, and the worker with it.
        const index = join(copy, "index.html");
        writeFileSync(index, readFileSync(index, "utf8").replace("</h1>", " (new build)</h1>"));
        await buildServiceWorker(copy);

        await page.reload();
        await expect(notice).toContainText("A new version of this site is available.");
        // The old build keeps serving this tab until the reader agrees.
        await expect(page.locator("h1").first()).not.toContainText("(new build)");
        await page.reload();
        await expect(page.locator("h1").first()).not.toContainText("(new build)");
        await expect(page.getByRole("button", { name: "Reload" })).toBeVisible();
        await expectNoAxeViolations(page);

        // Keyboard: the notice's buttons come right after the skip link.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        await expect(page.getByRole("button", { name: "Reload" })).toBeFocused();
        await page.keyboard.press("Enter");
        await expect(page.locator("h1").first()).toContainText("(new build)");
        await expect(notice).toHaveCount(0);
      } finally {
        await stop(server);
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test("the web app manifest makes the site installable", async ({
    playwright,
    launchOptions,
    baseURL,
  }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "installability is the same at any size");
    // Chromium never offers to install from an incognito profile, which every test context is.
    const profile = mkdtempSync(join(tmpdir(), "mnos-profile-"));
    const context = await playwright.chromium.launchPersistentContext(profile, launchOptions);
    try {
      const page = await context.newPage();
      await page.goto(baseURL ?? "", { waitUntil: "load" });
      const cdp = await context.newCDPSession(page);
      const { errors, manifest } = (await cdp.send("Page.getAppManifest")) as {
        errors: unknown[];
        manifest?: { name?: string; icons?: { url: string; sizes: string }[] };
      };
      expect(errors).toEqual([]);
      expect(manifest?.name).toBe("MinimalOS NextGen");
      const icons = manifest?.icons ?? [];
      expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
      for (const icon of icons) expect((await page.request.get(icon.url)).status(), icon.url).toBe(200);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      expect(installabilityErrors).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
