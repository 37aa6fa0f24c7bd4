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

const MIRROR = process.env.MINIMALOS_MIRROR ?? "/work/.mirror/nadeeshafdo+MinimalOS/repo";
const hasMirror = existsSync(MIRROR);
if (!hasMirror)
  console.log(`upstream-facts: skipped, no upstream mirror at ${MIRROR} (set MINIMALOS_MIRROR)`);

function show(path: string): string {
  return execFileSync("git", ["-C", MIRROR, "show", `${UPSTREAM_COMMIT}:${path}`], { encoding: "utf8" });
}

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
});
