/**
 * The Nix flake shown on the install page: what it provides, that it evaluates on every system it lists
 * (Linux and macOS), and that the page's instructions for it are the ones Nix needs. Nix itself is used
 * where it is installed (Debian: apt-get install nix-bin); each test that needs it says so when skipped.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { codeBlocks, page, root, section, tab } from "./doc-blocks";

const flakePath = join(root, "examples", "nix", "flake.nix");
const flake = readFileSync(flakePath, "utf8");
const install = page("getting-started/install.mdx");
const OVERLAY = "/work/.mirror/oxalica+rust-overlay/repo";
const UPSTREAM = "/work/.mirror/nadeeshafdo+MinimalOS/repo";

const nix = spawnSync("nix-instantiate", ["--version"]).status === 0;
if (!nix) console.log("flake evaluation skipped: nix-instantiate is not installed (apt-get install nix-bin)");

/** The dated nightly the install page tells readers to fall back to. */
const fallback = section(install, "Which nightly").match(/rustup override set (nightly-(\d{4}-\d{2}-\d{2}))/);
const fallbackDate = fallback?.[2] ?? "";

/** What upstream's rust-toolchain.toml lists, from the mirror when it is here. */
function toolchainFile(): { components: string[]; targets: string[] } {
  const text = existsSync(UPSTREAM)
    ? execFileSync("git", ["-C", UPSTREAM, "show", "3833797:rust-toolchain.toml"], { encoding: "utf8" })
    : '[toolchain]\ncomponents = ["rust-src", "llvm-tools"]\ntargets = ["x86_64-unknown-none", "wasm32-unknown-unknown"]';
  const list = (key: string) =>
    [...(text.match(new RegExp(`^${key} = \\[(.*)\\]`, "m"))?.[1] ?? "").matchAll(/"([^"]+)"/g)].map(
      (m) => m[1] ?? "",
    );
  return { components: list("components"), targets: list("targets") };
}

/**
 * Stand-ins for the flake's two inputs, just enough to evaluate its shell for one system: nixpkgs with
 * the packages the flake names (pkgs.OVMF refuses darwin, as nixpkgs' meta.broken does), and a
 * rust-overlay that knows only the page's fallback nightly.
 */
function stubs(dir: string) {
  mkdirSync(join(dir, "nixpkgs"), { recursive: true });
  writeFileSync(
    join(dir, "nixpkgs", "default.nix"),
    `{ system ? "x86_64-linux", overlays ? [ ] }:
let
  lib = {
    genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
    optionals = c: l: if c then l else [ ];
    optionalString = c: s: if c then s else "";
  };
  isDarwin = builtins.match ".*-darwin" system != null;
  base = {
    inherit lib system;
    stdenv = { isLinux = !isDarwin; isDarwin = isDarwin; hostPlatform = { inherit system; }; };
    mkShell = args: args;
    qemu = "/nix/store/stub-qemu-" + system;
    xorriso = "xorriso"; gnumake = "gnumake"; git = "git"; gcc = "gcc";
    OVMF = if isDarwin then throw "OVMF is marked broken on " + system else { fd = "/nix/store/stub-ovmf-fd"; };
  };
  pkgs = builtins.foldl' (acc: o: acc // o pkgs acc) base overlays;
in pkgs
`,
  );
  writeFileSync(
    join(dir, "rust-overlay.nix"),
    `{ overlays.default = final: prev: {
    rust-bin.nightly."${fallbackDate}".default.override = args: { nightly = "${fallbackDate}"; inherit (args) extensions targets; };
  }; }`,
  );
}

