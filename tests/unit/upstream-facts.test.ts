/**
 * Checks the facts the architecture and reference pages draw from upstream against the upstream source at
 * the described commit, when a mirror of it is on this machine (MINIMALOS_MIRROR, or the path the project's
 * machines use). Without one the tests skip and say why.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { EXCEPTIONS } from "../../src/components/architecture/exceptions";
import { UPSTREAM_PATHS } from "../../src/components/architecture/upstream";
import { BOOT_PHASES } from "../../src/components/diagrams/boot-phases";
import { INIT_HEAP_PAGES, KERNEL_IMAGE_BASE } from "../../src/components/diagrams/memory-map";
import { initCNode } from "../../src/components/reference/init-cnode";
import { MAKE_TARGETS } from "../../src/components/reference/make-targets";
import { UPSTREAM_COMMIT } from "../../src/sim/abi/profiles";
import { GUEST_FUEL } from "../../src/sim/wasm/wasmi";
import { page } from "./doc-blocks";

const MIRROR = process.env.MINIMALOS_MIRROR ?? "/work/.mirror/nadeeshafdo+MinimalOS/repo";
const hasMirror = existsSync(MIRROR);
if (!hasMirror)
  console.log(`upstream-facts: skipped, no upstream mirror at ${MIRROR} (set MINIMALOS_MIRROR)`);

function show(path: string): string {
  return execFileSync("git", ["-C", MIRROR, "show", `${UPSTREAM_COMMIT}:${path}`], { encoding: "utf8" });
}

/** The body of a Rust function: from its signature to the next item at the same indentation. */
function fnBody(source: string, signature: string): string {
  const start = source.indexOf(signature);
  if (start < 0) throw new Error(`no ${signature}`);
  const indent = /^[ \t]*/.exec(source.slice(source.lastIndexOf("\n", start) + 1))?.[0] ?? "";
  const end = source.indexOf(`\n${indent}}`, start);
  return source.slice(start, end < 0 ? undefined : end);
}

/** A page's prose on one line, so a phrase that wraps in the file still matches. */
const prose = (path: string) => page(path).replace(/\s+/g, " ");
const STI = 'asm!("sti"';

