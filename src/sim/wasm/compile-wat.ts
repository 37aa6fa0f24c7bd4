/**
 * Compiles a Wasm guest from its text (WAT) with watr, a small maintained WAT compiler, after adding fuel
 * (fuel.ts). Kept out of the engine's core: the engine takes a compiled guest, so a page loads this only
 * when a reader edits the guest's text.
 */
import compile from "watr/compile";
import parse from "watr/parse";
import { addFuel } from "./fuel";

export type CompiledGuest = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Never throws: a text that does not compile is an error naming what watr found. */
export function compileGuestText(text: string): CompiledGuest {
  try {
    const bytes = compile(addFuel(parse(text))) as Uint8Array;
    return { ok: true, bytes: Uint8Array.from(bytes) };
  } catch (e) {
    return { ok: false, error: `the Wasm guest does not compile: ${(e as Error).message}` };
  }
}

const leb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};

/**
 * The module grown to exactly `size` bytes by a custom section (which no engine runs), so the initrd lists
 * hello_wasm.wasm at the 549 bytes of upstream's Rust build. Returns the bytes as they are when they are
 * already that big or bigger.
 */
export function padToSize(bytes: Uint8Array, size: number, note: string): Uint8Array {
  const name = [...new TextEncoder().encode("sim.padding")];
  const text = [...new TextEncoder().encode(note)];
  for (let contents = size - bytes.length - 2; contents > 0; contents--) {
    const header = [0, ...leb(contents)];
    if (header.length + contents !== size - bytes.length) continue;
    const body = [...leb(name.length), ...name, ...text];
    if (body.length > contents) return bytes;
    const out = new Uint8Array(size);
    out.set(bytes);
    out.set([...header, ...body], bytes.length);
    return out;
  }
  return bytes;
}
