/**
 * Runs the QEMU side of what "Debugging the real kernel" tells a reader to type, on a 512-byte boot sector
 * that triple-faults on purpose (it loads an empty IDT and executes int3), since this machine cannot build
 * the kernel itself. Skips, saying why, where QEMU or GDB is missing.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  GDB_FLAGS,
  SERIAL_WITH_MONITOR,
  TRIPLE_FAULT_LOG_FLAGS,
  TRIPLE_FAULT_LOG_TAIL,
} from "../../src/components/architecture/debug-commands";

const which = (cmd: string) => {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
};
const QEMU = which("qemu-system-x86_64");
const GDB = which("gdb");
if (!QEMU) console.log("qemu-debugging: skipped, qemu-system-x86_64 is not installed");
if (QEMU && !GDB) console.log("qemu-debugging: GDB tests skipped, gdb is not installed");

/** cli; lidt [0x7C10] (limit 0); int3 → #GP → #DF → triple fault. The IDTR image sits at 0x7C10. */
function tripleFaultImage(): string {
  const code = [0xfa, 0x0f, 0x01, 0x1e, 0x10, 0x7c, 0xcc, 0xf4, 0xeb, 0xfe];
  const sector = new Uint8Array(512).fill(0);
  sector.set(code, 0);
  sector.fill(0x90, code.length, 0x10);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  const dir = mkdtempSync(join(tmpdir(), "mnos-qemu-"));
  const file = join(dir, "tf.img");
  writeFileSync(file, sector);
  return file;
}

/** Replaces the page's log path with one in a temporary folder; the flags stay as the page prints them. */
function logFlags(dir: string): string[] {
  return TRIPLE_FAULT_LOG_FLAGS.map((f) => (f === "target/qemu-debug.log" ? join(dir, "qemu-debug.log") : f));
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill("SIGKILL");
});

function qemu(args: string[], stdin: "ignore" | "pipe" = "ignore") {
  const p = spawn(QEMU ?? "qemu-system-x86_64", args, { stdio: [stdin, "pipe", "pipe"] });
  running.push(p);
  let out = "";
  p.stdout?.on("data", (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => p.on("exit", resolve));
  return { p, exited, output: () => out };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

const base = (image: string) => ["-drive", `file=${image},format=raw`, "-display", "none", "-no-reboot"];

describe.skipIf(!QEMU)("the debugging page's QEMU commands", () => {
  test("-d int,cpu_reset logs the exceptions that end in a triple fault, and -no-reboot stops QEMU", async () => {
    const image = tripleFaultImage();
    const dir = join(image, "..");
    const run = qemu([...base(image), "-serial", "none", ...logFlags(dir)]);
    const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r("timeout"), 20_000))]);
    expect(code, "QEMU exits by itself after the triple fault").toBe(0);
    const log = readFileSync(join(dir, "qemu-debug.log"), "utf8");
    expect(log).toMatch(/check_exception old: 0x8 new 0xd/);
    expect(log.trimEnd().endsWith(TRIPLE_FAULT_LOG_TAIL)).toBe(true);
  }, 30_000);

  test("with -no-shutdown QEMU waits, and Ctrl+A C on -serial mon:stdio reaches the monitor's registers", async () => {
    const image = tripleFaultImage();
    const dir = join(image, "..");
    const run = qemu([...base(image), ...SERIAL_WITH_MONITOR, "-no-shutdown", ...logFlags(dir)], "pipe");
    for (let i = 0; i < 100 && !existsSync(join(dir, "qemu-debug.log")); i++)
      await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 100; i++) {
      if (readFileSync(join(dir, "qemu-debug.log"), "utf8").includes(TRIPLE_FAULT_LOG_TAIL)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    run.p.stdin?.write("\x01c");
    await new Promise((r) => setTimeout(r, 500));
    run.p.stdin?.write("info registers\n");
    for (let i = 0; i < 50 && !run.output().includes("EIP="); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(run.output()).toMatch(/EIP=00007c06/);
    expect(run.p.exitCode, "still running after the triple fault").toBeNull();
    run.p.stdin?.write("quit\n");
    await run.exited;
  }, 30_000);

  test.skipIf(!GDB)(
    "-S stops the CPU at reset and GDB attaches; hbreak stops at the boot code",
    async () => {
      const image = tripleFaultImage();
      const port = await freePort();
      // The page's -s means -gdb tcp::1234; another program may hold 1234 here, so use a free port instead.
      const flags = GDB_FLAGS.map((f) => (f === "-s" ? `-gdb tcp:127.0.0.1:${port}` : f)).flatMap((f) =>
        f.split(" "),
      );
      const run = qemu([...base(image), "-serial", "none", ...flags]);
      await new Promise((r) => setTimeout(r, 1000));
      const out = execFileSync(
        GDB ?? "gdb",
        [
          "-batch",
          "-nx",
          "-ex",
          `target remote 127.0.0.1:${port}`,
          "-ex",
          "info registers rip",
          "-ex",
          "hbreak *0x7c00",
          "-ex",
          "continue",
          "-ex",
          "info registers rip",
          "-ex",
          "kill",
        ],
        { encoding: "utf8", timeout: 20_000 },
      );
      expect(out).toMatch(/rip\s+0xfff0/);
      expect(out).toMatch(/rip\s+0x7c00/);
      await run.exited;
    },
    30_000,
  );
});
