/**
 * The getting-started commands a reader types, tried on this machine (Debian 12) where they can be: the
 * Makefile lines with their variables (as `make -n` prints them, and `make run-headless` for real with the
 * firmware), what `make` shows when xorriso is missing, the Debian package line, the clone step, the
 * fallback nightly's rustup block and the USB stick's dd line. The QEMU firmware lines themselves are run in
 * qemu-firmware.test.ts. Each group is skipped, with the reason printed, where its tool is missing here.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { codeBlocks, page, section, tab } from "./doc-blocks";

const UPSTREAM = "/work/.mirror/nadeeshafdo+MinimalOS/repo";
const COMBINED_OVMF = "/usr/share/qemu/OVMF.fd";
const SPLIT_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";

const which = (cmd: string) =>
  spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim();
const skipped = (what: string, why: string) => console.log(`${what} skipped: ${why}`);

const makefile =
  existsSync(UPSTREAM) && which("make")
    ? execFileSync("git", ["-C", UPSTREAM, "show", "3833797:Makefile"], { encoding: "utf8" })
    : undefined;
if (!makefile) skipped("Makefile commands", "the upstream mirror or make is not on this machine");

const gettingStarted = page("getting-started/index.mdx");
const install = page("getting-started/install.mdx");
const buildAndRun = page("getting-started/build-and-run.mdx");
const realHardware = page("getting-started/real-hardware.mdx");
const troubleshooting = page("getting-started/troubleshooting.mdx");

/** A clone stand-in: the upstream Makefile and what `make iso` copies, without a kernel to build. */
function clone(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "gs-cmd-")), "MinimalOS");
  for (const d of ["target/limine-src", "target/x86_64-unknown-none/debug", "boot"]) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  for (const f of ["limine", "limine-bios-cd.bin", "limine-bios.sys", "limine-uefi-cd.bin", "BOOTX64.EFI"]) {
    writeFileSync(join(dir, "target/limine-src", f), "");
  }
  writeFileSync(join(dir, "target/x86_64-unknown-none/debug/minimalos-kernel"), "");
  writeFileSync(join(dir, "target/initrd-debug.tar"), "");
  writeFileSync(join(dir, "target/minimalos-debug.iso"), "");
  writeFileSync(join(dir, "boot/limine.conf"), "");
  writeFileSync(join(dir, "Makefile"), makefile ?? "");
  return dir;
}

