import { expect, test } from "@playwright/test";
import { reportCspViolations } from "./csp";
import { blockOtherHosts, collectErrors, expectNoAxeViolations, listPages, readPage } from "./helpers";

const pages = listPages();

test("the build produced the main sections", () => {
  for (const section of [
    "",
    "getting-started/",
    "roadmap/",
    "architecture/",
    "reference/",
    "contributing/",
  ]) {
    expect(pages).toContain(section);
  }
});

for (const path of pages) {
  test(`/${path} loads cleanly, stays on this host and passes axe`, async ({ page }) => {
    const outside = await blockOtherHosts(page);
    const errors = collectErrors(page);
    await reportCspViolations(page, errors);
    const response = await page.goto(path, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.locator("h1").first()).toBeVisible();
    expect(errors, "console or page errors").toEqual([]);
    expect(outside, "requests to other hosts").toEqual([]);
    await expectNoAxeViolations(page);
  });
}

test("a missing page answers 404 with a way back home", async ({ page }) => {
  const response = await page.goto("no-such-page/");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("404");
  await page.getByRole("link", { name: "the home page" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("MinimalOS");
});

test("every internal link and #fragment resolves", ({ browserName }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the link check reads files; once is enough");
  void browserName;
  const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");
  const ids = new Map<string, Set<string>>();
  const html = new Map<string, string>();
  for (const p of pages) {
    const text = readPage(p);
    html.set(p, text);
    ids.set(p, new Set([...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? "")));
  }
  const broken: string[] = [];
  for (const [p, text] of html) {
    const here = new URL(`http://site${base}${p}`);
    for (const m of text.matchAll(/<a\s[^>]*href="([^"]+)"/g)) {
      const href = (m[1] ?? "").replaceAll("&amp;", "&");
      const target = new URL(href, here);
      if (target.host !== "site") continue;
      if (!target.pathname.startsWith(base)) {
        broken.push(`/${p} -> ${href} (outside the base path)`);
        continue;
      }
      let targetPage = decodeURIComponent(target.pathname.slice(base.length));
      if (targetPage.endsWith("index.html")) targetPage = targetPage.slice(0, -"index.html".length);
      if (/\.(xml|png|svg|txt|json)$/.test(targetPage)) continue;
      const targetIds = ids.get(targetPage);
      if (!targetIds) {
        broken.push(`/${p} -> ${href} (no such page)`);
        continue;
      }
      const fragment = decodeURIComponent(target.hash.slice(1));
      if (fragment && fragment !== "_top" && !targetIds.has(fragment))
        broken.push(`/${p} -> ${href} (no #${fragment})`);
    }
  }
  expect(broken).toEqual([]);
});
