/**
 * The getting-started pages' QEMU and firmware instructions, run on this machine: the split-firmware block
 * boots OVMF, the Makefile's -bios with a split image fails with the message Troubleshooting quotes, and
 * the ways to quit QEMU are the ones Build and run names. Skipped, with the reason printed, where QEMU or
 * Debian's OVMF are missing.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { codeBlocks, page, section, tab, titledBlock } from "./doc-blocks";

const OVMF_CODE_4M = "/usr/share/OVMF/OVMF_CODE_4M.fd";
const OVMF_VARS_4M = "/usr/share/OVMF/OVMF_VARS_4M.fd";
const UPSTREAM = "/work/.mirror/nadeeshafdo+MinimalOS/repo";

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}
const missing = [
  has("qemu-system-x86_64") ? undefined : "qemu-system-x86_64 (apt-get install qemu-system-x86)",
  existsSync(OVMF_CODE_4M) && existsSync(OVMF_VARS_4M)
    ? undefined
    : "Debian's split OVMF (apt-get install ovmf)",
].filter(Boolean);
if (missing.length) console.log(`QEMU firmware tests skipped: ${missing.join(" and ")} not installed`);

/** The upstream Makefile at 3833797, when the mirror is on this machine. */
function upstreamMakefile(): string | undefined {
  if (!existsSync(UPSTREAM) || !has("make")) return undefined;
  return execFileSync("git", ["-C", UPSTREAM, "show", "3833797:Makefile"], { encoding: "utf8" });
}
const makefile = upstreamMakefile();
if (!makefile)
  console.log("upstream Makefile not on this machine: QEMU tests build the command from the page");

/**
 * A clone stand-in: the upstream Makefile, a placeholder ISO (no kernel is built here; OVMF finds nothing
 * to boot on it and says so on serial), and a qemu-system-x86_64 on the PATH that adds only
 * `-display none`, because this machine has no screen for QEMU's window.
 */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "gs-qemu-"));
  const clone = join(dir, "MinimalOS");
  const bin = join(dir, "bin");
  const home = join(dir, "home");
  for (const d of [join(clone, "target", "limine-src"), bin, home]) mkdirSync(d, { recursive: true });
  writeFileSync(join(clone, "target", "minimalos-debug.iso"), "");
  writeFileSync(join(clone, "target", "limine-src", "limine"), "");
  if (makefile) writeFileSync(join(clone, "Makefile"), makefile);
  const real = execFileSync("sh", ["-c", "command -v qemu-system-x86_64"], { encoding: "utf8" }).trim();
  writeFileSync(join(bin, "qemu-system-x86_64"), `#!/bin/sh\nexec ${real} "$@" -display none\n`);
  chmodSync(join(bin, "qemu-system-x86_64"), 0o755);
  const env = { ...process.env, HOME: home, PATH: `${bin}:${process.env.PATH}` };
  return { clone, home, env };
}

interface Run {
  readonly proc: ChildProcess;
  out: string;
  err: string;
  /** Resolves with true once `text` appears on stdout or stderr, false when the process ends or time runs out. */
  waitFor(text: string | RegExp, ms: number): Promise<boolean>;
  stop(): void;
}

