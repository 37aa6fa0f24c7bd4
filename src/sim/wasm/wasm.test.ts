import { describe, expect, test } from "vitest";
import { compileGuestText, padToSize } from "./compile-wat";
import { GUEST_FUEL } from "./fuel";
import { HELLO_WASM_BYTES, HELLO_WASM_PADDING_NOTE, HELLO_WASM_WAT } from "./hello-wasm";
import { callWasmi } from "./wasmi";

const call = (bytes: Uint8Array, exportName: string, args: number[] = [], wantsI32 = false) =>
  callWasmi({ module: bytes, exportName, args, wantsI32, printCapacity: 256 });
const guest = (text: string) => {
  const r = compileGuestText(text);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
};

describe("the Wasm guest", () => {
  test("the shipped hello_wasm bytes are exactly what its text compiles to, at upstream's 549 bytes", () => {
    expect(padToSize(guest(HELLO_WASM_WAT), 549, HELLO_WASM_PADDING_NOTE)).toEqual(HELLO_WASM_BYTES);
    expect(HELLO_WASM_BYTES.length).toBe(549);
    const m = new WebAssembly.Module(new Uint8Array(HELLO_WASM_BYTES));
    expect(WebAssembly.Module.customSections(m, "sim.padding")).toHaveLength(1);
  });

  test("it has upstream's interface: add(10, 32) is 42 and run_guest prints through host_print", () => {
    expect(call(HELLO_WASM_BYTES, "add", [10, 32], true)).toMatchObject({ status: "ok", result: 42 });
    const run = call(HELLO_WASM_BYTES, "run_guest");
    expect(run.status).toBe("ok");
    expect(new TextDecoder().decode(run.printed)).toBe("Hello from the Wasm Sandbox!\n");
  });

  test("an endless loop, folded or flat, runs out of fuel and stops with a clear message", () => {
    for (const body of ["(loop $l (br $l))", "loop $l br $l end", "(block (loop (br 0)))"]) {
      const r = call(guest(`(module (func (export "run_guest") ${body}))`), "run_guest");
      expect(r.status, body).toBe("trapped");
      expect(r.detail).toBe(
        `out of fuel: ${GUEST_FUEL.toLocaleString("en")} loop iterations and calls, so the guest was stopped`,
      );
    }
  });

  test("a trap, a missing export, a wrong result and bytes that are not Wasm each say what happened", () => {
    expect(call(guest('(module (func (export "run_guest") unreachable))'), "run_guest")).toMatchObject({
      status: "trapped",
      detail: "trap: unreachable",
    });
    expect(call(HELLO_WASM_BYTES, "nope").status).toBe("no-export");
    expect(call(HELLO_WASM_BYTES, "run_guest", [], true).status).toBe("bad-return");
    expect(call(Uint8Array.from([0, 97, 115, 109, 9]), "add").status).toBe("parse-failed");
    expect(call(new Uint8Array(5000), "add").detail).toMatch(/at most 4096/);
  });

  test("a module compiled elsewhere, without fuel, is refused rather than run", () => {
    // The same module, by hand, without the fuel global: it could loop forever, so it must not run.
    const noFuel = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0]);
    expect(call(noFuel, "add")).toMatchObject({
      status: "parse-failed",
      detail: expect.stringMatching(/fuel/),
    });
  });

  test("text that does not compile is an error, not an exception", () => {
    const r = compileGuestText('(module (func (export "x") i32.bogus))');
    expect(r).toEqual({ ok: false, error: "the Wasm guest does not compile: Unknown instruction i32.bogus" });
    expect(compileGuestText("(func)").ok).toBe(false);
    expect(compileGuestText("(((").ok).toBe(false);
  });

  test("host_print with a range past the memory's end, or without an export named memory, prints nothing", () => {
    // user/init/src/main.rs: host_print returns early when get_export("memory") fails, and when
    // Memory::read fails for [ptr, ptr + len) past the end: nothing at all is printed, not NULs.
    const printing = (memory: string, ptr: number, len: number) =>
      call(
        guest(`(module (import "env" "host_print" (func $p (param i32 i32))) ${memory}
          (func (export "run_guest") (call $p (i32.const ${ptr}) (i32.const ${len}))))`),
        "run_guest",
      );
    const inside = printing('(memory (export "memory") 1) (data (i32.const 65530) "abcdef")', 65530, 6);
    expect(new TextDecoder().decode(inside.printed)).toBe("abcdef");
    for (const [memory, ptr, len] of [
      ['(memory (export "memory") 1)', 65530, 7],
      ['(memory (export "memory") 1)', 70000, 1],
      ['(memory (export "memory") 1)', -1, 2],
      ['(memory (export "mem") 1) (data (i32.const 0) "hi")', 0, 2],
      ['(memory 1) (data (i32.const 0) "hi")', 0, 2],
      ["", 0, 2],
    ] as const) {
      const r = printing(memory, ptr, len);
      expect(r.status, `${memory} ${ptr} ${len}`).toBe("ok");
      expect(r.printed, `${memory} ${ptr} ${len}`).toEqual(new Uint8Array(0));
    }
  });

  test("calls after instantiate share one instance: memory and globals carry over, as in upstream's Store", () => {
    const bytes = guest(`(module
      (import "env" "host_print" (func $p (param i32 i32)))
      (memory (export "memory") 1)
      (global $calls (mut i32) (i32.const 0))
      (data (i32.const 0) "0")
      (func (export "add") (param i32 i32) (result i32)
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (i32.store8 (i32.const 0) (i32.add (i32.load8_u (i32.const 0)) (local.get 0)))
        (global.get $calls))
      (func (export "run_guest") (call $p (i32.const 0) (i32.const 1))))`);
    const run = (exportName: string, g: ReturnType<typeof call>["guest"], args: number[] = []) =>
      callWasmi({ module: bytes, exportName, args, wantsI32: exportName === "add", printCapacity: 8 }, g);
    const made = run("", null);
    const first = run("add", made.guest, [1]);
    const second = run("add", first.guest, [2]);
    expect([first.result, second.result]).toEqual([1, 2]);
    expect(new TextDecoder().decode(run("run_guest", second.guest).printed)).toBe("3");
    // A new instantiate starts again from the module's own data and globals.
    expect(run("add", run("", second.guest).guest, [1]).result).toBe(1);
    // The state is plain data: a machine snapshot can hold it.
    expect(structuredClone(second.guest)).toEqual(second.guest);
  });

  test("the guest's own globals keep their indices when fuel is added", () => {
    const bytes = guest(`(module (global $g (mut i32) (i32.const 7))
      (func (export "get") (result i32) (global.get 0)))`);
    expect(call(bytes, "get", [], true)).toMatchObject({ status: "ok", result: 7 });
  });
});
