import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { inlineHashes, policy, withPolicy } from "../../scripts/csp.mjs";

/** The hash a browser computes for an inline element's body, in CSP source syntax. */
const hashOf = (body: string) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`;

const script = "\n  document.documentElement.dataset.theme = 'dark';\n";
const moduleScript = "import('./x.js');";
const style = "p{color:red}";
const data = '{"machine":"0a1b2c","note":"<\\/script> never runs"}';

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<script>${script}</script>
<style>${style}</style>
</head><body>
<script type="application/json" id="boot">${data}</script>
<script type="application/ld+json">{"@type":"WebSite"}</script>
<script type="module">${moduleScript}</script>
<script type="module" src="/_astro/page.js"></script>
</body></html>`;

describe("inlineHashes", () => {
  test("hashes every inline script a browser runs, classic and module, byte for byte", () => {
    expect(inlineHashes(page).scripts).toEqual([hashOf(script), hashOf(moduleScript)].sort());
  });

  test("leaves out JSON data blocks, which a browser never runs, and scripts loaded by src", () => {
    const { scripts } = inlineHashes(page);
    expect(scripts).not.toContain(hashOf(data));
    expect(scripts).not.toContain(hashOf('{"@type":"WebSite"}'));
    expect(scripts).not.toContain(hashOf(""));
    expect(scripts).toHaveLength(2);
  });

  test("hashes inline styles", () => {
    expect(inlineHashes(page).styles).toEqual([hashOf(style)]);
  });

  test("places the policy right after <meta charset>, before the first script", () => {
    const { insertAt } = inlineHashes(page);
    expect(page.slice(0, insertAt)).toMatch(/<meta charset="utf-8">$/);
    expect(insertAt).toBeLessThan(page.indexOf("<script>"));
  });
});

describe("withPolicy", () => {
  test("writes a policy that allows this page's inline script and style and no unsafe-inline script", () => {
    const { html } = withPolicy(page);
    const content = /<meta http-equiv="content-security-policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
    expect(content).toBe(policy(inlineHashes(page)));
    const scriptSrc = content.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
    expect(scriptSrc).toContain(hashOf(script));
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(content).toContain(`style-src 'self' ${hashOf(style)}`);
    expect(html.indexOf("content-security-policy")).toBeLessThan(html.indexOf("<script"));
  });
});
