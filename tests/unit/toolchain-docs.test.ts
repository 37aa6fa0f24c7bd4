/**
 * What the pages say about the Rust toolchain agrees with upstream's rust-toolchain.toml and with itself
 * on every page: the file asks for the undated nightly channel, the one fallback is the same dated
 * nightly everywhere, and every rustup install is followed by loading its environment.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { codeBlocks, root } from "./doc-blocks";

const UPSTREAM = "/work/.mirror/nadeeshafdo+MinimalOS/repo";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.mdx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}
const docs = files(join(root, "docs")).map((f) => ({
  path: relative(root, f),
  text: readFileSync(f, "utf8"),
}));
const flake = readFileSync(join(root, "examples", "nix", "flake.nix"), "utf8");

/** Prose sentences, code blocks removed. */
const sentences = (text: string) =>
  text
    .replace(/```[\s\S]*?```/g, "")
    .replace(/\n/g, " ")
    .split(/(?<=[.!?])\s+/);

describe("the toolchain, as every page tells it", () => {
  test.skipIf(!existsSync(UPSTREAM))(
    "upstream's rust-toolchain.toml asks for the undated nightly channel",
    () => {
      const file = execFileSync("git", ["-C", UPSTREAM, "show", "3833797:rust-toolchain.toml"], {
        encoding: "utf8",
      });
      expect(file).toMatch(/^channel = "nightly"$/m);
    },
  );

  test("no page says the repository pins its nightly", () => {
    const claims = docs.flatMap(({ path, text }) =>
      sentences(text)
        .filter((s) => /rust-toolchain|nightly|toolchain|channel/i.test(s) && /\bpin(s|ned)?\b/i.test(s))
        .filter((s) => !/\b(not|no|nothing)\b/i.test(s) && !/inputs/.test(s))
        .map((s) => `${path}: ${s.trim()}`),
    );
    expect(claims).toEqual([]);
  });

  test("every dated nightly on the site, the flake included, is the same one", () => {
    const dates = new Set(
      [...docs.map((d) => d.text), flake].flatMap((t) =>
        [...t.matchAll(/nightly-?\W?"?(\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]),
      ),
    );
    expect([...dates]).toEqual(["2026-03-06"]);
  });

  test('every rustup install script is followed by . "$HOME/.cargo/env"', () => {
    const blocks = docs.flatMap(({ path, text }) =>
      codeBlocks(text)
        .filter((b) => /sh\.rustup\.rs \| sh|rustup-init/.test(b.code))
        .map((b) => ({ path, code: b.code })),
    );
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(b.code, b.path).toContain('. "$HOME/.cargo/env"');
  });
});
