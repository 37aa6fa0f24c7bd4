import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { reportCspViolations } from "./csp";
import { DIST, listPages, readPage } from "./helpers";

const base = (process.env.BASE_PATH ?? "/").replace(/\/?$/, "/");

/** The page's <meta> policy as a map from directive to its sources. */
function metaPolicy(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="content-security-policy" content="([^"]+)">/.exec(html)?.[1];
  if (!content) throw new Error("no Content-Security-Policy <meta>");
  return parsePolicy(content);
}

function parsePolicy(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name ?? "", sources]),
  );
}

test.describe("Content-Security-Policy", () => {
  test("every page ships a strict policy before any script", ({ browserName }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "reads files; once is enough");
    void browserName;
    for (const path of listPages()) {
      const html = readPage(path);
      const policy = metaPolicy(html);
      const where = `/${path}`;
      expect(policy.get("default-src"), where).toEqual(["'self'"]);
      expect(policy.get("object-src"), where).toEqual(["'none'"]);
      expect(policy.get("base-uri"), where).toEqual(["'self'"]);
      const scriptSrc = policy.get("script-src") ?? [];
      expect(scriptSrc, where).toContain("'self'");
      expect(scriptSrc, where).not.toContain("'unsafe-inline'");
      expect(scriptSrc, where).not.toContain("'unsafe-eval'");
      for (const name of ["script-src-elem", "script-src-attr"]) expect(policy.has(name), where).toBe(false);
      // A <meta> policy governs only what comes after it, so it must precede every script and style.
      const meta = html.indexOf('<meta http-equiv="content-security-policy"');
      expect(meta, where).toBeLessThan(html.search(/<script|<style|<link rel="stylesheet"/));
    }
  });

  test("_headers adds frame-ancestors for hosts that read it", ({ browserName }, testInfo) => {
    test.skip(testInfo.project.name !== "desktop", "reads files; once is enough");
    void browserName;
    const headers = readFileSync(join(DIST, "_headers"), "utf8");
    const block = headers.split(/\n(?=\S)/).find((b) => b.startsWith(`${base}*\n`));
    const line = block?.split("\n").find((l) => l.trim().startsWith("Content-Security-Policy:"));
    expect(line, "a Content-Security-Policy header for every page").toBeTruthy();
    const header = parsePolicy((line ?? "").replace(/^\s*Content-Security-Policy:/, ""));
    expect(header.get("frame-ancestors")).toEqual(["'none'"]);
    // The header applies to every page (beside its <meta>): it must allow every page's inline code.
    for (const path of listPages()) {
      const page = metaPolicy(readPage(path));
      for (const directive of ["script-src", "style-src", "style-src-attr", "default-src", "object-src"]) {
        for (const source of page.get(directive) ?? []) {
          expect(header.get(directive), `/${path} ${directive} ${source}`).toContain(source);
        }
      }
    }
  });

  test("an injected inline script and event handler are refused", async ({ page }) => {
    const violations: string[] = [];
    await reportCspViolations(page, violations);
    await page.goto("", { waitUntil: "networkidle" });
    expect(violations).toEqual([]);
    const ran = await page.evaluate(async () => {
      const w = window as unknown as Record<string, boolean>;
      const script = document.createElement("script");
      script.textContent = "window.injectedScriptRan = true";
      document.body.append(script);
      const img = document.createElement("img");
      img.setAttribute("onerror", "window.injectedHandlerRan = true");
      img.src = "data:,not-an-image";
      document.body.append(img);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return { script: w.injectedScriptRan === true, handler: w.injectedHandlerRan === true };
    });
    expect(ran).toEqual({ script: false, handler: false });
    await expect.poll(() => violations.join("\n")).toContain("script-src-elem refused inline code");
    expect(violations.join("\n")).toContain("script-src-attr refused inline code");
  });

  test("Starlight's inline theme script runs: a saved light theme is applied", async ({ page }) => {
    const violations: string[] = [];
    await reportCspViolations(page, violations);
    await page.addInitScript(() => localStorage.setItem("starlight-theme", "light"));
    await page.goto("getting-started/", { waitUntil: "networkidle" });
    // The page is rendered dark; only the inline script switches it before first paint.
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    expect(violations).toEqual([]);
  });

  test("search loads and finds pages under the policy", async ({ page }) => {
    const violations: string[] = [];
    await reportCspViolations(page, violations);
    await page.goto("", { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator("#starlight__search input").fill("capability");
    await expect(page.locator(".pagefind-ui__result").first()).toBeVisible();
    expect(violations).toEqual([]);
  });
});
