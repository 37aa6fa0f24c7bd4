import { describe, expect, test } from "vitest";
import { BUILTIN_SCENARIOS } from "../scenario/builtins";
import { Session } from "../session";
import { compileGuestText } from "./compile-wat";

const boot = BUILTIN_SCENARIOS["boot-as-built"];
const quietBoot = (wasmGuest?: string) => ({
  ...boot,
  machine: { cores: 1, quantumCycles: 20_000, memoryMiB: 64, virtio: true, bootLog: false },
  ...(wasmGuest === undefined ? {} : { wasmGuest }),
});

function runInit(wasmGuest?: string) {
  const r = Session.open(quietBoot(wasmGuest), { compileGuest: compileGuestText });
  if (!r.ok) throw new Error(r.errors.join("\n"));
  // Until init has finished its Wasm stage, one way or the other.
  for (let steps = 0; steps < 40_000 && !/COMPLETE|FATAL/.test(r.session.current.console); steps += 500)
    r.session.run(500);
  return r.session;
}

describe("init runs the initrd's Wasm guest", () => {
  test("the default guest: add(10, 32) is 42 and run_guest's greeting reaches COM1, as upstream prints it", () => {
    const s = runInit();
    expect(s.current.console).toContain(
      [
        "[init] Calling add(10, 32) from Wasm...",
        "[init]   Result: 42",
        "",
        "[init] Calling run_guest() from Wasm...",
        "[init]   (Wasm will call host_print -> COM1 via IoPort cap)",
        "Hello from the Wasm Sandbox!\n[init]   run_guest() returned successfully",
      ].join("\r\n"),
    );
    expect(s.current.console).toContain("  Wasm Execution Result: 10 + 32 = 42\r\n");
  });

  test("a reader's guest replaces it: its add and its output are what init prints", () => {
    const s = runInit(`(module
      (import "env" "host_print" (func $p (param i32 i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "my guest\\n")
      (func (export "add") (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
      (func (export "run_guest") (call $p (i32.const 0) (i32.const 9))))`);
    expect(s.current.console).toContain("[init]   Result: -22\r\n");
    expect(s.current.console).toContain("my guest\n[init]   run_guest() returned successfully");
  });

  test("a guest that loops is stopped: init prints upstream's failure line and the machine is intact", () => {
    const s = runInit(`(module (memory (export "memory") 1)
      (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
      (func (export "run_guest") (loop $forever (br $forever))))`);
    const c = s.current.console;
    expect(c).toContain("[init] FATAL: run_guest() call failed!\r\n");
    expect(c).not.toContain("Phase 9");
    expect(s.current.halted).toBeNull();
    const note = s.events().find((e) => e.kind === "note" && e.text.includes("out of fuel"));
    expect(note?.kind === "note" && note.text).toMatch(
      /wasmi in PID 1: run_guest\(\) → trapped: out of fuel/,
    );
  });

  test("add and run_guest run on one instance: what add leaves in memory, run_guest prints", () => {
    // user/init/src/main.rs instantiates once and calls both exports on that instance (one Store).
    const s = runInit(`(module
      (import "env" "host_print" (func $p (param i32 i32)))
      (memory (export "memory") 1)
      (func (export "add") (param i32 i32) (result i32)
        (i32.store8 (i32.const 0) (i32.add (local.get 0) (local.get 1)))
        (i32.add (local.get 0) (local.get 1)))
      (func (export "run_guest") (call $p (i32.const 0) (i32.const 1))))`);
    expect(s.current.console).toContain("[init]   Result: 42\r\n");
    expect(s.current.console).toContain(
      "(Wasm will call host_print -> COM1 via IoPort cap)\r\n*[init]   run_guest()",
    );
    // Time travel rebuilds the instance from the machine's state, and prints the same.
    const end = s.tick;
    s.seek(0);
    s.seek(end);
    expect(s.current.console).toContain("\r\n*[init]   run_guest()");
  });

  test("a guest without add says so, as upstream's init does", () => {
    const s = runInit(`(module (memory (export "memory") 1) (func (export "run_guest")))`);
    expect(s.current.console).toContain("[init] FATAL: export 'add' not found!\r\n");
  });

  test("guest text that does not compile is a scenario error naming the problem", () => {
    const r = Session.open(quietBoot("(module (func i32.nope))"), { compileGuest: compileGuestText });
    expect(r.ok ? [] : r.errors).toEqual([
      "wasmGuest: the Wasm guest does not compile: Unknown instruction i32.nope",
    ]);
  });
});