function evaluate(system: string): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), "gs-flake-"));
  stubs(dir);
  const expr = `let
    nixpkgs = { outPath = ${dir}/nixpkgs; lib = (import ${dir}/nixpkgs { }).lib; };
    out = (import ${flakePath}).outputs { self = { }; inherit nixpkgs; rust-overlay = import ${dir}/rust-overlay.nix; };
    shell = out.devShells."${system}".default;
  in { inherit (shell) OVMF_CODE OVMF_VARS packages; }`;
  const r = spawnSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", expr], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe("the Nix flake on the install page", () => {
  test("names the inputs by fixed revision, since the repository ships no flake.lock", () => {
    expect(existsSync(join(root, "examples", "nix", "flake.lock"))).toBe(false);
    expect(flake).toMatch(/nixpkgs\.url = "github:NixOS\/nixpkgs\/[0-9a-f]{40}"/);
    expect(flake).toMatch(/url = "github:oxalica\/rust-overlay\/[0-9a-f]{40}"/);
    // So the page may not speak of a lock file it does not have, and says who writes it.
    const nixText = section(install, "A development shell with Nix") + tab(install, "Nix");
    expect(nixText).not.toMatch(/pinned by its `?flake\.lock/);
    expect(nixText).toMatch(/writes (one|`flake\.lock`)/);
  });

  test("uses the dated nightly the page names, with what rust-toolchain.toml asks for", () => {
    expect(fallbackDate).toMatch(/^2026-03-06$/);
    expect(flake).toContain(`rust-bin.nightly."${fallbackDate}"`);
    const { components, targets } = toolchainFile();
    for (const c of components) expect(flake).toContain(`"${c}"`);
    for (const t of targets) expect(flake).toContain(`"${t}"`);
  });

  test.skipIf(!existsSync(OVERLAY))(
    "the pinned rust-overlay revision has that nightly, with rust-src and llvm-tools",
    () => {
      const rev = flake.match(/rust-overlay\/([0-9a-f]{40})/)?.[1] ?? "";
      const [y] = fallbackDate.split("-");
      const manifest = execFileSync(
        "git",
        ["-C", OVERLAY, "show", `${rev}:manifests/nightly/${y}/${fallbackDate}.nix`],
        {
          encoding: "utf8",
        },
      );
      expect(manifest).toContain("rust-src=");
      expect(manifest).toContain("llvm-tools-preview=");
    },
  );

  test.skipIf(!nix)("parses with nix-instantiate", () => {
    expect(() => execFileSync("nix-instantiate", ["--parse", flakePath], { stdio: "pipe" })).not.toThrow();
  });

  for (const system of ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin"]) {
    test.skipIf(!nix)(
      `its shell evaluates on ${system}, with QEMU's split firmware as OVMF_CODE and OVMF_VARS`,
      () => {
        expect(flake).toContain(`"${system}"`);
        const shell = evaluate(system);
        expect(shell.OVMF_CODE).toBe(`/nix/store/stub-qemu-${system}/share/qemu/edk2-x86_64-code.fd`);
        expect(shell.OVMF_VARS).toBe(`/nix/store/stub-qemu-${system}/share/qemu/edk2-i386-vars.fd`);
        expect(shell.packages).toEqual(
          expect.arrayContaining([`/nix/store/stub-qemu-${system}`, "xorriso", "gnumake", "git"]),
        );
        expect(shell.packages).toContainEqual(expect.objectContaining({ nightly: fallbackDate }));
      },
    );
  }

  test.skipIf(!nix)(
    "inside a Git clone, nix sees an untracked flake.nix only after the page's git add -N",
    () => {
      const steps = codeBlocks(tab(install, "Nix"))[0]?.code ?? "";
      expect(steps).toContain("git add -N flake.nix");
      const clone = mkdtempSync(join(tmpdir(), "gs-clone-"));
      const git = (...args: string[]) => execFileSync("git", ["-C", clone, ...args], { stdio: "pipe" });
      git("init", "-q");
      git(
        "-c",
        "user.email=t@example.org",
        "-c",
        "user.name=t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "clone",
      );
      writeFileSync(join(clone, "flake.nix"), flake);
      // No network here: nix stops when it tries to fetch the inputs, which it only does once it has read flake.nix.
      const metadata = () =>
        spawnSync(
          "nix",
          [
            "--extra-experimental-features",
            "nix-command flakes",
            "--option",
            "download-attempts",
            "1",
            "flake",
            "metadata",
          ],
          { cwd: clone, encoding: "utf8", timeout: 60_000 },
        ).stderr;
      const unseen = /flake\.nix': No such file or directory|is not tracked by Git/;
      expect(metadata()).toMatch(unseen);
      git("add", "-N", "flake.nix");
      const after = metadata();
      expect(after).not.toMatch(unseen);
      expect(after).toMatch(/github|download|resolve/i);
    },
    120_000,
  );
});
