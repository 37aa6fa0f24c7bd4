import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { indefiniteArticle } from "../../src/components/site/articles";
import { siteRepository } from "../../src/components/site/repository";
import { reportCspViolations } from "./csp";
import { blockOtherHosts, collectErrors, expectNoAxeViolations, listPages, readPage } from "./helpers";

const ROOT = join(import.meta.dirname, "..", "..");

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
  test(`/${path} loads cleanly, stays on this host, fits the screen and passes axe`, async ({
    page,
  }, testInfo) => {
    const outside = await blockOtherHosts(page);
    const errors = collectErrors(page);
    await reportCspViolations(page, errors);
    const response = await page.goto(path, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.locator("h1").first()).toBeVisible();
    expect(errors, "console or page errors").toEqual([]);
    expect(outside, "requests to other hosts").toEqual([]);
    if (testInfo.project.name === "phone") {
      // Nothing may make the page scroll sideways on a 390 px phone (wide content scrolls in its own box).
      // A phone widens innerWidth to fit content that overflows, so compare with the screen's own width.
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        screen: document.documentElement.clientWidth,
      }));
      expect(widths.screen).toBe(page.viewportSize()?.width);
      expect(widths.page, "page width on a phone").toBeLessThanOrEqual(widths.screen);
      expect(widths.inner, "layout width on a phone").toBeLessThanOrEqual(widths.screen);
    }
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

/** A page's text as a reader reads it: no code blocks, scripts or styles; block ends become spaces. */
function readableText(html: string): string {
  return (
    html
      .replace(/<(script|style|pre|svg|template|textarea)\b[\s\S]*?<\/\1>/gi, " ")
      .replace(/<\/?(p|li|td|th|div|br|h\d|tr|dt|dd|section|ul|ol|table|caption|aside|nav)\b[^>]*>/gi, " ")
      // A tag ends at the first ">" outside quotes: an island's props attribute holds code with ">" in it.
      .replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, "")
      .replaceAll("&nbsp;", " ")
      .replaceAll("&amp;", "&")
  );
}

test("every page says 'a' or 'an' as the next word sounds ('an Endpoint', 'a user')", ({
  browserName,
}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "reads files; once is enough");
  void browserName;
  const wrong: string[] = [];
  for (const p of pages) {
    for (const m of readableText(readPage(p)).matchAll(/(?<![\w'’-])([Aa]n?)\s+([\p{L}\p{N}][\w.-]*)/gu)) {
      const [phrase, article = "", word = ""] = m;
      // Capitals and numbers can be read either way (a FIFO, an MSR); only words are checked.
      if (/^(\d|[A-Z]{2})/.test(word)) continue;
      if (indefiniteArticle(word) !== article.toLowerCase()) wrong.push(`/${p}: "${phrase}"`);
    }
  }
  expect(wrong).toEqual([]);
});

test("every heading on a page is in its 'On this page' list, in page order", ({ browserName }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "reads files; once is enough");
  void browserName;
  const missing: string[] = [];
  let checked = 0;
  for (const p of pages) {
    const html = readPage(p);
    const toc = /<starlight-toc\b[\s\S]*?<\/starlight-toc>/.exec(html)?.[0];
    if (!toc) continue; // splash and 404 pages have none
    const start = html.indexOf('class="sl-markdown-content');
    const content = html.slice(start, html.indexOf("</main>", start));
    const headings = [...content.matchAll(/<h([23])\b[^>]*\sid="([^"]+)"/g)].map((m) => m[2] ?? "");
    const listed = [...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1] ?? "").filter((id) => id !== "_top");
    if (headings.join(" ") !== listed.join(" ")) {
      missing.push(`/${p}\n    page: ${headings.join(" ")}\n    list: ${listed.join(" ")}`);
    }
    checked += headings.length;
  }
  expect(checked).toBeGreaterThan(50);
  expect(missing, missing.join("\n")).toEqual([]);
});

test("no page repeats a heading under the same parent (two sections that read as one)", ({
  browserName,
}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "reads files; once is enough");
  void browserName;
  const repeated: string[] = [];
  for (const p of pages) {
    const html = readPage(p);
    const start = html.indexOf('class="sl-markdown-content');
    if (start < 0) continue;
    const content = html.slice(start, html.indexOf("</main>", start));
    // The headings above the current one, by level; a sibling shares the same parents.
    const parents: string[] = [];
    const seen = new Set<string>();
    for (const m of content.matchAll(/<h([2-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)) {
      const depth = Number(m[1]);
      const text = (m[2] ?? "")
        .replace(/<[^>]+>/g, "")
        .replace(/\s+/g, " ")
        .trim();
      parents.length = depth - 2;
      const key = `${parents.join(" > ")} > ${text}`;
      if (seen.has(key)) repeated.push(`/${p}: "${text}"`);
      seen.add(key);
      parents[depth - 2] = text;
    }
  }
  expect(repeated).toEqual([]);
});

test("edit links go to this site's repository, or nowhere when the build names none", ({
  browserName,
}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "reads files; once is enough");
  void browserName;
  const repo = siteRepository();
  const problems: string[] = [];
  for (const p of pages) {
    const html = readPage(p);
    for (const m of html.matchAll(/<a href="([^"]+)"[^>]*>(?:(?!<\/a>)[\s\S])*Edit page/g)) {
      const href = m[1]?.replaceAll("&amp;", "&") ?? "";
      if (!repo?.editBase) problems.push(`/${p}: edit link ${href} although the build names no repository`);
      else if (!href.startsWith(repo.editBase)) problems.push(`/${p}: ${href} is not in ${repo.url}`);
      // The link must lead to this page's own source file, which must exist here.
      else if (!existsSync(join(ROOT, href.slice(repo.editBase.length))))
        problems.push(`/${p}: ${href} edits no file`);
    }
    // The address the old config invented, which does not exist.
    if (html.includes("github.com/nadeeshafdo/minimalos-site")) problems.push(`/${p}: links minimalos-site`);
  }
  expect(problems).toEqual([]);
  if (!repo) {
    // Without a repository the simulator page still says how to get the source, without a link.
    const run = readPage("simulator/");
    expect(run).toContain('data-site-repo="unset"');
    expect(run).not.toMatch(/git clone/);
  }
});