describe.skipIf(!hasMirror)(`upstream at ${UPSTREAM_COMMIT}`, () => {
  test("every file the pages link to exists at the commit", () => {
    const files = execFileSync("git", ["-C", MIRROR, "ls-tree", "-r", "--name-only", UPSTREAM_COMMIT], {
      encoding: "utf8",
    }).split("\n");
    for (const p of UPSTREAM_PATHS) expect(files, p).toContain(p);
  });

  test("the boot page's phase lines are the kernel's, in the kernel's order, and none is missing", () => {
    const main = show("kernel/src/main.rs");
    const printed = [...main.matchAll(/kprintln!\("(\[init\] Phase [^"]+)"\)/g)].map((m) => m[1]);
    const ours = BOOT_PHASES.flatMap((p) => (p.header ? [p.header] : []));
    expect(ours).toEqual(printed);
    for (const p of BOOT_PHASES)
      if (p.header) expect(p.header).toMatch(new RegExp(`^\\[init\\] Phase ${p.phase}:`));
  });

  test("the exception table lists exactly the vectors below 32 that the IDT fills", () => {
    const idt = show("kernel/src/arch/x86_64/idt.rs");
    const installed = [...idt.matchAll(/^\s*idt\[(\d+)\]\s*=/gm)]
      .map((m) => Number(m[1]))
      .filter((v) => v < 32);
    expect(EXCEPTIONS.map((e) => e.vector)).toEqual(installed);
    const withErrorCode = [...idt.matchAll(/exception_stub_err!\(\w+, "(\d+)"\)/g)].map((m) => Number(m[1]));
    expect(EXCEPTIONS.filter((e) => e.errorCode).map((e) => e.vector)).toEqual(withErrorCode);
  });

  test("init's CNode matches the slots kernel/src/main.rs fills", () => {
    const main = show("kernel/src/main.rs");
    const filled = [...main.matchAll(/cnode\.insert_at\((\d+), Capability::new\(\s*CapObject::(\w+)/g)].map(
      (m) => [Number(m[1]), m[2]],
    );
    const ours = initCNode()
      .filter((s) => s.kind !== "Empty")
      .map((s) => [s.slot, s.kind]);
    expect(ours).toEqual(filled);
    expect(main).toContain("CapObject::IoPort { base: 0x3F8, size: 8 }");
  });

  test("the heap size and the kernel's link address are upstream's", () => {
    expect(show("user/init/src/main.rs")).toMatch(new RegExp(`const HEAP_PAGES: u64 = ${INIT_HEAP_PAGES};`));
    const linker = show("kernel/linker.ld");
    expect(linker).toContain("KERNEL_VIRT_BASE = 0xFFFFFFFF80000000;");
    expect(linker).toContain(". = KERNEL_VIRT_BASE + 2M;");
    expect(KERNEL_IMAGE_BASE).toBe(0xffff_ffff_8000_0000n + 0x20_0000n);
  });

  test("the make targets are the Makefile's, and make help lists the ones the page calls listed", () => {
    const makefile = show("Makefile");
    const rules = new Set([...makefile.matchAll(/^([a-z][a-z0-9-]*):/gm)].map((m) => m[1]));
    for (const t of MAKE_TARGETS) expect(rules, `make ${t.name}`).toContain(t.name);
    const phony = [...makefile.matchAll(/^\.PHONY:(.*)$/gm)].flatMap((m) => (m[1] ?? "").trim().split(/\s+/));
    for (const name of phony)
      expect(
        MAKE_TARGETS.map((t) => t.name),
        `phony ${name}`,
      ).toContain(name);
    const help = makefile.slice(makefile.indexOf("\nhelp:"));
    for (const t of MAKE_TARGETS) {
      expect(
        new RegExp(`make ${t.name}\\b`).test(help) || (t.name === "all" && help.includes("    make   ")),
        `help lists ${t.name}`,
      ).toBe(t.inHelp);
    }
  });

  test("SEND, RECV and WAIT_IRQ turn interrupts back on before they return, and the syscalls page says so", () => {
    const endpoint = show("kernel/src/ipc/endpoint.rs");
    // Both paths of each: the fast path after waking the partner, the slow path after waking up.
    expect(fnBody(endpoint, "pub fn send(").split(STI).length - 1).toBe(2);
    expect(fnBody(endpoint, "pub fn recv(").split(STI).length - 1).toBe(2);
    expect(fnBody(show("kernel/src/arch/x86_64/syscall.rs"), "fn sys_wait_irq(")).toContain(STI);
    const text = prose("architecture/syscalls.mdx");
    expect(text).not.toMatch(/interrupts stay off for the whole syscall/i);
    expect(text).toContain("`SEND` and `RECV` turn interrupts back on (`sti`) before they return");
    expect(text).toContain("`WAIT_IRQ` does the same once its IRQ has woken it");
  });

  test("libmnos reads u64::MAX - 10 and up as an error only in the spawn wrappers, and the page says so", () => {
    const process = show("user/libmnos/src/process.rs");
    const threshold = "if result < u64::MAX - 10 {";
    expect(fnBody(process, "pub fn sys_spawn_process(")).toContain(threshold);
    expect(fnBody(process, "pub fn sys_spawn_thread(")).toContain(threshold);
    // Every other syscall wrapper in the library, found by name rather than listed, tests for 0.
    let others = 0;
    for (const file of ["process.rs", "ipc.rs", "io.rs", "irq.rs"]) {
      const source = show(`user/libmnos/src/${file}`);
      for (const [, name] of source.matchAll(/pub fn (sys_\w+)\(/g)) {
        if (name === "sys_spawn_process" || name === "sys_spawn_thread") continue;
        const body = fnBody(source, `pub fn ${name}(`);
        expect(body, `${file} ${name}`).toMatch(/if result == 0/);
        expect(body, `${file} ${name}`).not.toContain("u64::MAX - 10");
        others++;
      }
    }
    expect(others).toBe(11);
    const text = prose("architecture/syscalls.mdx");
    expect(text).not.toContain("calls a result an error when it is `u64::MAX − 10` or more;");
    expect(text).toContain(
      "`sys_spawn_process` (a slot) and `sys_spawn_thread` (a thread ID), call a result an error when it is `u64::MAX − 10` or more; every other wrapper calls any result but 0 an error",
    );
  });

  test("the double-fault guard page is unmapped from Limine's tables only, and no page calls it a guard at run time", () => {
    const main = show("kernel/src/main.rs");
    // gdt::init(0) runs on Limine's page tables; the kernel's own, built later in phase 4, replace them.
    const gdtInit = main.indexOf("arch::gdt::init(0);");
    const build = main.indexOf("memory::pml4::build();");
    expect(gdtInit).toBeGreaterThan(0);
    expect(build).toBeGreaterThan(gdtInit);
    expect(main.indexOf("memory::pml4::activate(", build)).toBeGreaterThan(build);
    expect(fnBody(show("kernel/src/arch/x86_64/gdt.rs"), "pub fn init(")).toContain(
      "vmm::unmap_page(vmm::active_pml4(), ist_virt)",
    );
    // build() maps every region of the memory map into the HHDM, the guard's frame among them.
    const pml4 = fnBody(show("kernel/src/memory/pml4.rs"), "pub fn build(");
    expect(pml4).toContain("for entry in memory_map.iter()");
    expect(pml4).toContain("VirtAddr::new(hhdm + phys)");
    expect(prose("architecture/boot.mdx")).not.toMatch(/left unmapped as a guard/);
    expect(prose("architecture/interrupts.mdx")).toContain("but on core 0 there is none at run time");
    expect(prose("architecture/debugging.mdx")).not.toMatch(/guarded double-fault stack/);
    expect(BOOT_PHASES.flatMap((p) => p.steps).join(" ")).not.toMatch(/guard/);
  });

  test("upstream runs its Wasm guest without fuel; the simulator runs a real guest with fuel, and the page says both", () => {
    const init = show("user/init/src/main.rs");
    expect(init).toContain("wasmi");
    expect(init).not.toMatch(/fuel/i);
    expect(GUEST_FUEL).toBe(1_000_000);
    const text = prose("architecture/wasm-sandbox.mdx");
    expect(text).not.toMatch(/does not interpret WebAssembly/i);
    expect(text).toContain("The simulator runs this stage with a real guest");
    expect(text).toContain("gives the guest fuel, a million calls and loop iterations per call");
    expect(text).toContain("No fuel metering is configured");
  });
});
