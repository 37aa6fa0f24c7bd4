import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

// The kernel contributing page quotes upstream's rules; this checks each quote against upstream's own text.
const MIRROR = process.env.UPSTREAM_GIT_DIR ?? "/work/.mirror/nadeeshafdo+MinimalOS/repo";
const COMMIT = "3833797";
const page = readFileSync(
  join(import.meta.dirname, "..", "..", "docs", "contributing", "kernel.mdx"),
  "utf8",
);
const hasMirror = existsSync(MIRROR);
if (!hasMirror) console.log(`kernel contributing checks skipped: no upstream git directory at ${MIRROR}`);

const git = (...args: string[]) => execFileSync("git", ["-C", MIRROR, ...args], { encoding: "utf8" });

/** Text as a reader of an HTML page sees it: no tags, entities decoded, one space between words. */
const htmlText = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&amp;", "&")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replace(/\s+/g, " ");

/** The section of the page that states upstream's rules. */
const rules = page.slice(
  page.indexOf("## Upstream's own rules"),
  page.indexOf("\n## ", page.indexOf("## Upstream's own rules") + 1),
);

describe.skipIf(!hasMirror)("the kernel contributing page states upstream's rules as upstream does", () => {
  test("every quoted rule is upstream's wording in docs/roadmap.html", () => {
    const upstream = htmlText(git("show", `${COMMIT}:docs/roadmap.html`));
    const quotes = [...rules.matchAll(/(?<!=)"([^"]{8,})"/g)].map((m) => (m[1] ?? "").replaceAll("`", ""));
    expect(quotes.length).toBeGreaterThanOrEqual(10);
    const notUpstream = quotes.filter((q) => !upstream.includes(q));
    expect(notUpstream).toEqual([]);
  });

  test("upstream has no licence, README or CONTRIBUTING file, as the page says", () => {
    const files = git("ls-tree", "-r", "--name-only", COMMIT).split("\n");
    const named = (re: RegExp) => files.filter((f) => re.test(f.split("/").at(-1) ?? ""));
    expect(named(/^(LICEN[CS]E|COPYING)/i)).toEqual([]);
    expect(named(/^README/i)).toEqual([]);
    expect(named(/^CONTRIBUTING/i)).toEqual([]);
    expect(rules).toMatch(/no `LICENSE` or `COPYING` file/);
  });

  test("no Cargo.toml sets a licence, and the workspace's repository field is the placeholder quoted", () => {
    const manifests = git("ls-tree", "-r", "--name-only", COMMIT)
      .split("\n")
      .filter((f) => f.endsWith("Cargo.toml"));
    expect(manifests.length).toBeGreaterThan(1);
    for (const m of manifests) expect(git("show", `${COMMIT}:${m}`)).not.toMatch(/^\s*license(-file)?\s*=/m);
    const placeholder = /^repository = "([^"]+)"/m.exec(git("show", `${COMMIT}:Cargo.toml`))?.[1];
    expect(placeholder).toBeDefined();
    expect(rules).toContain(`\`${placeholder}\``);
  });

  test("the CI steps named are the ones upstream's build workflow runs on pull requests", () => {
    const workflow = git("show", `${COMMIT}:.github/workflows/build.yml`);
    expect(workflow).toMatch(/pull_request:\s*\n\s*branches: \[main\]/);
    for (const step of ["make", "make release", "make iso-release"]) {
      expect(workflow).toMatch(new RegExp(`run: ${step}\\s*$`, "m"));
      expect(rules).toContain(`\`${step}\``);
    }
  });
});
