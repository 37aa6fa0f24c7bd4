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

  test("the guest's own globals keep their indices when fuel is added", () => {
    const bytes = guest(`(module (global $g (mut i32) (i32.const 7))
      (func (export "get") (result i32) (global.get 0)))`);
    expect(call(bytes, "get", [], true)).toMatchObject({ status: "ok", result: 7 });
  });
});
