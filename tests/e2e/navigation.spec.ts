import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import yaml from "js-yaml";
import { listPages } from "./helpers";

const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");
const DOCS = join(import.meta.dirname, "..", "..", "docs");

/** Pages a reader can land on: every built page but the 404 page. */
const pages = listPages().filter((p) => p !== "404.html");

interface DocsPage {
  path: string;
  section: string;
  order: number;
}

/** Every page of the docs collection, with the `sidebar.order` its front matter sets. */
function docsPages(): DocsPage[] {
  const found: DocsPage[] = [];
  for (const section of readdirSync(DOCS, { withFileTypes: true })) {
    if (!section.isDirectory()) continue;
    for (const file of readdirSync(join(DOCS, section.name))) {
      if (!/^[^_].*\.mdx?$/.test(file)) continue;
      const text = readFileSync(join(DOCS, section.name, file), "utf8");
      const front = yaml.load(text.split(/^---$/m)[1] ?? "") as { sidebar?: { order?: number } };
      const name = file.replace(/\.mdx?$/, "");
      found.push({
        path: `${section.name}/${name === "index" ? "" : `${name}/`}`,
        section: section.name,
        order: front.sidebar?.order ?? Number.MAX_VALUE,
      });
    }
  }
  return found;
}

/** A link's target as a page path relative to the base ("architecture/boot/"), or null if off-site. */
function pagePath(href: string, from: string): string | null {
  const url = new URL(href, from);
  if (url.origin !== new URL(from).origin || !url.pathname.startsWith(base)) return null;
  return decodeURIComponent(url.pathname.slice(base.length));
}

/** The sidebar's links in reading order, with which one is marked current and whether each is shown. */
async function sidebarLinks(page: Page) {
  const links = await page.locator("#starlight__sidebar a[href]").evaluateAll((as) =>
    as.map((a) => ({
      href: (a as HTMLAnchorElement).href,
      current: a.getAttribute("aria-current"),
      visible: a.checkVisibility(),
    })),
  );
  return links
    .map((l) => ({ ...l, path: pagePath(l.href, page.url()) }))
    .filter((l): l is typeof l & { path: string } => l.path !== null);
}

const docs = docsPages();
const docsPaths = new Set(docs.map((d) => d.path));
const sidebarPages = pages.filter((p) => p !== "");

test("the built site has the pages this walk expects", () => {
  expect(pages.length).toBeGreaterThan(30);
  for (const d of docs) expect(pages).toContain(d.path);
});

test("the home page links to sections that carry the sidebar", async ({ page }) => {
  await page.goto("");
  const targets = await page
    .locator("main a[href]")
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  const paths = targets.map((t) => pagePath(t, page.url()));
  expect(paths).toContain("getting-started/");
});

for (const path of sidebarPages) {
  test(`/${path}: the sidebar links every page, marks this one, and Previous/Next follow it`, async ({
    page,
  }, testInfo) => {
    await page.goto(path);
    const phone = testInfo.project.name === "phone";

    if (phone) {
      // On a phone the sidebar sits behind the menu button.
      const menu = page.getByRole("button", { name: "Menu" });
      await expect(menu).toBeVisible();
      expect((await sidebarLinks(page)).some((l) => l.visible)).toBe(false);
      await menu.click();
      await expect(page.locator("#starlight__sidebar")).toBeVisible();
    }

    const links = await sidebarLinks(page);
    const shown = links.filter((l) => l.visible);
    expect(shown.length, "sidebar links shown").toBe(links.length);

    const linked = new Set(links.map((l) => l.path));
    const missing = sidebarPages.filter((p) => !linked.has(p));
    expect(missing, "pages the sidebar does not link").toEqual([]);

    const current = links.filter((l) => l.current === "page").map((l) => l.path);
    expect(current, 'links marked aria-current="page"').toEqual([path]);

    // The site title leads home from every page.
    const home = await page.locator("a.site-title").getAttribute("href");
    expect(pagePath(home ?? "", page.url())).toBe("");

    if (phone) return;

    // Sidebar groups follow each page's `sidebar.order`.
    const sidebarOrder = links.map((l) => l.path);
    for (const section of new Set(docs.map((d) => d.section))) {
      const expected = docs
        .filter((d) => d.section === section)
        .sort((a, b) => a.order - b.order)
        .map((d) => d.path);
      const actual = sidebarOrder.filter((p) => expected.includes(p));
      expect(actual, `order of the ${section} group`).toEqual(expected);
    }

    // Previous/Next walk the sidebar in reading order.
    const i = sidebarOrder.indexOf(path);
    const rel = async (r: "prev" | "next") => {
      const a = page.locator(`.pagination-links a[rel="${r}"]`);
      return (await a.count()) ? pagePath((await a.getAttribute("href")) ?? "", page.url()) : undefined;
    };
    const [prev, next] = [await rel("prev"), await rel("next")];
    const [before, after] = [sidebarOrder[i - 1], sidebarOrder[i + 1]];
    if (docsPaths.has(path)) {
      expect(prev, "Previous").toBe(before);
      expect(next, "Next").toBe(after);
    } else {
      // Generated pages (the sprints) may leave a link out, but never point elsewhere.
      if (prev !== undefined) expect(prev, "Previous").toBe(before);
      if (next !== undefined) expect(next, "Next").toBe(after);
    }
  });
}
