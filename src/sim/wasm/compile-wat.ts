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
