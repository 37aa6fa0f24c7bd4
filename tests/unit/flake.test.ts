import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const flakePath = join(import.meta.dirname, "..", "..", "examples", "nix", "flake.nix");
const flake = readFileSync(flakePath, "utf8");

function hasNixInstantiate(): boolean {
  try {
    execFileSync("nix-instantiate", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const nix = hasNixInstantiate();
if (!nix) console.log("flake.nix parse check skipped: nix-instantiate is not installed on this machine");

describe("the Nix flake dev shell", () => {
  test("provides the toolchain the kernel's rust-toolchain.toml asks for", () => {
    expect(flake).toMatch(/selectLatestNightlyWith/);
    expect(flake).toContain('"rust-src"');
    expect(flake).toContain('"llvm-tools"');
    expect(flake).toContain('"x86_64-unknown-none"');
    expect(flake).toContain('"wasm32-unknown-unknown"');
  });

  test("provides QEMU, OVMF, xorriso, make and a C compiler for the Limine CLI", () => {
    for (const pkg of ["pkgs.qemu", "pkgs.OVMF", "pkgs.xorriso", "pkgs.gnumake", "pkgs.gcc"]) {
      expect(flake).toContain(pkg);
    }
  });

  test("has balanced braces, brackets and parentheses", () => {
    const stack: string[] = [];
    const pairs: Record<string, string> = { "}": "{", "]": "[", ")": "(" };
    const code = flake.replace(/#.*$/gm, "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const ch of code) {
      if ("{[(".includes(ch)) stack.push(ch);
      else if (ch in pairs) expect(stack.pop()).toBe(pairs[ch]);
    }
    expect(stack).toEqual([]);
  });

  test.skipIf(!nix)("parses with nix-instantiate", () => {
    expect(() => execFileSync("nix-instantiate", ["--parse", flakePath], { stdio: "pipe" })).not.toThrow();
  });
});