/** Runs a `make …` line from a page through the shell, as typed, with `-o …` so nothing is built first. */
function make(
  line: string,
  cwd: string,
  opts: { dryRun?: boolean; path?: string; timeout?: number; assumeMade?: string[] } = {},
) {
  const made = opts.assumeMade ?? ["iso", "iso-release", "kernel-debug"];
  const flags = `${opts.dryRun ? "-n " : ""}${made.map((t) => `-o ${t}`).join(" ")}`;
  const script = line.replace(/^make\b/, `make ${flags}`);
  const r = spawnSync("/bin/sh", ["-c", script], {
    cwd,
    encoding: "utf8",
    timeout: opts.timeout ?? 30_000,
    env: { ...process.env, PATH: opts.path ?? process.env.PATH },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The QEMU command a `make -n` prints, on one line. */
const qemuLine = (out: string) =>
  (out.replace(/\\\n\s*/g, " ").match(/^(@?qemu-system-x86_64 .*)$/m)?.[1] ?? "").replace(/\s+/g, " ").trim();

describe.skipIf(!makefile)("make, as the pages tell a reader to run it", () => {
  test.skipIf(!existsSync(COMBINED_OVMF))(
    "the QEMU command line on Build and run is exactly what make run runs on Debian 12",
    () => {
      const shown = codeBlocks(section(buildAndRun, "The QEMU command line"))[0]?.code ?? "";
      expect(qemuLine(make("make run", clone(), { dryRun: true }).out)).toBe(qemuLine(shown));
    },
  );

  test("the variables the pages show change the command make runs", () => {
    const examples = codeBlocks(section(buildAndRun, "Make targets"))[0]?.code.split("\n") ?? [];
    const kvm =
      codeBlocks(section(troubleshooting, 'The boot is very slow, or "KVM missing"'))[0]?.code ?? "";
    const expected: [line: string | undefined, check: RegExp][] = [
      [examples.find((l) => l.includes("QEMU_MEMORY=8G")), /^qemu-system-x86_64 .* -smp 4 -m 8G /m],
      [examples.find((l) => l.includes("TIMEOUT=20")), /\bsleep 20;/],
      [kvm, /^qemu-system-x86_64 -enable-kvm -cdrom /m],
    ];
    const dir = clone();
    for (const [line, check] of expected) {
      expect(line).toBeDefined();
      const out = make(line ?? "", dir, { dryRun: true }).out.replace(/\\\n\s*/g, " ");
      expect(out.replace(/^\s+/gm, ""), line).toMatch(check);
    }
  });

  test("make run OVMF= leaves out -bios, as Troubleshooting says", () => {
    expect(troubleshooting).toContain("`make run OVMF=`");
    const line = qemuLine(make("make run OVMF=", clone(), { dryRun: true }).out);
    expect(line).toMatch(/^qemu-system-x86_64 /);
    expect(line).not.toContain("-bios");
  });

  test.skipIf(!which("qemu-system-x86_64") || !existsSync(COMBINED_OVMF))(
    "make run-headless runs QEMU with Debian's firmware and no window, stops it after TIMEOUT seconds and prints the log",
    () => {
      const started = Date.now();
      const r = make("make run-headless TIMEOUT=5", clone(), { timeout: 60_000 });
      expect(r.status, r.out).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
      // QEMU took the firmware and the (empty) ISO and ran until the Makefile stopped it; then the log.
      expect(r.out).not.toContain("could not load");
      expect(r.out).toContain("qemu-system-x86_64: terminating on signal 15");
      expect(r.out).toContain("[qemu] Serial output:");
    },
  );

  test.skipIf(!which("qemu-system-x86_64") || !existsSync(SPLIT_CODE))(
    "with a split code image, make run-headless prints QEMU's refusal and an empty serial log",
    () => {
      const entry = section(troubleshooting, "qemu: could not load PC BIOS");
      expect(entry).toContain("`make run-headless` prints the same line, waits `TIMEOUT` seconds");
      const r = make(`make run-headless TIMEOUT=2 OVMF=${SPLIT_CODE}`, clone(), { timeout: 60_000 });
      expect(r.out).toContain(`qemu: could not load PC BIOS '${SPLIT_CODE}'`);
      const log = r.out.slice(r.out.indexOf("[qemu] Serial output:")).split("\n");
      // The log between its two rules is empty.
      expect(
        log
          .slice(2, log.lastIndexOf("-".repeat(55)))
          .join("")
          .trim(),
      ).toBe("");
    },
  );

  test("without xorriso, make iso stops with the lines Troubleshooting quotes, and nothing from xorriso", () => {
    const quoted = codeBlocks(section(troubleshooting, "xorriso missing"))[0]?.code.split("\n") ?? [];
    expect(quoted.length).toBeGreaterThan(0);
    // A PATH with only what the recipe needs before xorriso.
    const bin = mkdtempSync(join(tmpdir(), "gs-bin-"));
    for (const tool of ["make", "rm", "mkdir", "cp"]) symlinkSync(which(tool), join(bin, tool));
    const r = make("make iso", clone(), { path: bin, assumeMade: ["kernel-debug"] });
    expect(r.status).not.toBe(0);
    for (const line of quoted) expect(r.out).toContain(line);
    expect(r.out).not.toMatch(/not found|No such file/);
  });
});

const LIMINE = "/work/.mirror/limine-bootloader+limine/repo";
const limine = Boolean(makefile) && existsSync(LIMINE);
if (!limine) skipped("make limine", "the local mirror of Limine is not on this machine");

describe.skipIf(!limine)("make limine, with Limine's 8.x binary branch from the local mirror", () => {
  /** A clone whose target/limine-src already holds Limine, so the Makefile skips its own git clone. */
  function withLimine(): string {
    const dir = join(mkdtempSync(join(tmpdir(), "gs-limine-")), "MinimalOS");
    mkdirSync(join(dir, "target"), { recursive: true });
    writeFileSync(join(dir, "Makefile"), makefile ?? "");
    // The mirror has the 8.x binary branch (8.2.0), not the v8.6.0-binary tag; its CLI builds the same way.
    execFileSync(
      "git",
      ["clone", "-q", "--depth", "1", "--branch", "v8.x-binary", `file://${LIMINE}`, "target/limine-src"],
      {
        cwd: dir,
      },
    );
    return dir;
  }

  test("without a C compiler it fails with the line Troubleshooting quotes", () => {
    const quoted = codeBlocks(section(troubleshooting, "Limine does not build"))[0]?.code.split("\n") ?? [];
    expect(quoted.length).toBeGreaterThan(0);
    const bin = mkdtempSync(join(tmpdir(), "gs-bin-"));
    for (const tool of ["make", "rm", "mkdir", "cp"]) symlinkSync(which(tool), join(bin, tool));
    const r = make("make limine", withLimine(), { path: bin });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("[limine] Building limine CLI...");
    for (const line of quoted) expect(r.out).toContain(line);
  }, 60_000);

  test.skipIf(!which("cc"))(
    "with the C compiler the Debian line installs, it builds the CLI",
    () => {
      const dir = withLimine();
      const r = make("make limine", dir);
      expect(r.status, r.out).toBe(0);
      expect(existsSync(join(dir, "target/limine-src/limine"))).toBe(true);
    },
    60_000,
  );
});

describe("Debian's packages", () => {
  const apt =
    which("apt-cache") && /Candidate: \d/.test(spawnSync("apt-cache", ["policy", "make"]).stdout.toString());
  if (!apt) skipped("apt package names", "apt-cache is missing or has no package lists (run apt-get update)");

  test.skipIf(!apt)("every package in the Debian / Ubuntu install line is one apt can install", () => {
    const block = codeBlocks(tab(section(install, "1. Host packages"), "Debian / Ubuntu"))[0]?.code ?? "";
    const line = block.split("\n").find((l) => /apt install/.test(l)) ?? "";
    const names = line.replace(/^.*apt install\s+/, "").split(/\s+/);
    expect(names).toContain("ovmf");
    const r = spawnSync("apt-get", ["install", "--simulate", "--no-install-recommends", ...names], {
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
  });

  const ovmf = which("dpkg") && spawnSync("dpkg", ["-s", "ovmf"]).status === 0;
  test.skipIf(!ovmf)(
    "Debian's ovmf ships the combined image in both places the Makefile looks first, and the split pair",
    () => {
      const files = execFileSync("dpkg", ["-L", "ovmf"], { encoding: "utf8" }).split("\n");
      const tabText = tab(section(buildAndRun, "UEFI firmware"), "Debian / Ubuntu");
      for (const f of [
        "/usr/share/qemu/OVMF.fd",
        "/usr/share/ovmf/OVMF.fd",
        SPLIT_CODE,
        "/usr/share/OVMF/OVMF_VARS_4M.fd",
      ]) {
        expect(files, f).toContain(f);
        expect(tabText, f).toContain(f.replace(/^\/usr\/share\/OVMF\/(?=OVMF_VARS)/, ""));
      }
    },
  );

  test.skipIf(!which("getent"))("the kvm group Troubleshooting adds the reader to exists on Debian", () => {
    expect(troubleshooting).toContain("`sudo usermod -aG kvm $USER`");
    expect(spawnSync("getent", ["group", "kvm"]).status).toBe(0);
  });
});

describe("the clone, the fallback nightly and the USB stick", () => {
  test.skipIf(!existsSync(UPSTREAM))(
    "the clone step checks out 3833797 (from the local mirror of the same repository)",
    () => {
      const block = codeBlocks(gettingStarted).find((b) => b.code.startsWith("git clone"))?.code ?? "";
      const url = block.match(/git clone (\S+)/)?.[1] ?? "";
      expect(url).toBe("https://github.com/nadeeshafdo/MinimalOS.git");
      const dir = mkdtempSync(join(tmpdir(), "gs-clone-"));
      // Git fetches the page's URL from the mirror instead of the network.
      const env = {
        ...process.env,
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: `url.file://${UPSTREAM}.insteadOf`,
        GIT_CONFIG_VALUE_0: url,
      };
      const r = spawnSync("sh", ["-ec", `${block}\ngit rev-parse HEAD`], { cwd: dir, env, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toMatch(/^3833797[0-9a-f]{33}$/);
      expect(existsSync(join(dir, "MinimalOS", "Makefile"))).toBe(true);
    },
    60_000,
  );

  const rustup = which("rustup") || (existsSync("/root/.cargo/bin/rustup") ? "/root/.cargo/bin/rustup" : "");
  if (!rustup) skipped("the rustup block", "rustup is not installed");
  test.skipIf(!rustup)(
    "the fallback nightly's rustup block parses and asks for the dated nightly",
    () => {
      const block =
        codeBlocks(section(install, "Which nightly")).find((b) => b.code.includes("rustup"))?.code ?? "";
      const [installLine = "", override = ""] = block.replace(/\\\n\s*/g, " ").split("\n");
      // A rustup home of its own and a download server nobody answers on: rustup parses the line, then
      // fails where it would download, never fetching a toolchain.
      const home = mkdtempSync(join(tmpdir(), "gs-rustup-"));
      const env = {
        ...process.env,
        RUSTUP_HOME: home,
        RUSTUP_DIST_SERVER: "http://127.0.0.1:9",
        RUSTUP_MAX_RETRIES: "0",
      };
      for (const line of [installLine, override]) {
        expect(line).toMatch(/^rustup /);
        const r = spawnSync("sh", ["-c", line.replace(/^rustup/, rustup)], {
          cwd: home,
          env,
          encoding: "utf8",
        });
        expect(r.stderr, line).not.toMatch(/Usage:|unexpected argument|invalid value/);
        expect(r.stderr, line).toContain("/dist/2026-03-06/channel-rust-nightly.toml");
      }
    },
    60_000,
  );

  test.skipIf(!which("dd"))(
    "the USB stick's dd line copies an image byte for byte (to a file here, not a disk)",
    () => {
      const line = codeBlocks(realHardware).find((b) => /\bdd if=/.test(b.code))?.code ?? "";
      const dir = mkdtempSync(join(tmpdir(), "gs-dd-"));
      mkdirSync(join(dir, "target"));
      const image = Buffer.alloc(5 * 1024 * 1024 + 123, 7);
      writeFileSync(join(dir, "target", "minimalos-release.iso"), image);
      const r = spawnSync("sh", ["-c", line.replace(/^sudo /, "").replace("of=/dev/sdX", "of=stick.img")], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(dir, "stick.img")).equals(image)).toBe(true);
    },
  );
});
