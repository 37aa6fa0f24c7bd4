import { describe, expect, test } from "vitest";
import { goalStatus } from "../goals";
import { BUILTIN_SCENARIOS } from "../scenario/builtins";
import { elfImage } from "../scenario/compile";
import { Session } from "../session";
import { program } from "../testing";
import { HELLO as HELLO_SOURCE } from "./programs";

function open(profile: "design" | "as-built", overrides: Record<string, unknown> = {}) {
  const r = Session.open({ ...BUILTIN_SCENARIOS["spawn-from-initrd"], profile, ...overrides });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  return r.session;
}

/** A loader that calls spawn_initrd on `name` and prints what it returned in rax, in hex. */
const loaderFor = (name: string) => `
include "libmnos"
_start:
  lea rdi, [name]
  mov rsi, SLOT_PMM
  mov rdx, SLOT_SELF
  mov rcx, 20
  mov r8, 0x50000000
  call spawn_initrd
  mov rdi, SLOT_COM1
  mov rsi, rax
  call print_hex
  mov rdi, SLOT_COM1
  lea rsi, [eol]
  call puts
spin:
  jmp spin
name: db "${name}", 0
eol: db ".", 0
`;

describe("libmnos spawn_initrd", () => {
  test("in the design, a program loaded from the initrd runs and prints with the capability it was given", () => {
    const s = open("design");
    s.run(3_000);
    const text = s.current.console;
    expect(text).toContain("[loader] hello loaded from the initrd; its thread is TID");
    expect(text).toContain("Hello from ring 3!");
    // The code went into the child through the loader's window: mapped writable in PID 1, then RWX in PID 2.
    expect(text).toMatch(/V:0x50000000 in PID 1 \(flags=0x8000000000000007\)/);
    expect(text).toMatch(/V:0x00400000 in PID 2 \(flags=0x7\)/);
    expect(text).toMatch(/V:0x007FF000 in PID 2 \(flags=0x8000000000000007\)/);
    expect(goalStatus(s).every((g) => g.met)).toBe(true);
  });

  test("as built, SPAWN_THREAD returns TID 4 but the thread is never scheduled", () => {
    const s = open("as-built");
    s.run(3_000);
    expect(s.current.console).toContain("its thread is TID 4");
    expect(s.current.console).not.toContain("Hello from ring 3!");
    const child = s.current.state.threads.get(4);
    expect(child?.pid).toBe(2);
    // Its registers are still the ones it was created with: it has not executed one instruction.
    expect(child?.ctx?.rip).toBe(program(HELLO_SOURCE).entry);
  });

  test("the child's code page holds the program's bytes, copied from the ELF segment", () => {
    const s = open("as-built"); // the child never runs here, so its page stays as the loader left it
    s.run(3_000);
    const hello = program(HELLO_SOURCE);
    const child = s.current.state.processes.get(2);
    expect(child).toBeDefined();
    const copied = s.current.readUser(2, hello.origin, hello.bytes.length);
    expect(copied).toEqual(hello.bytes);
  });

  test("a name missing from the initrd and a file that is not ELF give their errors", () => {
    for (const [name, error] of [
      ["nothing", "0xFFFFFFFFFFFFFFF5"],
      ["hello_wasm.wasm", "0xFFFFFFFFFFFFFFF6"],
    ] as const) {
      const s = open("design", {
        programs: { loader: { source: loaderFor(name) } },
        initrd: ["hello_wasm.wasm"],
        goals: [],
      });
      s.run(3_000);
      expect(s.current.console).toContain(`${error}.`);
      expect(s.current.console).not.toContain("SYS_SPAWN_PROCESS");
    }
  });
});

describe("initrd ELF images", () => {
  test("carry the entry point and one PT_LOAD segment holding the program", () => {
    const p = program(HELLO_SOURCE);
    const elf = elfImage(p);
    const v = new DataView(elf.buffer);
    expect([...elf.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(v.getBigUint64(24, true)).toBe(BigInt(p.entry));
    const ph = Number(v.getBigUint64(32, true));
    expect(v.getUint32(ph, true)).toBe(1);
    const offset = Number(v.getBigUint64(ph + 8, true));
    expect(v.getBigUint64(ph + 16, true)).toBe(BigInt(p.origin));
    const size = Number(v.getBigUint64(ph + 32, true));
    expect(elf.subarray(offset, offset + size)).toEqual(p.bytes);
  });
});
