/**
 * Commands are right for the host they are shown for: FreeBSD's base system has no `sudo`, so nothing a
 * FreeBSD reader is told to type starts with it; Homebrew's rustup is keg-only, so the macOS tab puts it on
 * the PATH.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { codeBlocks, root, tabItems } from "./doc-blocks";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.mdx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
const docs = files(join(root, "docs")).map((f) => ({
  path: relative(root, f),
  text: readFileSync(f, "utf8"),
}));
const gettingStarted = docs.filter((d) => d.path.startsWith("docs/getting-started/"));

/** Every command a piece of MDX shows: each line of its code blocks and each inline `code` span. */
function commands(mdx: string): string[] {
  const blocks = codeBlocks(mdx).flatMap((b) => b.code.split("\n"));
  const inline = [...mdx.replace(/```[\s\S]*?```/g, "").matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? "");
  return [...blocks, ...inline].map((c) => c.trim());
}

/** FreeBSD's own tools, which only a FreeBSD reader types. */
const FREEBSD_ONLY = /^(sudo\s+)?(pkg|gmake|geom|doas)\b/;

describe("FreeBSD: the base system has no sudo", () => {
  test("no FreeBSD tab on any page shows a command starting with sudo", () => {
    const wrong = docs.flatMap(({ path, text }) =>
      tabItems(text)
        .filter((t) => t.label === "FreeBSD")
        .flatMap((t) => commands(t.body).filter((c) => /^sudo\s+\S/.test(c)))
        .map((c) => `${path}: ${c}`),
    );
    expect(wrong).toEqual([]);
  });

  test("the FreeBSD tabs exist where the pages give host commands", () => {
    for (const page of ["install.mdx", "build-and-run.mdx", "real-hardware.mdx"]) {
      const text = gettingStarted.find((d) => d.path.endsWith(page))?.text ?? "";
      expect(
        tabItems(text).some((t) => t.label === "FreeBSD"),
        page,
      ).toBe(true);
    }
  });

  test("no page puts sudo before pkg, gmake or geom, in a tab or not", () => {
    const wrong = docs.flatMap(({ path, text }) =>
      commands(text)
        .filter((c) => FREEBSD_ONLY.test(c) && /^sudo\b/.test(c))
        .map((c) => `${path}: ${c}`),
    );
    expect(wrong).toEqual([]);
  });

  test("a FreeBSD tab that installs packages says how to become root", () => {
    const tabs = gettingStarted.flatMap(({ path, text }) =>
      tabItems(text)
        .filter((t) => t.label === "FreeBSD" && /\bpkg install\b/.test(t.body))
        .map((t) => ({ path, body: t.body })),
    );
    expect(tabs.length).toBeGreaterThan(0);
    for (const t of tabs) expect(t.body, t.path).toMatch(/as root|`su -`|`doas`/);
  });

  test("a sudo block outside the host tabs tells FreeBSD readers to run it as root", () => {
    // A block shown for every host (real hardware's dd) is Linux's; the text before it must cover FreeBSD.
    const missing: string[] = [];
    for (const { path, text } of gettingStarted) {
      const tabs = tabItems(text);
      for (const m of text.matchAll(/^[ \t]*```\w*[^\n]*\n([\s\S]*?)^[ \t]*```/gm)) {
        const at = m.index ?? 0;
        if (!/^\s*sudo\b/m.test(m[1] ?? "") || tabs.some((t) => t.start < at && at < t.end)) continue;
        const before = text.slice(Math.max(0, at - 600), at);
        if (!/FreeBSD[^.]*\bas root\b/.test(before)) missing.push(`${path}: ${(m[1] ?? "").trim()}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("macOS: Homebrew's rustup is keg-only", () => {
  test("every block that installs rustup with Homebrew puts $(brew --prefix rustup)/bin on the PATH after it", () => {
    const blocks = docs.flatMap(({ path, text }) =>
      codeBlocks(text)
        .filter((b) => /^brew install\b.*\brustup\b/m.test(b.code))
        .map((b) => ({ path, lines: b.code.split("\n").map((l) => l.trim()) })),
    );
    expect(blocks.length).toBeGreaterThan(0);
    for (const { path, lines } of blocks) {
      const install = lines.findIndex((l) => /^brew install\b.*\brustup\b/.test(l));
      const export_ = lines.indexOf('export PATH="$(brew --prefix rustup)/bin:$PATH"');
      expect(export_, `${path}: the PATH line`).toBeGreaterThan(install);
    }
  });

  test("the macOS Rust tab says to keep the PATH line for new shells", () => {
    const install = gettingStarted.find((d) => d.path.endsWith("install.mdx"))?.text ?? "";
    const rust = install.slice(install.indexOf("## 2. Rust"), install.indexOf("### Which nightly"));
    const mac = tabItems(rust).find((t) => t.label === "macOS");
    expect(mac?.body).toContain("brew install rustup");
    expect(mac?.body).toMatch(/~\/\.zshrc/);
  });
});
