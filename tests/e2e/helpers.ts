import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The built site: dist/, or DIST_DIR when a test run serves another build (npm run test:base-path). */
export const DIST = process.env.DIST_DIR
  ? resolve(process.env.DIST_DIR)
  : join(import.meta.dirname, "..", "..", "dist");

/** Every built page, as a path relative to the base URL ("", "getting-started/", ...). */
export function listPages(): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "pagefind" && entry.name !== "_astro") walk(full);
      } else if (entry.name.endsWith(".html")) {
        const rel = relative(DIST, full).split(sep).join("/");
        pages.push(rel === "index.html" ? "" : rel.replace(/index\.html$/, ""));
      }
    }
  };
  walk(DIST);
  return pages.sort();
}

export function readPage(path: string): string {
  const file = path === "" || path.endsWith("/") ? `${path}index.html` : path;
  return readFileSync(join(DIST, file), "utf8");
}

/** Fails the test if the page requests anything from a host other than this machine. */
export async function blockOtherHosts(page: Page): Promise<string[]> {
  const outside: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (
      url.protocol === "data:" ||
      url.protocol === "blob:" ||
      ["127.0.0.1", "localhost"].includes(url.hostname)
    ) {
      return route.continue();
    }
    outside.push(url.href);
    return route.abort();
  });
  return outside;
}

/** Collects console errors and uncaught page errors. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/**
 * Runs axe with its default rule set: WCAG 2.x A/AA and axe's best practices (heading order, empty table
 * headers, redundant alt text...), so a page that passes is clean by axe's own standard, not only the WCAG tags.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id}: ${v.help}\n  ${v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 5)
        .join("\n  ")}`,
  );
  expect(summary, summary.join("\n")).toEqual([]);
}

/** Identifiers in the page's tables that a line break splits between two word characters. */
export function splitIdentifiers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const split: string[] = [];
    for (const code of document.querySelectorAll(".sl-markdown-content table code")) {
      const chars: { node: Text; at: number }[] = [];
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (let at = 0; at < (n.textContent ?? "").length; at++) chars.push({ node: n as Text, at });
      }
      const text = chars.map((c) => c.node.data[c.at]).join("");
      let lastTop: number | undefined;
      chars.forEach((c, i) => {
        const range = document.createRange();
        range.setStart(c.node, c.at);
        range.setEnd(c.node, c.at + 1);
        const box = range.getClientRects()[0];
        if (!box || box.width === 0) return;
        if (
          lastTop !== undefined &&
          box.top > lastTop + 2 &&
          /\w/.test(text[i - 1] ?? "") &&
          /\w/.test(text[i] ?? "")
        ) {
          split.push(`${text.slice(0, i)}|${text.slice(i)}`);
        }
        lastTop = box.top;
      });
    }
    return split;
  });
}