function start(cmd: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Run {
  const proc = spawn(cmd, args, { ...options, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  const run: Run = {
    proc,
    out: "",
    err: "",
    waitFor(text, ms) {
      const seen = () =>
        typeof text === "string" ? `${run.out}${run.err}`.includes(text) : text.test(run.out + run.err);
      return new Promise((resolve) => {
        if (seen()) return resolve(true);
        const timer = setTimeout(() => resolve(seen()), ms);
        const check = () => {
          if (seen()) {
            clearTimeout(timer);
            resolve(true);
          }
        };
        proc.stdout?.on("data", check);
        proc.stderr?.on("data", check);
        proc.on("exit", () => {
          clearTimeout(timer);
          resolve(seen());
        });
      });
    },
    stop() {
      if (proc.exitCode === null && proc.pid) {
        try {
          process.kill(-proc.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
  };
  proc.stdout?.on("data", (d) => {
    run.out += String(d);
  });
  proc.stderr?.on("data", (d) => {
    run.err += String(d);
  });
  return run;
}

const exited = (p: ChildProcess, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    p.on("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

const buildAndRun = page("getting-started/build-and-run.mdx");
const troubleshooting = page("getting-started/troubleshooting.mdx");
/** OVMF's boot manager on serial: the firmware ran and looked for something to boot. */
const FIRMWARE_SPOKE = /BdsDxe|UEFI Interactive Shell/;

describe.skipIf(missing.length > 0)("UEFI firmware, as the pages tell a reader to use it", () => {
  test("the split-firmware block, with the Debian / Ubuntu file names, boots OVMF to its serial output", async () => {
    const split = section(buildAndRun, "Boot with split images");
    const names = codeBlocks(tab(split, "Debian / Ubuntu"))[0]?.code ?? "";
    const recipe = titledBlock(split, "UEFI with split firmware images").code;
    expect(names).toContain(OVMF_CODE_4M);
    expect(recipe).toMatch(/^make run /m);
    const w = workspace();
    // Exactly the page's lines; the only change is `-o iso`, which tells make not to build a kernel here.
    const script = makefile
      ? `${names}\n${recipe.replace(/^make run /m, "make run -o iso ")}`
      : // Without the Makefile: the page's QEMU= value with the flags the page says make run adds.
        `${names}\n${recipe.replace(/^make run OVMF= QEMU=("[\s\S]*")$/m, (_m, q) => `sh -c ${q}' -cdrom target/minimalos-debug.iso -smp 4 -m 512M -serial stdio -no-reboot -no-shutdown'`)}`;
    const run = start("sh", ["-c", script], { cwd: w.clone, env: w.env });
    try {
      const spoke = await run.waitFor(FIRMWARE_SPOKE, 120_000);
      expect(run.err).not.toContain("could not load");
      expect(spoke, `serial output:\n${run.out}\nstderr:\n${run.err}`).toBe(true);
      if (makefile) {
        // make echoes the command it runs: flash drives, no -bios.
        expect(run.out).toContain(`-drive if=pflash,format=raw,readonly=on,file=${OVMF_CODE_4M}`);
        expect(run.out).toContain(`-drive if=pflash,format=raw,file=${w.home}/.cache/minimalos/ovmf-vars.fd`);
        expect(run.out).not.toContain("-bios");
      }
      accessSync(join(w.home, ".cache", "minimalos", "ovmf-vars.fd"), constants.W_OK);
    } finally {
      run.stop();
    }
  }, 150_000);

  test("the Makefile's -bios with a split code image fails with the lines Troubleshooting quotes", async () => {
    const entry = section(troubleshooting, "qemu: could not load PC BIOS");
    const quoted = codeBlocks(entry)[0]?.code.split("\n") ?? [];
    expect(quoted[0]).toBe(`qemu: could not load PC BIOS '${OVMF_CODE_4M}'`);
    const w = workspace();
    // What make run does on a host whose first OVMF match is OVMF_CODE_4M.fd (Ubuntu 24.04).
    const run = makefile
      ? start("make", ["run", "-o", "iso", `OVMF=${OVMF_CODE_4M}`], { cwd: w.clone, env: w.env })
      : start("qemu-system-x86_64", ["-bios", OVMF_CODE_4M], { cwd: w.clone, env: w.env });
    try {
      expect(await exited(run.proc, 60_000)).toBe(true);
      expect(run.proc.exitCode).not.toBe(0);
      for (const line of makefile ? quoted : quoted.slice(0, 1)) expect(run.out + run.err).toContain(line);
    } finally {
      run.stop();
    }
  }, 90_000);

  test("Ctrl+A X does nothing with -serial stdio, Ctrl+C ends QEMU, and Ctrl+A X works with -serial mon:stdio", async () => {
    const quit = section(buildAndRun, "Exit QEMU");
    expect(quit).toContain("<kbd>Ctrl</kbd>+<kbd>C</kbd>");
    expect(quit).toContain("-serial mon:stdio");
    // The command line the page says make run runs (its firmware is Debian 12's combined image).
    const line =
      codeBlocks(section(buildAndRun, "The QEMU command line"))[0]?.code.replace(/\\\n\s*/g, "") ?? "";
    expect(line).toContain("-serial stdio");
    const w = workspace();
    writeFileSync(join(w.clone, "target", "virtio-test.img"), Buffer.alloc(1024 * 1024));
    const args = line.trim().split(/\s+/).slice(1);
    const firmware = args.indexOf("-bios") + 1;
    if (!existsSync(args[firmware] ?? "")) args.splice(firmware - 1, 2); // another host: boot without it

    // -serial stdio: the keys go to the guest's COM1. Ctrl+C in a terminal sends SIGINT to QEMU.
    const plain = start("qemu-system-x86_64", args, { cwd: w.clone, env: w.env });
    try {
      await new Promise((r) => setTimeout(r, 2000));
      plain.proc.stdin?.write("\x01x");
      expect(await exited(plain.proc, 4000)).toBe(false);
      plain.proc.kill("SIGINT");
      expect(await exited(plain.proc, 20_000)).toBe(true);
      expect(plain.err).toContain("terminating on signal 2");
    } finally {
      plain.stop();
    }

    // -serial mon:stdio: QEMU's multiplexer reads Ctrl+A X and quits.
    const muxArgs = args.map((a, i) => (a === "stdio" && args[i - 1] === "-serial" ? "mon:stdio" : a));
    const mux = start("qemu-system-x86_64", muxArgs, { cwd: w.clone, env: w.env });
    try {
      await new Promise((r) => setTimeout(r, 2000));
      mux.proc.stdin?.write("\x01x");
      expect(await exited(mux.proc, 20_000)).toBe(true);
      expect(mux.out).toContain("QEMU: Terminated");
    } finally {
      mux.stop();
    }
  }, 90_000);
});
